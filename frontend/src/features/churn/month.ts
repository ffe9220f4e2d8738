// 拍照月: a month (`YYYY-MM`) that is not after the current month in Beijing.
import { beijingDate } from '../../components/format';

/** The current month in Beijing, `YYYY-MM`. */
export function beijingMonth(now: Date = new Date()): string {
  return beijingDate(now).slice(0, 7);
}

/** Whether `month` (`YYYY-MM`) is after the current Beijing month (not allowed as a baseline). */
export function isFutureMonth(month: string, now: Date = new Date()): boolean {
  return month > beijingMonth(now);
}
