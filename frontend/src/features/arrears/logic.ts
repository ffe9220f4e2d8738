// 欠费催缴 (rule 16): the checks of the call-or-letter and payment dialogs, how the notice
// button stands, the list's filters, the age bands and the report's CSV. Money stays a decimal
// string; dates are Beijing calendar days (`YYYY-MM-DD`) counted without a time zone.
import type { Offer } from '../../components/offers';
import type { ArrearsAction, ArrearsStatus } from '../../gql/graphql';
import { type Cell, buildCsv } from '../kpi/kpiData';
import { cmp, dec } from '../proposals/decimal';

/** How far ahead a payment date may be agreed, in days. */
export const AGREE_DAYS = 90;
/** How far back a payment may be dated, in days. */
export const PAID_DAYS = 90;

// ---------------------------------------------------------------- days

/** The day `n` days after `day` (`YYYY-MM-DD`; before it when `n` is negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The agreed date: from today to 90 days ahead. */
export function agreedOnProblem(day: string | null | undefined, today: string): 'missing' | 'range' | null {
  if (!day || !DAY.test(day)) return 'missing';
  return day < today || day > addDays(today, AGREE_DAYS) ? 'range' : null;
}

/** The day paid: within the last 90 days, not after today. */
export function paidOnProblem(day: string | null | undefined, today: string): 'missing' | 'range' | null {
  if (!day || !DAY.test(day)) return 'missing';
  return day > today || day < addDays(today, -PAID_DAYS) ? 'range' : null;
}

/** A `datetime-local` value (Beijing wall time, `YYYY-MM-DDTHH:mm`) from `formatDateTime`'s text. */
export function toLocalInput(beijing: string): string {
  return beijing.replace(' ', 'T');
}

/**
 * The call's or letter's times, as the server checks a visit's: the end after the start, at
 * most a day long, not in the future (five minutes' grace). Times are `datetime-local` values in
 * Beijing time; `now` is the Beijing wall time in the same form.
 */
export function contactTimeProblem(start: string | undefined, end: string | undefined, now: string): 'endBeforeStart' | 'tooLong' | 'future' | null {
  if (!start || !end) return null;
  const ms = (s: string) => Date.parse(`${s}:00Z`);
  const s = ms(start);
  const e = ms(end);
  if (!(e > s)) return 'endBeforeStart';
  if (e - s > 24 * 3600_000) return 'tooLong';
  if (e > ms(now) + 5 * 60_000) return 'future';
  return null;
}

// ---------------------------------------------------------------- payments

/** A payment's amount: more than 0, at most two decimals, at most what is still owed. */
export function paymentProblem(raw: string | null | undefined, outstanding: string): 'format' | 'range' | null {
  const s = (raw ?? '').trim();
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return 'format';
  const d = dec(s);
  if (d.units === 0n || cmp(d, dec(outstanding)) > 0) return 'range';
  return null;
}

/** An official receipt number: 4–40 letters, digits or dashes. */
export function validReceipt(raw: string | null | undefined): boolean {
  return /^[A-Za-z0-9-]{4,40}$/.test((raw ?? '').trim());
}

// ---------------------------------------------------------------- the notice

interface NoticeLike {
  allowedActions: readonly ArrearsAction[];
  noticeBlocked?: { message: string } | null;
}

/**
 * How the notice button stands: enabled when the server offers it; disabled with the server's
 * reason when refused for now to whoever works the item (no call yet, the agreed date not
 * passed); absent for a viewer who does not work it.
 */
export function noticeOffer(item: NoticeLike): Offer {
  if (item.allowedActions.includes('ISSUE_ARREARS_NOTICE')) return { shown: true, enabled: true };
  if (item.noticeBlocked && item.allowedActions.length > 0) return { shown: true, enabled: false, reason: item.noticeBlocked.message };
  return { shown: false, enabled: false };
}

// ---------------------------------------------------------------- lists and figures

/** The list's state filter: those still owed (the default), one state, or all. */
export const STATUS_FILTERS = ['OWED', 'OPEN', 'CONTACTED', 'NOTICED', 'PAID', 'ALL'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export function filterStatus(f: StatusFilter): ArrearsStatus[] | null {
  if (f === 'ALL') return null;
  if (f === 'OWED') return ['OPEN', 'CONTACTED', 'NOTICED'];
  return [f];
}

export const STATUS_COLORS: Record<ArrearsStatus, string> = {
  OPEN: 'red',
  CONTACTED: 'orange',
  NOTICED: 'magenta',
  PAID: 'green',
};

/** An age band as words take it: one month, a span, or over some months. */
export type AgeBand = { kind: 'single'; n: number } | { kind: 'range'; from: number; to: number } | { kind: 'over'; n: number };

export function ageBand(fromMonths: number, toMonths: number | null | undefined): AgeBand {
  if (toMonths == null) return { kind: 'over', n: fromMonths - 1 };
  if (toMonths === fromMonths) return { kind: 'single', n: fromMonths };
  return { kind: 'range', from: fromMonths, to: toMonths };
}

export interface FiguresRow {
  name: string;
  items?: number | null;
  overdue?: string | null;
  collected?: string | null;
  rate?: string | null;
  /** Still owed. */
  outstanding?: string | null;
}

/**
 * The report as a CSV file's text (with the byte order mark): one line per row of each section
 * (total, managers, departments, age bands), the section's title first.
 */
export function reportCsv(header: readonly string[], sections: readonly { title: string; rows: readonly FiguresRow[] }[]): string {
  const rows: Cell[][] = [];
  for (const s of sections) {
    for (const r of s.rows) rows.push([s.title, r.name, r.items, r.overdue, r.collected, r.rate, r.outstanding]);
  }
  return buildCsv(header, rows);
}
