// Pure rules of the admin screens: the approval matrix's form ↔ API input, the calendar's day
// ranges, and how a scheduled job's period and run read.
import type { AdminJobRunFragment, DayKind, MatrixRuleInput, Role, UpdateApprovalMatrixInput } from '../../gql/graphql';

// ---------- Approval matrix ----------

/** Roles an approval chain may hold, lowest authority first (the order a chain is shown in). */
export const CHAIN_ROLES: Role[] = ['DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER'];

export interface MatrixRuleForm {
  /** 月优惠金额 at least this (元); blank when the rule does not look at the amount. */
  minMonthlyDiscount: string;
  /** Some line discounted more than this percent; blank when the rule does not look at lines. */
  lineDiscountAbovePercent: string;
  chain: Role[];
}

export interface MatrixForm {
  rules: MatrixRuleForm[];
}

interface MatrixLike {
  number: number;
  rules: readonly { minMonthlyDiscount?: string | null; lineDiscountAbovePercent?: string | null; chain: readonly Role[] }[];
}

/** The matrix in force as the editor's values (a missing condition is a blank field). */
export function matrixToForm(m: MatrixLike): MatrixForm {
  return {
    rules: m.rules.map((r) => ({
      minMonthlyDiscount: r.minMonthlyDiscount ?? '',
      lineDiscountAbovePercent: r.lineDiscountAbovePercent ?? '',
      chain: sortChain(r.chain),
    })),
  };
}

/** A chain without repeats, in authority order (the roles act in any order; this is how it reads). */
export function sortChain(chain: readonly Role[]): Role[] {
  const known = CHAIN_ROLES.filter((r) => chain.includes(r));
  const other = chain.filter((r, i) => !CHAIN_ROLES.includes(r) && chain.indexOf(r) === i);
  return [...known, ...other];
}

function blankToNull(s: string | null | undefined): string | null {
  const v = (s ?? '').trim();
  return v === '' ? null : v;
}

/**
 * The editor's values as `updateApprovalMatrix`'s input: amounts exactly as typed (trimmed),
 * blank conditions as null, the number the admin last saw to detect a concurrent change.
 */
export function formToMatrixInput(values: MatrixForm, expectedNumber: number): UpdateApprovalMatrixInput {
  const rules: MatrixRuleInput[] = (values.rules ?? []).map((r) => ({
    minMonthlyDiscount: blankToNull(r.minMonthlyDiscount),
    lineDiscountAbovePercent: blankToNull(r.lineDiscountAbovePercent),
    chain: sortChain(r.chain ?? []),
  }));
  return { expectedNumber, rules };
}

/** A non-negative amount or percent with at most two decimals, e.g. `200`, `30.5`, `499.99`. */
export function isDecimal(s: string): boolean {
  return /^\d{1,12}(\.\d{1,2})?$/.test(s.trim());
}

// ---------- Calendar ----------

/** The first and last day of a year, the calendar query's range. */
export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** Every day from `from` to `to` inclusive (`YYYY-MM-DD`), at most `max`; empty when reversed. */
export function daysBetween(from: string, to: string, max = 62): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d <= end && out.length < max) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

export interface CalendarForm {
  /** First and last day (the same for one day). */
  days: [string, string];
  kind: DayKind;
  name: string;
  care: boolean;
}

/** One `setCalendarDay` input per day of the range, the name trimmed. */
export function calendarInputs(v: CalendarForm): { day: string; kind: DayKind; name: string; care: boolean }[] {
  return daysBetween(v.days[0], v.days[1]).map((day) => ({ day, kind: v.kind, name: v.name.trim(), care: !!v.care }));
}

/** The weekday of a day, 0 = Sunday … 6 = Saturday (the calendar is about weekends). */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

// ---------- Scheduler ----------

export type Every = { unit: 'day' | 'hour' | 'minute' | 'second'; n: number };

/** A job's period in the largest whole unit: 86400 → 1 day, 900 → 15 minutes, 90 → 90 seconds. */
export function every(seconds: number): Every {
  if (seconds > 0 && seconds % 86400 === 0) return { unit: 'day', n: seconds / 86400 };
  if (seconds > 0 && seconds % 3600 === 0) return { unit: 'hour', n: seconds / 3600 };
  if (seconds > 0 && seconds % 60 === 0) return { unit: 'minute', n: seconds / 60 };
  return { unit: 'second', n: seconds };
}

/** A run's status (the schema's `RunStatus`; the contract called it `JobRunStatus`). */
export type RunState = AdminJobRunFragment['status'];

/** The tag colour of a run's status. */
export const RUN_COLORS: Record<RunState, string> = {
  RUNNING: 'processing',
  SUCCEEDED: 'success',
  FAILED: 'error',
  SKIPPED: 'default',
};

/** How long a run took, in whole seconds; null while it runs. */
export function runSeconds(run: { startedAt: string; finishedAt?: string | null }): number | null {
  if (!run.finishedAt) return null;
  return Math.max(0, Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000));
}

/** True while another server process holds the job's lease (it is running there now). */
export function leaseHeld(job: { leasedBy?: string | null; leasedUntil?: string | null }, nowMs: number): boolean {
  return !!job.leasedBy && !!job.leasedUntil && Date.parse(job.leasedUntil) > nowMs;
}
