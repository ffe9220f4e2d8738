// The reply clock of a complaint (rule 13), and which dialog each offered action opens.
import type { ComplaintAction } from '../../gql/graphql';
import { formatClock } from '../installs/logic';

interface ClockLike {
  replyDueAt: string;
  resolvedAt?: string | null;
  breached: boolean;
}

export type ReplyClock =
  | { kind: 'counting'; clock: string }
  | { kind: 'overdue'; clock: string }
  | { kind: 'answered'; late: boolean };

/** Time left to answer, time past it, or how the answer came: in time or late. */
export function replyClock(c: ClockLike, nowMs: number): ReplyClock {
  const due = Date.parse(c.replyDueAt);
  if (c.resolvedAt) return { kind: 'answered', late: c.breached || Date.parse(c.resolvedAt) > due };
  const left = Math.ceil((due - nowMs) / 1000);
  if (left > 0 && !c.breached) return { kind: 'counting', clock: formatClock(left) };
  return { kind: 'overdue', clock: formatClock(Math.max(0, Math.floor((nowMs - due) / 1000))) };
}

/** The order the detail page offers its actions in: the next step first. */
export const ACTION_ORDER: ComplaintAction[] = [
  'RECORD_COMPLAINT_ACCEPTANCE',
  'RESOLVE_COMPLAINT',
  'HAND_OFF_COMPLAINT',
  'NOTE_COMPLAINT',
];

export function orderedActions(allowed: readonly ComplaintAction[]): ComplaintAction[] {
  return ACTION_ORDER.filter((a) => allowed.includes(a));
}

/** `datetime-local` input (Beijing wall time) to an ISO instant; empty stays empty. */
export function beijingLocalToIso(local: string | undefined | null): string | null {
  if (!local) return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) return null;
  return new Date(`${m[1]}T${m[2]}:${m[3]}:00+08:00`).toISOString();
}
