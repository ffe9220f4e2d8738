// 号码选择 (rule 10): how a fixed-line number's grade reads, who may choose a job's number,
// and what an answer of the grade check means.
import type { CombinedError } from 'urql';
import { errorCode } from '../../api/client';
import type { JobAction, NumberGrade, NumberStatus, Role } from '../../gql/graphql';
import { cmp, dec, money } from '../proposals/decimal';

/** Tag colours: the rarer the number, the warmer. */
export const GRADE_COLORS: Record<NumberGrade, string> = { A: 'red', B: 'orange', C: 'blue', D: 'default' };

export const NUMBER_STATUS_COLORS: Record<NumberStatus, string> = {
  NONE: 'default',
  PENDING_APPROVAL: 'processing',
  APPROVED: 'success',
  REJECTED: 'error',
};

interface GradeInfo {
  grade: NumberGrade;
  pattern: string;
  prestore: string;
  monthlyMinimum: string;
  approvalRole?: Role | null;
}

/** True for a decimal string above zero, read without floats (`"0.00"` → false, `"3600.00"` → true). */
export function positive(amount: string): boolean {
  const s = amount.trim();
  return !s.startsWith('-') && /[1-9]/.test(s);
}

export interface GradeView {
  color: string;
  /** The digits' pattern, e.g. `XXXAAAA`; null when the number has none (丁). */
  pattern: string | null;
  /** The customer pays a prestore or a monthly minimum for this number. */
  charged: boolean;
  /** Whose approval choosing it needs; null when none. */
  approvalRole: Role | null;
  /** A justification must go with the choice (it raises an approval request). */
  needsJustification: boolean;
}

/** What the grade check's answer shows. */
export function gradeView(info: GradeInfo): GradeView {
  const approvalRole = info.approvalRole ?? null;
  return {
    color: GRADE_COLORS[info.grade],
    pattern: info.pattern ? info.pattern : null,
    charged: positive(info.prestore) || positive(info.monthlyMinimum),
    approvalRole,
    needsJustification: approvalRole !== null,
  };
}

/** The number is chosen by whoever the server offers it to (the account side, before work starts). */
export function canSelectNumber(job: { allowedActions: readonly JobAction[] }): boolean {
  return job.allowedActions.includes('SELECT_JOB_NUMBER');
}

/** Work cannot start while the chosen number waits for approval or was refused. */
export function startBlocked(job: { numberStatus: NumberStatus }): boolean {
  return job.numberStatus === 'PENDING_APPROVAL' || job.numberStatus === 'REJECTED';
}

/** The number as typed, without the spaces and dashes people write in phone numbers. */
export function cleanNumber(s: string): string {
  return s.replace(/[\s\-()（）]/g, '');
}

/** Worth checking as the user types: 7 or more digits, nothing else (the server judges the rest). */
export function checkable(s: string): boolean {
  return /^\d{7,}$/.test(cleanNumber(s));
}

/** Codes of a refused number: the contract's `INVALID`, and `BAD_USER_INPUT` (the only input is the number). */
const REFUSED = ['INVALID', 'BAD_USER_INPUT'];

/**
 * What a failed grade check says: the server's reason under the input when it refused the
 * number itself, else a failure of the request.
 */
export function checkFailure(error: CombinedError | undefined): { invalid: string } | { failed: string } | null {
  if (!error) return null;
  const invalid = error.graphQLErrors.find((e) => REFUSED.includes(errorCode(e) ?? ''));
  if (invalid) return { invalid: invalid.message };
  return { failed: error.graphQLErrors.map((e) => e.message).join('；') || error.message };
}

/** A prestore waiver (预存款减免, rule 17) may be asked on a number whose grade has a prestore (甲, 乙, 丙). */
export function waivable(info: { grade: NumberGrade; prestore: string }): boolean {
  return info.grade !== 'D' && positive(info.prestore);
}

/**
 * What is wrong with a waiver typed (empty is none asked): not money with at most two decimals,
 * or not more than 0 and at most the grade's prestore. Exact, without floats.
 */
export function waiverProblem(raw: string | null | undefined, prestore: string): 'format' | 'range' | null {
  const s = (raw ?? '').trim();
  if (!s) return null;
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return 'format';
  const d = dec(s);
  if (d.units === 0n || cmp(d, dec(prestore)) > 0) return 'range';
  return null;
}

/** The waiver as the API takes it (two decimals), or `null` when none is asked. */
export function waiverAmount(raw: string | null | undefined): string | null {
  const s = (raw ?? '').trim();
  return s ? money(dec(s)) : null;
}
