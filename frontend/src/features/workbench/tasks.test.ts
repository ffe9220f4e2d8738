import { byUrgency, copyText, groupByKind, kindCounts, TASK_KINDS, taskLink, taskWorkLink } from './tasks';

describe('where a task leads', () => {
  const group = { id: 'Q3VzdG9tZXJHcm91cDox', name: '广州市天河区政务中心' };

  it('opens the proposal, contract or group the task is about', () => {
    expect(taskLink({ subjectType: 'Proposal', subjectId: 'UHJvcG9zYWw6MQ==', group })).toBe('/proposals/UHJvcG9zYWw6MQ%3D%3D');
    expect(taskLink({ subjectType: 'Contract', subjectId: 'C1', group })).toBe('/contracts/C1');
    expect(taskLink({ subjectType: 'CustomerGroup', subjectId: 'G9', group: null })).toBe('/groups/G9');
  });

  it("opens a contact's or member's group page, or nothing when the group is not visible", () => {
    expect(taskLink({ subjectType: 'Contact', subjectId: 'K1', group })).toBe('/groups/Q3VzdG9tZXJHcm91cDox');
    expect(taskLink({ subjectType: 'Member', subjectId: 'M1', group })).toBe('/groups/Q3VzdG9tZXJHcm91cDox');
    expect(taskLink({ subjectType: 'Member', subjectId: 'M1', group: null })).toBeNull();
  });

  it("opens a suspension reminder's member on its group page, and offers the arrears list", () => {
    expect(taskLink({ subjectType: 'Member', subjectId: 'TWVtYmVyOjk=', group })).toBe('/groups/Q3VzdG9tZXJHcm91cDox');
    expect(taskWorkLink('SUSPENSION_REMINDER')).toBe('/arrears');
    expect(taskWorkLink('CARE')).toBeNull();
  });

  it('opens an installation job on the installations board', () => {
    expect(taskLink({ subjectType: 'InstallationJob', subjectId: 'J 1', group })).toBe('/installations/J%201');
  });
});

describe('task kinds and counts', () => {
  it('lists every kind in order, those the server left out at zero, with the totals', () => {
    const c = kindCounts([
      { kind: 'CARE', open: 3, overdue: 1 },
      { kind: 'PROPOSAL_FOLLOW_UP', open: 2, overdue: 2 },
    ]);
    expect(c.kinds.map((k) => k.kind)).toEqual([...TASK_KINDS]);
    expect(c.kinds).toHaveLength(9);
    expect(c.kinds.find((k) => k.kind === 'SUSPENSION_REMINDER')).toEqual({ kind: 'SUSPENSION_REMINDER', open: 0, overdue: 0 });
    expect(c.kinds.find((k) => k.kind === 'CARE')).toEqual({ kind: 'CARE', open: 3, overdue: 1 });
    expect(c.kinds.find((k) => k.kind === 'FAULT_BREACHING')).toEqual({ kind: 'FAULT_BREACHING', open: 0, overdue: 0 });
    expect(c.open).toBe(5);
    expect(c.overdue).toBe(3);
  });

  it('groups tasks by kind in the workbench order, overdue first then soonest due', () => {
    const task = (id: string, kind: (typeof TASK_KINDS)[number], dueAt: string, isOverdue = false) => ({ id, kind, dueAt, isOverdue });
    const groups = groupByKind([
      task('care-late', 'CARE', '2026-11-30T00:00:00Z'),
      task('fault', 'FAULT_BREACHING', '2026-11-20T00:00:00Z', true),
      task('care-soon', 'CARE', '2026-11-24T00:00:00Z'),
      task('care-overdue', 'CARE', '2026-11-25T00:00:00Z', true),
      task('proposal', 'PROPOSAL_FOLLOW_UP', '2026-11-26T00:00:00Z'),
    ]);
    expect(groups.map((g) => g.kind)).toEqual(['PROPOSAL_FOLLOW_UP', 'CARE', 'FAULT_BREACHING']);
    expect(groups[1].tasks.map((t) => t.id)).toEqual(['care-overdue', 'care-soon', 'care-late']);
    expect(byUrgency(task('a', 'CARE', '2026-12-01T00:00:00Z', true), task('b', 'CARE', '2026-11-01T00:00:00Z'))).toBeLessThan(0);
  });
});

describe('copying a greeting', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('puts the text on the clipboard', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    await expect(copyText('王总生日快乐！')).resolves.toBe(true);
    expect(writeText).toHaveBeenCalledWith('王总生日快乐！');
  });

  it('says it failed when the browser refuses both ways', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: vi.fn().mockRejectedValue(new Error('denied')) } });
    const exec = vi.fn().mockReturnValue(false);
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true });
    await expect(copyText('节日快乐')).resolves.toBe(false);
    expect(exec).toHaveBeenCalledWith('copy');
    expect(document.querySelector('textarea')).toBeNull();
  });
});
