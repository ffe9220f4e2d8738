import type { JobStatus } from '../../gql/graphql';
import {
  BOARD_COLUMNS,
  boardColumns,
  byColumn,
  canReportFault,
  dropAction,
  faultActions,
  faultBadge,
  formatClock,
  jobActions,
  jobTimeline,
  schedulable,
  slaClock,
} from './logic';
import { leadOptions } from './JobDialogs';

const manager = { id: 'U7', role: 'ACCOUNT_MANAGER' as const };
const installer = { id: 'U10', role: 'INSTALLER' as const };
const otherInstaller = { id: 'U11', role: 'INSTALLER' as const };

// allowedActions as the server sends them for each status (installs/mod.rs MACHINE).
const ALLOWED: Record<JobStatus, string[]> = {
  CREATED: ['accept', 'cancel', 'assign'],
  ACCEPTED: ['schedule', 'postpone', 'cancel', 'assign'],
  SCHEDULED: ['postpone', 'start', 'cancel', 'assign'],
  POSTPONED: ['schedule', 'cancel', 'assign'],
  IN_PROGRESS: ['complete'],
  COMPLETED: ['confirm'],
  CONFIRMED: [],
  CANCELLED: [],
};

function job(status: JobStatus, lead: string | null = 'U10') {
  return { status, allowedActions: ALLOWED[status], lead: lead ? { id: lead } : null };
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

describe('job actions by who is looking', () => {
  it('gives the lead the engineering moves and the manager the account moves', () => {
    expect(jobActions(job('CREATED'), installer)).toEqual(['accept']);
    expect(jobActions(job('CREATED'), manager)).toEqual(['assign', 'cancel']);
    expect(jobActions(job('ACCEPTED'), installer)).toEqual(['schedule', 'postpone']);
    expect(jobActions(job('ACCEPTED'), manager)).toEqual(['assign', 'postpone', 'cancel']);
    expect(jobActions(job('SCHEDULED'), installer)).toEqual(['postpone', 'start']);
    expect(jobActions(job('IN_PROGRESS'), installer)).toEqual(['complete']);
    expect(jobActions(job('IN_PROGRESS'), manager)).toEqual([]);
    expect(jobActions(job('COMPLETED'), manager)).toEqual(['confirm']);
    expect(jobActions(job('COMPLETED'), installer)).toEqual([]);
    expect(jobActions(job('CONFIRMED'), manager)).toEqual([]);
  });

  it('gives an installer who is not the lead nothing', () => {
    expect(jobActions(job('CREATED'), otherInstaller)).toEqual([]);
    expect(jobActions(job('SCHEDULED'), otherInstaller)).toEqual([]);
  });

  it('offers nothing the status does not allow', () => {
    expect(jobActions({ ...job('SCHEDULED'), allowedActions: ['start'] }, installer)).toEqual(['start']);
  });
});

describe('drop on a column', () => {
  it('maps the drop to the move leading there when this user may make it', () => {
    expect(dropAction(job('CREATED'), 'ACCEPTED', installer)).toEqual({ action: 'accept' });
    expect(dropAction(job('ACCEPTED'), 'SCHEDULED', installer)).toEqual({ action: 'schedule' });
    expect(dropAction(job('SCHEDULED'), 'POSTPONED', manager)).toEqual({ action: 'postpone' });
    expect(dropAction(job('SCHEDULED'), 'IN_PROGRESS', installer)).toEqual({ action: 'start' });
    expect(dropAction(job('IN_PROGRESS'), 'COMPLETED', installer)).toEqual({ action: 'complete' });
    expect(dropAction(job('COMPLETED'), 'CONFIRMED', manager)).toEqual({ action: 'confirm' });
    expect(dropAction(job('POSTPONED'), 'CANCELLED', manager)).toEqual({ action: 'cancel' });
  });

  it('refuses a jump no move makes', () => {
    expect(dropAction(job('CREATED'), 'IN_PROGRESS', installer)).toEqual({ refused: 'notAllowed' });
    expect(dropAction(job('COMPLETED'), 'CREATED', manager)).toEqual({ refused: 'notAllowed' });
    expect(dropAction(job('CONFIRMED'), 'COMPLETED', manager)).toEqual({ refused: 'notAllowed' });
  });

  it('says whose move it is when the user may not make it', () => {
    expect(dropAction(job('CREATED'), 'ACCEPTED', manager)).toEqual({ refused: 'leadOnly', action: 'accept' });
    expect(dropAction(job('CREATED', null), 'ACCEPTED', manager)).toEqual({ refused: 'needsLead', action: 'accept' });
    expect(dropAction(job('COMPLETED'), 'CONFIRMED', installer)).toEqual({ refused: 'managerOnly', action: 'confirm' });
    expect(dropAction(job('SCHEDULED'), 'IN_PROGRESS', otherInstaller)).toEqual({ refused: 'leadOnly', action: 'start' });
  });

  it('ignores a drop back on the same column', () => {
    expect(dropAction(job('SCHEDULED'), 'SCHEDULED', installer)).toEqual({ refused: 'same' });
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
  it('gives the lead contact and fix, the manager the confirmation', () => {
    const j = job('CONFIRMED');
    expect(faultActions({ status: 'OPEN' }, j, installer)).toEqual(['acknowledge', 'resolve']);
    expect(faultActions({ status: 'CONTACTED' }, j, installer)).toEqual(['resolve']);
    expect(faultActions({ status: 'RESOLVED' }, j, installer)).toEqual([]);
    expect(faultActions({ status: 'RESOLVED' }, j, manager)).toEqual(['confirm']);
    expect(faultActions({ status: 'OPEN' }, j, manager)).toEqual([]);
    expect(faultActions({ status: 'OPEN' }, j, otherInstaller)).toEqual([]);
  });

  it('lets faults be reported only after completion', () => {
    expect(canReportFault(job('COMPLETED'), manager)).toBe(true);
    expect(canReportFault(job('CONFIRMED'), installer)).toBe(true);
    expect(canReportFault(job('IN_PROGRESS'), manager)).toBe(false);
    expect(canReportFault(job('CONFIRMED'), otherInstaller)).toBe(false);
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
