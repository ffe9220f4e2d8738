import { cadenceCells, cadenceSummary } from './logic';

const base = {
  callsDone: 1,
  callsRequired: 2,
  onsiteDone: 0,
  onsiteRequired: 1,
  onsitePeriodStart: '2026-10-01',
  onsitePeriodEnd: '2026-12-31',
};

describe('cadence rows', () => {
  it('shows done against required and how many are still missing', () => {
    expect(cadenceCells(base)).toEqual({
      calls: '1 / 2',
      callsMissing: 1,
      onsite: '0 / 1',
      onsiteMissing: 1,
      period: '2026-10-01 ~ 2026-12-31',
    });
  });

  it('never shows a negative shortfall when more was done than required', () => {
    const c = cadenceCells({ ...base, callsDone: 5, onsiteDone: 3 });
    expect(c.calls).toBe('5 / 2');
    expect(c.callsMissing).toBe(0);
    expect(c.onsiteMissing).toBe(0);
  });

  it('counts the groups behind and names the month', () => {
    expect(
      cadenceSummary([
        { compliant: false, month: '2026-11' },
        { compliant: true, month: '2026-11' },
        { compliant: false, month: '2026-11' },
      ]),
    ).toEqual({ total: 3, behind: 2, month: '2026-11' });
    expect(cadenceSummary([])).toEqual({ total: 0, behind: 0, month: null });
  });
});
