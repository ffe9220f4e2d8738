// 补退费 (rule 15): the request form's checks (amount, bill month, evidence), its figures for
// the chain preview, where the server's objections go, and the shaping of the lists, the
// analysis and its CSV. Money stays a decimal string: nothing here goes through a float.
import type { FormInstance, UploadFile } from 'antd';
import { applyUserErrors, type UserErrorLike } from '../../components/errors';
import type { AdjustmentAction, AdjustmentFiguresInput, AdjustmentCause, AdjustmentStatus } from '../../gql/graphql';
import { currentMonth, shiftMonth } from '../kpi/month';
import { type Cell, buildCsv } from '../kpi/kpiData';
import { cmp, dec, money } from '../proposals/decimal';

/** The largest adjustment taken, either way (元). */
export const MAX_AMOUNT = '1000000';
/** How far back a bill may be corrected, in months. */
export const MONTHS_BACK = 24;
/** Evidence files per request. */
export const MAX_FILES = 5;
/** Bytes per evidence file. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** What the file picker offers: PDF and the two image kinds the server reads. */
export const EVIDENCE_ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

const EVIDENCE_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];
const EVIDENCE_EXTENSIONS = /\.(pdf|png|jpe?g)$/i;

/** Refund (退费, sent positive) or back-charge (补收, sent negative). */
export type Direction = 'refund' | 'backCharge';

// ---------------------------------------------------------------- amount

const PLAIN_AMOUNT = /^\d+(\.\d{1,2})?$/;

/** What is wrong with an amount typed (its size, without a sign): not money, or out of range. */
export function amountProblem(raw: string | null | undefined): 'format' | 'range' | null {
  const s = (raw ?? '').trim();
  if (!PLAIN_AMOUNT.test(s)) return 'format';
  const d = dec(s);
  if (d.units === 0n || cmp(d, dec(MAX_AMOUNT)) > 0) return 'range';
  return null;
}

/** The amount as the API takes it: two decimals, negative for a back-charge. */
export function signedAmount(direction: Direction, raw: string): string {
  const size = money(dec(raw.trim()));
  return direction === 'backCharge' ? `-${size}` : size;
}

/** Which way an amount goes and its size (`"-120.00"` → back-charge of `"120.00"`). */
export function amountSide(amount: string): { direction: Direction; size: string } {
  const s = amount.trim();
  return s.startsWith('-') ? { direction: 'backCharge', size: s.slice(1) } : { direction: 'refund', size: s.replace(/^\+/, '') };
}

// ---------------------------------------------------------------- bill month and account

/** The months a bill may be corrected for, newest first: this month (Beijing) and the 24 before. */
export function billMonths(now: Date = new Date()): string[] {
  const current = currentMonth(now);
  return Array.from({ length: MONTHS_BACK + 1 }, (_, i) => shiftMonth(current, -i));
}

/** An account number the server takes: 1–32 letters, digits or dashes. */
export function validAccount(raw: string | null | undefined): boolean {
  return /^[A-Za-z0-9-]{1,32}$/.test((raw ?? '').trim());
}

// ---------------------------------------------------------------- evidence

export interface FileLike {
  name: string;
  type?: string;
  size?: number;
}

/** What is wrong with one evidence file before it is sent: its kind, or its size. */
export function evidenceProblem(file: FileLike): 'type' | 'size' | null {
  const typed = file.type ? EVIDENCE_TYPES.includes(file.type) : EVIDENCE_EXTENSIONS.test(file.name);
  if (!typed) return 'type';
  if ((file.size ?? 0) > MAX_FILE_BYTES) return 'size';
  return null;
}

/** What is wrong with the number of evidence files: none, or more than five. */
export function evidenceCountProblem(count: number): 'none' | 'tooMany' | null {
  if (count === 0) return 'none';
  if (count > MAX_FILES) return 'tooMany';
  return null;
}

/** A file's size for people: `820 KB`, `1.5 MB`. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(Math.round((bytes / (1024 * 1024)) * 10) / 10).toFixed(1)} MB`;
}

export const isImage = (contentType: string) => contentType === 'image/png' || contentType === 'image/jpeg';

/** An image's content as a `data:` URL for a preview. */
export function dataUrl(contentType: string, base64: string): string {
  return `data:${contentType};base64,${base64}`;
}

/**
 * The server's objections to a request, split: those about the evidence (`evidence`,
 * `evidence.N`, shown on the upload field, each naming its file as `name：message`) and the rest
 * (for the form's other fields).
 */
export function splitEvidenceErrors(
  errors: readonly UserErrorLike[],
  fileNames: readonly string[],
  sep: string,
  field = 'evidence',
): { evidence: string[]; rest: UserErrorLike[] } {
  const evidence: string[] = [];
  const rest: UserErrorLike[] = [];
  for (const e of errors) {
    const path = e.field[0] === 'input' ? e.field.slice(1) : e.field;
    if (path[0] !== field) {
      rest.push(e);
      continue;
    }
    const i = path.length > 1 && /^\d+$/.test(path[1]) ? Number(path[1]) : null;
    const name = i === null ? undefined : fileNames[i];
    evidence.push(name ? `${name}${sep}${e.message}` : e.message);
  }
  return { evidence, rest };
}

/**
 * Puts the server's objections on `form`: those about the files on the upload field `field`
 * (each naming its file), the rest on their fields. Answers what fits no field, for a message.
 */
export function applyFileErrors(
  form: FormInstance,
  errors: readonly UserErrorLike[],
  files: readonly UploadFile[],
  field: string,
  sep: string,
  strip: string[] = [],
): string[] {
  const { evidence, rest } = splitEvidenceErrors(
    errors,
    files.map((f) => f.name),
    sep,
    field,
  );
  if (evidence.length) form.setFields([{ name: field, errors: evidence }]);
  return applyUserErrors(form, rest, strip);
}

// ---------------------------------------------------------------- the chain preview's figures

export interface FiguresValues {
  groupId?: string;
  memberId?: string;
  accountNo?: string;
  month?: string;
  direction?: Direction;
  amount?: string;
  cause?: AdjustmentCause;
}

/**
 * The figures to preview the chain with, once the form has enough of them right; `null` while
 * something is missing or wrong (the preview waits).
 */
export function figuresInput(v: FiguresValues, now: Date = new Date()): AdjustmentFiguresInput | null {
  if (!v.groupId || !v.cause || !v.direction || !v.month) return null;
  if (!billMonths(now).includes(v.month)) return null;
  if (amountProblem(v.amount) !== null) return null;
  const account = v.accountNo?.trim() || null;
  if (account ? !validAccount(account) : !v.memberId) return null;
  return {
    groupId: v.groupId,
    memberId: v.memberId || null,
    accountNo: account,
    month: v.month,
    amount: signedAmount(v.direction, v.amount!),
    cause: v.cause,
  };
}

// ---------------------------------------------------------------- lists

/** The list's tabs: all, then the stages in order (the AdjustmentStatus labels name them). */
export const STATUS_TABS = ['ALL', 'PENDING', 'APPROVED', 'EXECUTED', 'CHECKED', 'AUDITED'] as const;
export type StatusTab = (typeof STATUS_TABS)[number];

export function readTab(raw: string | null): StatusTab {
  return (STATUS_TABS as readonly string[]).includes(raw ?? '') ? (raw as StatusTab) : 'ALL';
}

/** The `status` argument of a tab: none for all. */
export function tabStatus(tab: StatusTab): AdjustmentStatus[] | null {
  return tab === 'ALL' ? null : [tab];
}

export const STATUS_COLORS: Record<AdjustmentStatus, string> = {
  PENDING: 'processing',
  APPROVED: 'orange',
  EXECUTED: 'gold',
  CHECKED: 'cyan',
  AUDITED: 'green',
  REJECTED: 'red',
  WITHDRAWN: 'default',
};

/** The order the detail page offers its actions in: billing's stage first, withdrawing last. */
const ACTION_ORDER: AdjustmentAction[] = [
  'EXECUTE_BILLING_ADJUSTMENT',
  'CHECK_BILLING_ADJUSTMENT',
  'AUDIT_BILLING_ADJUSTMENT',
  'WITHDRAW_BILLING_ADJUSTMENT',
];

export function orderedActions(allowed: readonly AdjustmentAction[]): AdjustmentAction[] {
  return ACTION_ORDER.filter((a) => allowed.includes(a));
}

// ---------------------------------------------------------------- analysis

/** The size bands from their lower bounds: each reaches the next one's; the last is open. */
export function bands(froms: readonly string[]): { from: string; to: string | null }[] {
  return froms.map((from, i) => ({ from, to: froms[i + 1] ?? null }));
}

export interface AnalysisRow {
  code: string;
  month: string;
  customerName: string;
  accountNo: string;
  amount: string;
  cause: string;
  causeText: string;
  rectification: string;
  status: string;
  requester?: string | null;
  department?: string | null;
}

/** The month's adjustments as a CSV file's text (with the byte order mark), one per line. */
export function analysisCsv(header: readonly string[], rows: readonly AnalysisRow[]): string {
  const cells = (r: AnalysisRow): Cell[] => [
    r.code,
    r.month,
    r.customerName,
    r.accountNo,
    r.amount,
    r.cause,
    r.causeText,
    r.rectification,
    r.status,
    r.requester ?? '',
    r.department ?? '',
  ];
  return buildCsv(header, rows.map(cells));
}
