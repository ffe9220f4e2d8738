// Months as the server writes them, `YYYY-MM`, counted in Beijing time. Pure string arithmetic:
// no Date is built from a month, so no time zone can shift one.
import { beijingDate } from '../../components/format';

const MONTH = /^(\d{4})-(\d{2})$/;

/** True for a well-formed `YYYY-MM` (month 01–12). */
export function isMonth(s: string): boolean {
  const m = MONTH.exec(s);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** The month `n` months after `month` (before it when `n` is negative), across year ends. */
export function shiftMonth(month: string, n: number): string {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + n;
  const year = Math.floor(index / 12);
  const mon = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(mon).padStart(2, '0')}`;
}

/** The current month in Beijing. */
export function currentMonth(now: Date = new Date()): string {
  return beijingDate(now).slice(0, 7);
}

/** The `count` months ending with `end`, oldest first. */
export function monthsEnding(end: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => shiftMonth(end, i - count + 1));
}

/** True when `month` has not begun yet in Beijing (no figures to show). */
export function isFutureMonth(month: string, now: Date = new Date()): boolean {
  return month > currentMonth(now);
}
