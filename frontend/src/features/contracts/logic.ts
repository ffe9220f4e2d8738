// Pure rules of the contract screens: which step of the lifecycle a contract is at, which
// actions its page offers, how complete its document checklist is, and the form → input
// mappings. No React here, so every rule is tested on its own.
import dayjs from 'dayjs';
import { allowed, offer, type Offer, type Offered } from '../../components/offers';
import { dec, isNegative, isZero, money, sub } from '../proposals/decimal';
import type {
  ContractAction,
  ContractStatus,
  CreateJobInput,
  DocumentKind,
  DocumentStatus,
  IpApplicationInput,
} from '../../gql/graphql';

/** The lifecycle shown in the Steps bar: 草稿 → 审核中 → 已审核 → 已发送客户 → 已签订 → 已生效. */
export const LIFECYCLE: ContractStatus[] = ['DRAFT', 'UNDER_REVIEW', 'REVIEWED', 'SENT', 'SIGNED', 'ACTIVE'];

export interface LifecyclePosition {
  /** Index of the current step in LIFECYCLE. */
  current: number;
  /** antd Steps status of the current step. */
  status: 'process' | 'finish' | 'error';
}

/**
 * Where a contract stands on the lifecycle bar. An expired contract finished every step; a
 * terminated one stopped (in error) at the step it had reached: active when it had been
 * activated, signed otherwise (only signed or active contracts can be terminated).
 */
export function lifecyclePosition(status: ContractStatus, activatedAt?: string | null): LifecyclePosition {
  if (status === 'EXPIRED') return { current: LIFECYCLE.indexOf('ACTIVE'), status: 'finish' };
  if (status === 'TERMINATED') {
    return { current: LIFECYCLE.indexOf(activatedAt ? 'ACTIVE' : 'SIGNED'), status: 'error' };
  }
  const i = LIFECYCLE.indexOf(status);
  return { current: Math.max(0, i), status: status === 'ACTIVE' ? 'finish' : 'process' };
}

/** The buttons of the contract page, in the order they are shown. */
export type ContractButton = 'submit' | 'review' | 'send' | 'sign' | 'pay' | 'activate' | 'terminate';

/** Each button and the server action it takes. */
const BUTTONS: [ContractButton, ContractAction][] = [
  ['submit', 'SUBMIT_CONTRACT_FOR_REVIEW'],
  ['review', 'REVIEW_CONTRACT'],
  ['send', 'SEND_CONTRACT'],
  ['sign', 'SIGN_CONTRACT'],
  ['pay', 'RECORD_PAYMENT'],
  ['activate', 'ACTIVATE_CONTRACT'],
  ['terminate', 'TERMINATE_CONTRACT'],
];

/**
 * The buttons the page shows: the actions the server offers this viewer (its answer already
 * weighs role, scope and the review step), each enabled or blocked with the reason.
 */
export function contractButtons(c: Offered<ContractAction>): { key: ContractButton; offer: Offer }[] {
  return BUTTONS.map(([key, action]) => ({ key, offer: offer(c, action) })).filter((b) => b.offer.shown);
}

/** True while a contract under review waits on someone else (the department head). */
export function waitingForReview(c: Offered<ContractAction> & { status: ContractStatus }) {
  return c.status === 'UNDER_REVIEW' && !allowed(c, 'REVIEW_CONTRACT');
}

/** The checklist in its paper order (QX contract file). */
export const DOCUMENT_ORDER: DocumentKind[] = [
  'SIGNED_COPIES',
  'IP_APPLICATION',
  'NETWORK_COMMITMENT',
  'BUSINESS_LICENCE',
  'HANDLER_ID',
  'DISCOUNT_APPROVAL',
  'PAYMENT_VOUCHER',
];

export function sortDocuments<D extends { kind: DocumentKind }>(docs: readonly D[]): D[] {
  return [...docs].sort((a, b) => DOCUMENT_ORDER.indexOf(a.kind) - DOCUMENT_ORDER.indexOf(b.kind));
}

export interface ChecklistSummary {
  /** Documents the contract needs (not NOT_REQUIRED). */
  required: number;
  received: number;
  /** Missing documents, in checklist order. */
  missing: DocumentKind[];
  complete: boolean;
  /** 0–100, for a progress bar. */
  percent: number;
}

export function checklistSummary(docs: readonly { kind: DocumentKind; status: DocumentStatus }[]): ChecklistSummary {
  const needed = docs.filter((d) => d.status !== 'NOT_REQUIRED');
  const received = needed.filter((d) => d.status === 'RECEIVED').length;
  const missing = sortDocuments(needed.filter((d) => d.status === 'MISSING')).map((d) => d.kind);
  return {
    required: needed.length,
    received,
    missing,
    complete: missing.length === 0,
    percent: needed.length === 0 ? 100 : Math.round((received / needed.length) * 100),
  };
}

/**
 * How a checklist row is recorded: documents with their own form (the IP application, the
 * payment voucher) or given in the system (the discount approval) are not simply ticked.
 */
export type DocumentEntry = 'tick' | 'ipForm' | 'payment' | 'system';

export function documentEntry(kind: DocumentKind): DocumentEntry {
  switch (kind) {
    case 'IP_APPLICATION':
      return 'ipForm';
    case 'PAYMENT_VOUCHER':
      return 'payment';
    case 'DISCOUNT_APPROVAL':
      return 'system';
    default:
      return 'tick';
  }
}

/** The IP address application form (IP地址申请表) as the modal holds it. */
export interface IpFormValues {
  applicant: string;
  customerAddress: string;
  contact: string;
  contactPhone: string;
  mailingAddress: string;
  lineRateMbps: number | null;
  ipCount: number | null;
}

/** Form values → the mutation's `form` input: text trimmed, counts whole numbers. */
export function ipFormToInput(v: IpFormValues): IpApplicationInput {
  return {
    applicant: v.applicant.trim(),
    customerAddress: v.customerAddress.trim(),
    contact: v.contact.trim(),
    contactPhone: v.contactPhone.trim(),
    mailingAddress: v.mailingAddress.trim(),
    lineRateMbps: Math.trunc(Number(v.lineRateMbps ?? 0)),
    ipCount: Math.trunc(Number(v.ipCount ?? 0)),
  };
}

function str(o: Record<string, unknown>, k: string): string | undefined {
  const v = o[k];
  return typeof v === 'string' ? v : undefined;
}

function num(o: Record<string, unknown>, k: string): number | null {
  const v = o[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The modal's starting values: the form already recorded (the document's `details`), or the
 * group's name and address when nothing was recorded yet.
 */
export function ipFormInitial(details: unknown, group?: { name?: string; address?: string } | null): IpFormValues {
  const d = details && typeof details === 'object' ? (details as Record<string, unknown>) : {};
  const address = group?.address ?? '';
  return {
    applicant: str(d, 'applicant') ?? group?.name ?? '',
    customerAddress: str(d, 'customerAddress') ?? address,
    contact: str(d, 'contact') ?? '',
    contactPhone: str(d, 'contactPhone') ?? '',
    mailingAddress: str(d, 'mailingAddress') ?? address,
    lineRateMbps: num(d, 'lineRateMbps'),
    ipCount: num(d, 'ipCount'),
  };
}

/** True when the recorded details hold a filled IP application. */
export function hasIpDetails(details: unknown): details is { applicant: string; lineRateMbps: number; ipCount: number } {
  return !!details && typeof details === 'object' && typeof (details as Record<string, unknown>).applicant === 'string';
}

/** Last day of the term for a start day and a term in months (the server's rule). */
export function termEndPreview(termStart: string | null | undefined, months: number): string | null {
  if (!termStart || !(months > 0)) return null;
  const start = dayjs(termStart, 'YYYY-MM-DD');
  if (!start.isValid()) return null;
  return start.add(months, 'month').subtract(1, 'day').format('YYYY-MM-DD');
}

/** A decimal money string as typed: up to 12 digits, up to 2 decimals, above zero. */
export function validAmount(raw: string | null | undefined): boolean {
  const s = (raw ?? '').trim();
  return /^\d{1,12}(\.\d{1,2})?$/.test(s) && /[1-9]/.test(s);
}

/** One row of the create-job form: a contract line (by position) and how many at this site. */
export interface JobLineRow {
  position?: number | null;
  quantity?: number | null;
}

export interface JobFormValues {
  siteAddress: string;
  siteContact?: string | null;
  sitePhone?: string | null;
  notes?: string | null;
  lines: JobLineRow[];
}

function blankToNull(s: string | null | undefined): string | null {
  const t = (s ?? '').trim();
  return t ? t : null;
}

/**
 * Form values → `CreateJobInput`. Rows keep their order, so the server's errors on
 * `lines.<i>.quantity` land on the row the user sees at index i.
 */
export function jobFormToInput(contractId: string, v: JobFormValues): CreateJobInput {
  return {
    contractId,
    siteAddress: v.siteAddress.trim(),
    siteContact: blankToNull(v.siteContact),
    sitePhone: blankToNull(v.sitePhone),
    notes: blankToNull(v.notes),
    lines: v.lines.map((l) => ({ position: Number(l.position), quantity: Math.trunc(Number(l.quantity)) })),
  };
}

/** Starting rows of the create-job form: every contract line, its whole quantity. */
export function jobFormInitialLines(lines: readonly { position: number; quantity: number }[]): JobLineRow[] {
  return lines.map((l) => ({ position: l.position, quantity: l.quantity }));
}

/** Positions picked more than once in the create-job form. */
export function duplicatePositions(rows: readonly JobLineRow[]): number[] {
  const seen = new Set<number>();
  const dup = new Set<number>();
  for (const r of rows) {
    if (r.position == null) continue;
    if (seen.has(r.position)) dup.add(r.position);
    seen.add(r.position);
  }
  return [...dup];
}

/** How much `paid` falls short of `due` (a decimal string), or `null` when it does not (or is not a valid amount yet). */
export function shortfall(paid: string | null | undefined, due: string): string | null {
  const p = paid?.trim();
  if (!p || !validAmount(p)) return null;
  const gap = sub(dec(due), dec(p));
  return isNegative(gap) || isZero(gap) ? null : money(gap);
}
