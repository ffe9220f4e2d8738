// The two clocks of a disconnection request (rule 14): reach the customer within 4 working
// hours, finish within 2 working days (the server computes both due times on the calendar).
import { formatClock } from '../installs/logic';

interface ClockLike {
  contactDueAt: string;
  finishDueAt: string;
  contactedAt?: string | null;
  finishedAt?: string | null;
  contactBreached: boolean;
  finishBreached: boolean;
}

export type ClockKey = 'contactLeft' | 'contactOver' | 'finishLeft' | 'finishOver' | 'contactedLate' | 'finishedLate';

export interface Clock {
  key: ClockKey;
  /** The time left or past, while the clock runs. */
  clock?: string;
  late: boolean;
}

function running(due: string, breached: boolean, nowMs: number, left: ClockKey, over: ClockKey): Clock {
  const seconds = Math.ceil((Date.parse(due) - nowMs) / 1000);
  if (seconds > 0 && !breached) return { key: left, clock: formatClock(seconds), late: false };
  return { key: over, clock: formatClock(Math.max(0, -seconds)), late: true };
}

/** What to show: the running clock(s), or how a finished one ended when late. */
export function retentionClocks(r: ClockLike, nowMs: number): Clock[] {
  const out: Clock[] = [];
  if (!r.contactedAt && !r.finishedAt) out.push(running(r.contactDueAt, r.contactBreached, nowMs, 'contactLeft', 'contactOver'));
  else if (r.contactBreached) out.push({ key: 'contactedLate', late: true });
  if (!r.finishedAt) out.push(running(r.finishDueAt, r.finishBreached, nowMs, 'finishLeft', 'finishOver'));
  else if (r.finishBreached) out.push({ key: 'finishedLate', late: true });
  return out;
}
