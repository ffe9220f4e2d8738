// Pure rules of the installation board: columns, the moves the server offers on a job, what a
// drop on a column means, the fault tickets' 10-minute clock, and the job's timeline.
import dayjs from 'dayjs';
import { allowed, offer, type Offer, type Offered } from '../../components/offers';
import type { FaultAction, FaultStatus, JobAction, JobStatus, Role } from '../../gql/graphql';

/** Board columns, left to right. Cancelled jobs get their own column only when asked for. */
export const BOARD_COLUMNS: JobStatus[] = [
  'CREATED',
  'ACCEPTED',
  'SCHEDULED',
  'POSTPONED',
  'IN_PROGRESS',
  'COMPLETED',
  'CONFIRMED',
];

export function boardColumns(showCancelled: boolean): JobStatus[] {
  return showCancelled ? [...BOARD_COLUMNS, 'CANCELLED'] : BOARD_COLUMNS;
}

/** Groups the jobs by column, keeping their order (newest first, as listed). */
export function byColumn<J extends { status: JobStatus }>(jobs: readonly J[], columns: readonly JobStatus[]) {
  const out = new Map<JobStatus, J[]>(columns.map((c) => [c, []]));
  for (const j of jobs) out.get(j.status)?.push(j);
  return out;
}

/** A move on a job, as its buttons name it; each takes one of the server's actions. */
export type JobMove = 'assign' | 'accept' | 'schedule' | 'postpone' | 'start' | 'complete' | 'confirm' | 'cancel';

export const ACTION_ORDER: JobMove[] = ['assign', 'accept', 'schedule', 'postpone', 'start', 'complete', 'confirm', 'cancel'];

/** The server action (mutation) each move takes. */
export const MOVE_ACTION: Record<JobMove, JobAction> = {
  assign: 'ASSIGN_JOB_LEAD',
  accept: 'ACCEPT_JOB',
  schedule: 'SCHEDULE_JOB',
  postpone: 'POSTPONE_JOB',
  start: 'START_JOB',
  complete: 'COMPLETE_JOB',
  confirm: 'CONFIRM_JOB',
  cancel: 'CANCEL_JOB',
};

/** The column each move leads to (assigning the lead leaves the job where it is). */
export const ACTION_TARGET: Record<JobMove, JobStatus | null> = {
  assign: null,
  accept: 'ACCEPTED',
  schedule: 'SCHEDULED',
  postpone: 'POSTPONED',
  start: 'IN_PROGRESS',
  complete: 'COMPLETED',
  confirm: 'CONFIRMED',
  cancel: 'CANCELLED',
};

export interface BoardViewer {
  id: string;
  role: Role;
}

type JobLike = Offered<JobAction> & { status: JobStatus };

/**
 * The moves offered on a job to the signed-in viewer, in board order: the server's answer
 * (its lead, the account side, the state) — enabled, or blocked with the server's reason.
 */
export function jobMoves(job: JobLike): { move: JobMove; offer: Offer }[] {
  return ACTION_ORDER.map((move) => ({ move, offer: offer(job, MOVE_ACTION[move]) })).filter((m) => m.offer.shown);
}

/**
 * The one move a job's card puts first: its next step forward — not postponing, cancelling or
 * re-assigning; `null` when nothing moves it forward for this viewer now.
 */
export function primaryMove(job: JobLike & { lead?: unknown }): JobMove | null {
  const forward = (m: JobMove) => m !== 'postpone' && m !== 'cancel' && !(m === 'assign' && job.lead);
  return jobMoves(job).find((m) => m.offer.enabled && forward(m.move))?.move ?? null;
}

/** The phone list's sections, in the order the day is worked. */
export type DaySection = 'today' | 'toSchedule' | 'later' | 'toConfirm' | 'closed';

export const DAY_SECTIONS: DaySection[] = ['today', 'toSchedule', 'later', 'toConfirm', 'closed'];

/**
 * "My jobs today": the jobs by when they need the viewer — under way or booked for today (or
 * overdue) first, then those still to book, those booked for later, those waiting for the
 * account side's confirmation, and the closed ones; by day within a section.
 */
export function daySections<J extends { status: JobStatus; scheduledOn?: string | null }>(
  jobs: readonly J[],
  today: string,
): Map<DaySection, J[]> {
  const out = new Map<DaySection, J[]>(DAY_SECTIONS.map((s) => [s, []]));
  const sectionOf = (j: J): DaySection => {
    switch (j.status) {
      case 'IN_PROGRESS':
        return 'today';
      case 'SCHEDULED':
        return j.scheduledOn && j.scheduledOn > today ? 'later' : 'today';
      case 'CREATED':
      case 'ACCEPTED':
      case 'POSTPONED':
        return 'toSchedule';
      case 'COMPLETED':
        return 'toConfirm';
      default:
        return 'closed';
    }
  };
  for (const j of jobs) out.get(sectionOf(j))!.push(j);
  const byDay = (a: J, b: J) =>
    (a.status === 'IN_PROGRESS' ? 0 : 1) - (b.status === 'IN_PROGRESS' ? 0 : 1) ||
    (a.scheduledOn ?? '9999').localeCompare(b.scheduledOn ?? '9999');
  for (const list of out.values()) list.sort(byDay);
  return out;
}

/** A map search for the site's address (opens the map app on a phone). */
export function mapLink(address: string): string {
  return `https://uri.amap.com/search?keyword=${encodeURIComponent(address)}`;
}

export type DropRefusal =
  /** Dropped where it already is: nothing to do, nothing to say. */
  | 'same'
  /** No move the viewer is offered leads from the job's status to that column. */
  | 'notAllowed'
  /** The move is offered but blocked; `reason` says why. */
  | 'blocked';

export type DropResult = { action: JobMove } | { refused: DropRefusal; action?: JobMove; reason?: string };

/** What dropping a job on a column means: the offered move to that column, or why not. */
export function dropAction(job: JobLike, target: JobStatus): DropResult {
  if (target === job.status) return { refused: 'same' };
  const found = jobMoves(job).find((m) => ACTION_TARGET[m.move] === target);
  if (!found) return { refused: 'notAllowed' };
  if (found.offer.enabled) return { action: found.move };
  return { refused: 'blocked', action: found.move, reason: found.offer.reason };
}

// ---- Fault tickets -------------------------------------------------------------------

interface FaultLike {
  status: FaultStatus;
  contactDueAt: string;
  contactedAt?: string | null;
  breached: boolean;
}

export type FaultMove = 'acknowledge' | 'resolve' | 'confirm';

const FAULT_ACTION: [FaultMove, FaultAction][] = [
  ['acknowledge', 'ACKNOWLEDGE_FAULT'],
  ['resolve', 'RESOLVE_FAULT'],
  ['confirm', 'CONFIRM_FAULT_RESOLUTION'],
];

/** The moves offered on a fault: engineering contacted / fixed (the lead); fix confirmed (the account side). */
export function faultMoves(fault: { allowedActions: readonly FaultAction[] }): FaultMove[] {
  return FAULT_ACTION.filter(([, a]) => fault.allowedActions.includes(a)).map(([m]) => m);
}

/** Faults are reported after completion, by whoever the server offers it to. */
export function canReportFault(job: Offered<JobAction>): boolean {
  return allowed(job, 'REPORT_FAULT');
}

/** Seconds as a clock: `09:59`, `1:02:03`, `27:00:00`. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${pad(m)}:${pad(sec)}`;
}

export type SlaState =
  /** Engineering not reached yet, time left. */
  | { kind: 'counting'; seconds: number; clock: string; breached: false }
  /** Engineering not reached and the time is up. */
  | { kind: 'overdue'; seconds: number; clock: string; breached: true }
  /** Engineering reached (in time or late). */
  | { kind: 'contacted'; seconds: number; clock: string; breached: boolean };

/**
 * The fault's engineering-contact clock (联系时限) at `nowMs`: counting down to `contactDueAt`,
 * then counting the overrun; once contacted, how early or late that was. The server's
 * `breached` wins when it already says so (its clock, not the browser's).
 */
export function slaClock(f: FaultLike, nowMs: number): SlaState {
  const due = Date.parse(f.contactDueAt);
  if (f.contactedAt) {
    const at = Date.parse(f.contactedAt);
    const seconds = Math.round(Math.abs(due - at) / 1000);
    return { kind: 'contacted', seconds, clock: formatClock(seconds), breached: f.breached || at > due };
  }
  const left = Math.ceil((due - nowMs) / 1000);
  if (left > 0 && !f.breached) return { kind: 'counting', seconds: left, clock: formatClock(left), breached: false };
  const over = Math.max(0, Math.floor((nowMs - due) / 1000));
  return { kind: 'overdue', seconds: over, clock: formatClock(over), breached: true };
}

/** Open faults of a job (not yet confirmed) and whether any of them is past its clock. */
export function faultBadge(faults: readonly FaultLike[], nowMs: number): { open: number; breached: boolean } {
  const open = faults.filter((f) => f.status !== 'CLOSED');
  return { open: open.length, breached: open.some((f) => slaClock(f, nowMs).breached) };
}

// ---- Dates -----------------------------------------------------------------------------

/** A day the lead may book: from today (Beijing) to a year ahead, as the server checks. */
export function schedulable(day: string, today: string): boolean {
  const last = dayjs(today, 'YYYY-MM-DD').add(366, 'day').format('YYYY-MM-DD');
  return day >= today && day <= last;
}

// ---- Timeline -------------------------------------------------------------------------

export type TimelineKey =
  | 'created'
  | 'accepted'
  | 'scheduled'
  | 'postponed'
  | 'started'
  | 'completed'
  | 'confirmed'
  | 'cancelled'
  | 'fault';

export interface TimelineEntry {
  key: TimelineKey;
  /** An instant (UTC ISO) or a day (`YYYY-MM-DD`, for the booked date). */
  at?: string | null;
  day?: string | null;
  text?: string | null;
}

interface TimelineJob {
  status: JobStatus;
  createdAt: string;
  acceptedAt?: string | null;
  scheduledOn?: string | null;
  postponedReason?: string | null;
  startedAt?: string | null;
  completedAt?: string | null;
  confirmedAt?: string | null;
  cancelReason?: string | null;
  faults?: readonly { reportedAt: string; description: string }[];
}

/** What happened to the job, in order, from the fields it carries. */
export function jobTimeline(job: TimelineJob): TimelineEntry[] {
  const out: TimelineEntry[] = [{ key: 'created', at: job.createdAt }];
  if (job.acceptedAt) out.push({ key: 'accepted', at: job.acceptedAt });
  if (job.postponedReason) out.push({ key: 'postponed', text: job.postponedReason });
  if (job.scheduledOn) out.push({ key: 'scheduled', day: job.scheduledOn });
  if (job.startedAt) out.push({ key: 'started', at: job.startedAt });
  if (job.completedAt) out.push({ key: 'completed', at: job.completedAt });
  // After completion the confirmation and the faults interleave: in time order.
  const after: TimelineEntry[] = (job.faults ?? []).map((f) => ({ key: 'fault', at: f.reportedAt, text: f.description }));
  if (job.confirmedAt) after.push({ key: 'confirmed', at: job.confirmedAt });
  after.sort((a, b) => Date.parse(a.at ?? '') - Date.parse(b.at ?? ''));
  out.push(...after);
  if (job.status === 'CANCELLED') out.push({ key: 'cancelled', text: job.cancelReason ?? null });
  return out;
}
