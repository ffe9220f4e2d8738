import type { FaultStatus, JobStatus, WorkbenchQuery } from '../../gql/graphql';
import { isOverdue, missingOf, sections } from './sections';

const empty: WorkbenchQuery = {
  visitsToday: { totalCount: 0, nodes: [] },
  drafts: { totalCount: 0, nodes: [] },
  tasks: { totalCount: 0, nodes: [] },
  waiting: { totalCount: 0, nodes: [] },
  signed: { nodes: [] },
  jobs: { nodes: [] },
  faults: { nodes: [] },
  myComplaints: { totalCount: 0, nodes: [] },
};

const task = (id: string, dueAt: string) => ({
  id,
  kind: 'PROPOSAL_FOLLOW_UP' as const,
  title: id,
  dueAt,
  subjectId: 'p',
  version: 1,
});

describe('workbench sections', () => {
  // 2026-11-23 10:00 in Beijing.
  const now = new Date('2026-11-23T02:00:00Z');

  it('lists tasks due by the end of the Beijing day, earliest first', () => {
    const data = {
      ...empty,
      tasks: {
        totalCount: 3,
        nodes: [
          task('tonight', '2026-11-23T15:59:00Z'), // 23:59 Beijing, still today
          task('tomorrow', '2026-11-23T16:00:00Z'), // 00:00 Beijing next day
          task('yesterday', '2026-11-22T01:00:00Z'),
        ],
      },
    };
    expect(sections(data, now).tasksDue.map((t) => t.id)).toEqual(['yesterday', 'tonight']);
    expect(isOverdue('2026-11-22T01:00:00Z', now)).toBe(true);
    expect(isOverdue('2026-11-23T15:59:00Z', now)).toBe(false);
  });

  it('keeps only signed contracts that still miss a document or the payment', () => {
    const contract = (id: string, missing: number, paid: string | null) => ({
      id,
      number: id,
      title: id,
      checklistComplete: missing === 0,
      paidAmount: paid,
      group: null,
      documents: [
        ...Array.from({ length: missing }, () => ({ kind: 'HANDLER_ID' as const, status: 'MISSING' as const })),
        { kind: 'BUSINESS_LICENCE' as const, status: 'RECEIVED' as const },
        { kind: 'IP_APPLICATION' as const, status: 'NOT_REQUIRED' as const },
      ],
    });
    const data = { ...empty, signed: { nodes: [contract('a', 2, '100.00'), contract('b', 0, null), contract('c', 0, '1.00')] } };
    const s = sections(data, now);
    expect(s.contracts.map((c) => c.id)).toEqual(['a', 'b']);
    expect(missingOf(s.contracts[0])).toEqual({ documents: 2, unpaid: false });
    expect(missingOf(s.contracts[1])).toEqual({ documents: 0, unpaid: true });
  });

  it('splits installation jobs into today’s, to schedule and to confirm, and counts late drafts', () => {
    const job = (id: string, status: JobStatus, scheduledOn: string | null = null) => ({
      id,
      status,
      groupName: id,
      siteAddress: '',
      scheduledOn,
      lead: null,
    });
    const draft = (id: string, dueAt: string | null, isLate: boolean) => ({ id, title: id, dueAt, isLate, group: null });
    const data = {
      ...empty,
      jobs: {
        nodes: [
          job('a', 'CREATED'),
          job('b', 'COMPLETED'),
          job('c', 'POSTPONED'),
          job('d', 'ACCEPTED'),
          job('due', 'SCHEDULED', '2026-11-23'),
          job('missed', 'SCHEDULED', '2026-11-20'),
          job('later', 'SCHEDULED', '2026-11-24'),
          job('running', 'IN_PROGRESS', '2026-11-22'),
        ],
      },
      drafts: { totalCount: 3, nodes: [draft('x', null, false), draft('y', '2026-11-22T10:00:00Z', true), draft('z', '2026-11-24T10:00:00Z', false)] },
    };
    const s = sections(data, now);
    expect(s.toSchedule.map((j) => j.id)).toEqual(['a', 'c', 'd']);
    expect(s.toConfirm.map((j) => j.id)).toEqual(['b']);
    expect(s.jobsToday.map((j) => j.id)).toEqual(['due', 'missed', 'running']);
    expect(s.drafts.map((d) => d.id)).toEqual(['y', 'z', 'x']);
    expect(s.late).toBe(1);
  });

  it('puts the day’s visits in the order they come', () => {
    const v = (id: string, plannedAt: string) => ({ id, plannedAt, method: 'ONSITE' as const, purpose: 'ROUTINE' as const, group: null });
    const data = { ...empty, visitsToday: { totalCount: 2, nodes: [v('late', '2026-11-23T08:00:00Z'), v('early', '2026-11-23T01:00:00Z')] } };
    expect(sections(data, now).visits.map((x) => x.id)).toEqual(['early', 'late']);
  });

  it('lists each fault still waiting for engineering with its job', () => {
    const fault = (id: string, status: FaultStatus) => ({
      id,
      status,
      description: id,
      reportedAt: '2026-11-23T01:55:00Z',
      contactDueAt: '2026-11-23T02:05:00Z',
      contactedAt: null,
      breached: false,
      resolvedAt: null,
      resolution: null,
      confirmedAt: null,
      version: 1,
      allowedActions: [],
    });
    const j = { id: 'J', groupName: '某集团', siteAddress: '某路', faults: [fault('f1', 'OPEN'), fault('f2', 'CONTACTED')] };
    const s = sections({ ...empty, faults: { nodes: [j] } }, now);
    expect(s.faults.map((x) => [x.job.id, x.fault.id])).toEqual([['J', 'f1']]);
  });
});

describe('the billing and collection sections', () => {
  const now = new Date('2026-11-23T02:00:00Z');

  it('put billing’s queue in working order: to execute first, the oldest first', () => {
    const row = (id: string, status: 'APPROVED' | 'EXECUTED', createdAt: string) => ({
      id,
      code: id,
      status,
      customerName: '某集团',
      accountNo: 'A1',
      memberName: null,
      month: '2026-10',
      amount: '100.00',
      accumulated: '100.00',
      cause: 'DISPUTE' as const,
      createdAt,
      requester: null,
      department: null,
    });
    const data = {
      ...empty,
      billingQueue: {
        totalCount: 3,
        nodes: [
          row('checkNew', 'EXECUTED', '2026-11-20T00:00:00Z'),
          row('executeNew', 'APPROVED', '2026-11-22T00:00:00Z'),
          row('executeOld', 'APPROVED', '2026-11-01T00:00:00Z'),
        ],
      },
    };
    const s = sections(data, now);
    expect(s.billingQueue.map((a) => a.id)).toEqual(['executeOld', 'executeNew', 'checkNew']);
    expect(s.billingQueueCount).toBe(3);
  });

  it('keeps a manager’s collection items in the server’s order, and nothing for others', () => {
    expect(sections(empty, now).collection).toEqual([]);
    expect(sections({ ...empty, collectionCount: { totalCount: 12 } }, now).collectionCount).toBe(12);
    expect(sections(empty, now).billingQueue).toEqual([]);
  });
});
