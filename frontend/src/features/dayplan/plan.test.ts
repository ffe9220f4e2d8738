import { describe, expect, it } from 'vitest';
import { byPriority, detailsOf, type Item, progress, valuesOf } from './plan';

const item = (over: Partial<Item>): Item => ({
  id: 'i',
  day: '2026-12-07',
  priority: 'ROUTINE',
  matter: 'SERVICE',
  means: 'PHONE',
  title: '回访',
  at: null,
  target: null,
  purpose: null,
  preparation: null,
  resources: null,
  status: 'OPEN',
  closedBy: null,
  closedAt: null,
  note: null,
  version: 1,
  resourceRequests: [],
  group: null,
  closingVisit: null,
  ...over,
});

describe('the day plan', () => {
  it('groups items under appointments, key projects and routine, leaving out empty ones', () => {
    const groups = byPriority([
      item({ id: 'r', priority: 'ROUTINE' }),
      item({ id: 'a', priority: 'APPOINTMENT' }),
      item({ id: 'r2', priority: 'ROUTINE' }),
    ]);
    expect(groups.map((g) => [g.priority, g.items.map((i) => i.id)])).toEqual([
      ['APPOINTMENT', ['a']],
      ['ROUTINE', ['r', 'r2']],
    ]);
  });

  it('counts done out of what is still meant to be done', () => {
    const p = progress([item({ status: 'DONE' }), item({ status: 'OPEN' }), item({ status: 'DROPPED' })]);
    expect(p).toEqual({ done: 1, total: 2 });
  });

  it('sends a time on the plan day in Beijing, and a visit’s own fields only for a visit', () => {
    const visit = detailsOf({ matter: 'VISIT', means: 'ONSITE', title: ' 上门 ', time: '15:00', target: '王科长', resources: '' }, '2026-12-07');
    expect(visit).toMatchObject({ at: '2026-12-07T07:00:00.000Z', title: '上门', target: '王科长', resources: null, priority: null });
    const call = detailsOf({ matter: 'SERVICE', means: 'PHONE', priority: 'KEY_PROJECT', target: '王科长' }, '2026-12-07');
    expect(call).toMatchObject({ at: null, target: null, priority: 'KEY_PROJECT' });
  });

  it('reads an item back into the dialog with its Beijing time', () => {
    expect(valuesOf(item({ at: '2026-12-07T07:30:00Z' })).time).toBe('15:30');
    expect(valuesOf(item({})).time).toBeUndefined();
  });
});
