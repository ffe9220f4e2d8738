import { describe, expect, it } from 'vitest';
import type { KpiRowFragment } from '../../gql/graphql';
import { startingValues } from './TargetDialog';

const row = {
  visitsPerWorkingDay: '2.35',
  groupsVisited: 14,
  newGroups: 2,
  proposalsOnTime: 5,
  retentionPercent: null,
  target: null,
} as unknown as KpiRowFragment;

describe('the targets dialog', () => {
  it('starts from the month shown when no targets are set (retention 100 % without a baseline)', () => {
    expect(startingValues(row, '2027-01')).toEqual({
      month: '2027-01',
      visitsPerDay: 2.35,
      groupsVisited: 14,
      newGroups: 2,
      proposals: 5,
      retentionPercent: 100,
    });
  });

  it('starts from the targets already set for the month chosen', () => {
    const set = { month: '2027-01', visitsPerDay: '3.00', groupsVisited: 20, newGroups: 3, proposals: 6, retentionPercent: '96.50', version: 2 };
    expect(startingValues(row, '2027-01', set)).toMatchObject({ visitsPerDay: 3, groupsVisited: 20, retentionPercent: 96.5 });
  });
});
