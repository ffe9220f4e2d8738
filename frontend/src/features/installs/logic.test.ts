import type { JobAction, JobStatus } from '../../gql/graphql';
import {
  BOARD_COLUMNS,
  boardColumns,
  byColumn,
  canReportFault,
  dropAction,
  faultBadge,
  faultMoves,
  formatClock,
  jobMoves,
  jobTimeline,
  daySections,
  mapLink,
  primaryMove,
  schedulable,
  slaClock,
} from './logic';
import { leadOptions } from './JobDialogs';

// A job as the server sends it to one viewer: its status and what it offers them.
function job(status: JobStatus, allowedActions: JobAction[] = [], blocked: JobAction[] = []) {
  const blockedActions = blocked.map((action) => ({ action, reason: { message: `不能：${action}` } }));
  return { status, allowedActions, blockedActions };
}

describe('board columns', () => {
  it('has the seven working states in order and hides cancelled unless asked', () => {
    expect(BOARD_COLUMNS).toEqual(['CREATED', 'ACCEPTED', 'SCHEDULED', 'POSTPONED', 'IN_PROGRESS', 'COMPLETED', 'CONFIRMED']);
    expect(boardColumns(false)).not.toContain('CANCELLED');
    expect(boardColumns(true).at(-1)).toBe('CANCELLED');
  });

  it('puts each job in its status column, keeping order, dropping hidden ones', () => {
    const jobs = [
      { id: 'a', status: 'CREATED' as const },
      { id: 'b', status: 'CANCELLED' as const },
      { id: 'c', status: 'CREATED' as const },
      { id: 'd', status: 'COMPLETED' as const },
    ];
    const cols = byColumn(jobs, BOARD_COLUMNS);
    expect(cols.get('CREATED')?.map((j) => j.id)).toEqual(['a', 'c']);
    expect(cols.get('COMPLETED')?.map((j) => j.id)).toEqual(['d']);
    expect([...cols.values()].flat().map((j) => j.id)).not.toContain('b');
  });
});

describe('job moves', () => {
  it('offers exactly the moves the server offers, in board order', () => {
    const moves = (j: ReturnType<typeof job>) => jobMoves(j).map((m) => m.move);
    expect(moves(job('CREATED', ['CANCEL_JOB', 'ASSIGN_JOB_LEAD']))).toEqual(['assign', 'cancel']);
    expect(moves(job('SCHEDULED', ['START_JOB', 'POSTPONE_JOB']))).toEqual(['postpone', 'start']);
    // Actions that are not board moves (choosing the number, reporting a fault) stay off.
    expect(moves(job('COMPLETED', ['REPORT_FAULT', 'CONFIRM_JOB']))).toEqual(['confirm']);
    expect(moves(job('CONFIRMED'))).toEqual([]);
  });

  it('keeps a blocked move, disabled with the server’s reason', () => {
    expect(jobMoves(job('SCHEDULED', ['POSTPONE_JOB'], ['START_JOB']))).toEqual([
      { move: 'postpone', offer: { shown: true, enabled: true } },
      { move: 'start', offer: { shown: true, enabled: false, reason: '不能：START_JOB' } },
    ]);
  });
});

describe('drop on a column', () => {
  it('maps the drop to the offered move leading there', () => {
    expect(dropAction(job('CREATED', ['ACCEPT_JOB']), 'ACCEPTED')).toEqual({ action: 'accept' });
    expect(dropAction(job('ACCEPTED', ['SCHEDULE_JOB', 'POSTPONE_JOB']), 'SCHEDULED')).toEqual({ action: 'schedule' });
    expect(dropAction(job('COMPLETED', ['CONFIRM_JOB']), 'CONFIRMED')).toEqual({ action: 'confirm' });
    expect(dropAction(job('POSTPONED', ['CANCEL_JOB']), 'CANCELLED')).toEqual({ action: 'cancel' });
  });

  it('refuses a column no offered move leads to', () => {
    expect(dropAction(job('CREATED', ['ACCEPT_JOB']), 'IN_PROGRESS')).toEqual({ refused: 'notAllowed' });
    expect(dropAction(job('CREATED', ['ASSIGN_JOB_LEAD', 'CANCEL_JOB']), 'ACCEPTED')).toEqual({ refused: 'notAllowed' });
  });

  it('refuses a blocked move with the server’s reason', () => {
    expect(dropAction(job('SCHEDULED', [], ['START_JOB']), 'IN_PROGRESS')).toEqual({
      refused: 'blocked',
      action: 'start',
      reason: '不能：START_JOB',
    });
  });

  it('ignores a drop back on the same column', () => {
    expect(dropAction(job('SCHEDULED', ['START_JOB']), 'SCHEDULED')).toEqual({ refused: 'same' });
  });
});

describe('fault clock', () => {
  const reported = Date.parse('2026-11-23T08:00:00Z');
  const fault = {
    status: 'OPEN' as const,
    contactDueAt: '2026-11-23T08:10:00Z',
    contactedAt: null,
    breached: false,
  };

  it('formats seconds as a clock', () => {
    expect(formatClock(599)).toBe('09:59');
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(3723)).toBe('1:02:03');
    expect(formatClock(-5)).toBe('00:00');
  });

  it('counts down the 10 minutes, then counts the overrun as breached', () => {
    expect(slaClock(fault, reported)).toEqual({ kind: 'counting', seconds: 600, clock: '10:00', breached: false });
    expect(slaClock(fault, reported + 1000)).toMatchObject({ kind: 'counting', clock: '09:59' });
    expect(slaClock(fault, reported + 599_500)).toMatchObject({ kind: 'counting', clock: '00:01' });
    expect(slaClock(fault, reported + 600_000)).toMatchObject({ kind: 'overdue', clock: '00:00', breached: true });
    expect(slaClock(fault, reported + 683_000)).toEqual({ kind: 'overdue', seconds: 83, clock: '01:23', breached: true });
  });

  it('believes the server when it says breached', () => {
    expect(slaClock({ ...fault, breached: true }, reported + 1000)).toMatchObject({ kind: 'overdue', breached: true });
  });

  it('once contacted, says how early or late', () => {
    expect(slaClock({ ...fault, status: 'CONTACTED', contactedAt: '2026-11-23T08:04:00Z' }, reported + 9e6)).toEqual({
      kind: 'contacted',
      seconds: 360,
      clock: '06:00',
      breached: false,
    });
    expect(
      slaClock({ ...fault, status: 'CONTACTED', contactedAt: '2026-11-23T08:12:30Z', breached: true }, reported),
    ).toEqual({ kind: 'contacted', seconds: 150, clock: '02:30', breached: true });
  });

  it('marks a card by its open faults, red when one is past its clock', () => {
    const closed = { ...fault, status: 'CLOSED' as const, contactedAt: '2026-11-23T08:01:00Z' };
    expect(faultBadge([closed], reported)).toEqual({ open: 0, breached: false });
    expect(faultBadge([closed, fault], reported)).toEqual({ open: 1, breached: false });
    expect(faultBadge([closed, fault], reported + 700_000)).toEqual({ open: 1, breached: true });
  });
});

describe('fault moves', () => {
  it('offers the fault moves the server offers', () => {
    expect(faultMoves({ allowedActions: ['ACKNOWLEDGE_FAULT', 'RESOLVE_FAULT'] })).toEqual(['acknowledge', 'resolve']);
    expect(faultMoves({ allowedActions: ['CONFIRM_FAULT_RESOLUTION'] })).toEqual(['confirm']);
    expect(faultMoves({ allowedActions: [] })).toEqual([]);
  });

  it('offers reporting a fault when the server does', () => {
    expect(canReportFault(job('COMPLETED', ['REPORT_FAULT', 'CONFIRM_JOB']))).toBe(true);
    expect(canReportFault(job('IN_PROGRESS', ['COMPLETE_JOB']))).toBe(false);
  });
});

describe('dates and timeline', () => {
  it('books days from today (Beijing) to a year ahead', () => {
    expect(schedulable('2026-11-23', '2026-11-23')).toBe(true);
    expect(schedulable('2026-11-22', '2026-11-23')).toBe(false);
    expect(schedulable('2027-11-24', '2026-11-23')).toBe(true);
    expect(schedulable('2027-11-25', '2026-11-23')).toBe(false);
  });

  it('lists what happened in order, faults and confirmation by time', () => {
    const entries = jobTimeline({
      status: 'CONFIRMED',
      createdAt: '2026-11-20T01:00:00Z',
      acceptedAt: '2026-11-20T02:00:00Z',
      scheduledOn: '2026-11-25',
      postponedReason: '客户搬迁',
      startedAt: '2026-11-25T01:00:00Z',
      completedAt: '2026-11-25T06:00:00Z',
      confirmedAt: '2026-11-27T01:00:00Z',
      faults: [{ reportedAt: '2026-11-26T01:00:00Z', description: '专线中断' }],
    });
    expect(entries.map((e) => e.key)).toEqual([
      'created',
      'accepted',
      'postponed',
      'scheduled',
      'started',
      'completed',
      'fault',
      'confirmed',
    ]);
    expect(entries.find((e) => e.key === 'scheduled')?.day).toBe('2026-11-25');
  });

  it('ends a cancelled job with its reason', () => {
    const entries = jobTimeline({ status: 'CANCELLED', createdAt: '2026-11-20T01:00:00Z', cancelReason: '客户取消' });
    expect(entries.map((e) => [e.key, e.text ?? null])).toEqual([
      ['created', null],
      ['cancelled', '客户取消'],
    ]);
  });
});

describe('lead choice', () => {
  it('merges listed installers with leads seen on jobs, once each', () => {
    expect(
      leadOptions(
        [{ id: 'U10', displayName: '赵永刚' }],
        [
          { id: 'U10', displayName: '赵永刚' },
          { id: 'U12', displayName: '钱工' },
        ],
      ),
    ).toEqual([
      { value: 'U10', label: '赵永刚' },
      { value: 'U12', label: '钱工' },
    ]);
  });
});

describe('the phone list', () => {
  it('puts the next step forward first: starting, not postponing; nothing when only blocked', () => {
    expect(primaryMove(job('SCHEDULED', ['POSTPONE_JOB', 'START_JOB', 'CANCEL_JOB']))).toBe('start');
    expect(primaryMove({ ...job('CREATED', ['ASSIGN_JOB_LEAD', 'CANCEL_JOB']), lead: null })).toBe('assign');
    expect(primaryMove({ ...job('CREATED', ['ASSIGN_JOB_LEAD', 'CANCEL_JOB']), lead: { id: 'u' } })).toBeNull();
    expect(primaryMove(job('SCHEDULED', ['POSTPONE_JOB'], ['START_JOB']))).toBeNull();
  });

  it('orders the day: under way and due today (or overdue) first, then to book, later, to confirm, closed', () => {
    const j = (id: string, status: JobStatus, scheduledOn: string | null = null) => ({ id, status, scheduledOn });
    const s = daySections(
      [
        j('later', 'SCHEDULED', '2026-12-09'),
        j('today', 'SCHEDULED', '2026-12-05'),
        j('overdue', 'SCHEDULED', '2026-12-01'),
        j('running', 'IN_PROGRESS', '2026-12-05'),
        j('new', 'CREATED'),
        j('moved', 'POSTPONED', '2026-12-20'),
        j('done', 'COMPLETED', '2026-12-04'),
        j('closed', 'CONFIRMED', '2026-11-30'),
      ],
      '2026-12-05',
    );
    const ids = (k: Parameters<typeof s.get>[0]) => s.get(k)!.map((x) => x.id);
    expect(ids('today')).toEqual(['running', 'overdue', 'today']);
    expect(ids('toSchedule')).toEqual(['moved', 'new']);
    expect(ids('later')).toEqual(['later']);
    expect(ids('toConfirm')).toEqual(['done']);
    expect(ids('closed')).toEqual(['closed']);
  });

  it('links an address to a map search, escaped', () => {
    expect(mapLink('天河路 385 号 & 3 楼')).toBe(
      'https://uri.amap.com/search?keyword=%E5%A4%A9%E6%B2%B3%E8%B7%AF%20385%20%E5%8F%B7%20%26%203%20%E6%A5%BC',
    );
  });
});
