import { revenueChange } from './context';

describe('the revenue change an approver sees', () => {
  const m = (month: string, revenue: string) => ({ month, revenue });

  it('runs from the first month with revenue to the last, to one decimal', () => {
    expect(revenueChange([m('2026-06', '0.00'), m('2026-07', '4000.00'), m('2026-11', '3000.00')])).toEqual({
      from: '2026-07',
      percent: -25,
    });
    expect(revenueChange([m('2026-10', '3000.00'), m('2026-11', '3100.00')])).toEqual({ from: '2026-10', percent: 3.3 });
  });

  it('says nothing without two months to compare', () => {
    expect(revenueChange([])).toBeNull();
    expect(revenueChange([m('2026-11', '100.00')])).toBeNull();
    expect(revenueChange([m('2026-10', '0.00'), m('2026-11', '0.00')])).toBeNull();
  });
});
