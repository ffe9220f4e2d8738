import { beijingDate } from '../../components/format';
import type { WorkbenchMoneyQuery, WorkbenchQuery } from '../../gql/graphql';

type Contract = NonNullable<WorkbenchQuery['signed']>['nodes'][number];
type Job = WorkbenchQuery['jobs']['nodes'][number];
type Task = WorkbenchQuery['tasks']['nodes'][number];

/** What a signed contract still lacks before it can be activated. */
export function missingOf(c: Contract): { documents: number; unpaid: boolean } {
  return { documents: c.documents.filter((d) => d.status === 'MISSING').length, unpaid: c.paidAmount == null };
}

/** The workbench's lists from its queries' answers (the day's, and money matters), as of `now`. */
export function sections(data: WorkbenchQuery & Partial<WorkbenchMoneyQuery>, now: Date) {
  const endOfToday = new Date(`${beijingDate(now)}T23:59:59.999+08:00`);
  const byDue = <T extends { dueAt?: string | null }>(a: T, b: T) =>
    (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999');
  const tasksDue: Task[] = data.tasks.nodes.filter((t) => new Date(t.dueAt) <= endOfToday).sort(byDue);
  const drafts = [...(data.drafts?.nodes ?? [])].sort(byDue);
  const contracts = (data.signed?.nodes ?? []).filter((c) => {
    const m = missingOf(c);
    return m.documents > 0 || m.unpaid;
  });
  const today = beijingDate(now);
  const toSchedule: Job[] = data.jobs.nodes.filter((j) => ['CREATED', 'ACCEPTED', 'POSTPONED'].includes(j.status));
  const toConfirm: Job[] = data.jobs.nodes.filter((j) => j.status === 'COMPLETED');
  // Under way, or booked for today or before: the installer's day.
  const jobsToday: Job[] = data.jobs.nodes.filter(
    (j) => j.status === 'IN_PROGRESS' || (j.status === 'SCHEDULED' && !!j.scheduledOn && j.scheduledOn <= today),
  );
  const faults = data.faults.nodes.flatMap((j) =>
    j.faults.filter((f) => f.status === 'OPEN').map((f) => ({ job: j, fault: f })),
  );
  // Billing's queue in working order: to execute before to check, the oldest first in each.
  const stage = (s: string) => (s === 'APPROVED' ? 0 : 1);
  const billingQueue = [...(data.billingQueue?.nodes ?? [])].sort(
    (a, b) => stage(a.status) - stage(b.status) || a.createdAt.localeCompare(b.createdAt),
  );
  return {
    // The day's visits in the order they come (the list reads latest first).
    visits: [...(data.visitsToday?.nodes ?? [])].sort((a, b) => (a.plannedAt ?? '').localeCompare(b.plannedAt ?? '')),
    drafts,
    late: drafts.filter((d) => d.isLate).length,
    tasksDue,
    waiting: data.waiting?.nodes ?? [],
    waitingCount: data.waiting?.totalCount ?? 0,
    contracts,
    toSchedule,
    toConfirm,
    jobsToday,
    faults,
    // A manager's most overdue collection items, as the server orders them.
    collection: data.collection ?? [],
    collectionCount: data.collectionCount?.totalCount ?? data.collection?.length ?? 0,
    billingQueue,
    billingQueueCount: data.billingQueue?.totalCount ?? 0,
  };
}

export function isOverdue(dueAt: string, now: Date): boolean {
  return new Date(dueAt) < now;
}
