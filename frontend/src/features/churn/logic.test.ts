import { formatPercent, retentionPath } from './logic';
import { beijingMonth, isFutureMonth } from './month';

describe('churn display helpers', () => {
  it('shows the server decimal as a percentage without rounding it', () => {
    expect(formatPercent('35.50')).toBe('35.50%');
    expect(formatPercent('0')).toBe('0%');
    expect(formatPercent(null)).toBe('—');
  });

  it("links a group's retention report", () => {
    expect(retentionPath('Q3VzdG9tZXJHcm91cDox')).toBe('/groups/Q3VzdG9tZXJHcm91cDox/retention');
  });
});

describe('the baseline month', () => {
  // 2026-11-30 20:00 UTC is already 2026-12-01 04:00 in Beijing.
  const now = new Date('2026-11-30T20:00:00Z');

  it('is counted in Beijing time', () => {
    expect(beijingMonth(now)).toBe('2026-12');
  });

  it('may be this month or earlier, not a later one', () => {
    expect(isFutureMonth('2026-12', now)).toBe(false);
    expect(isFutureMonth('2026-06', now)).toBe(false);
    expect(isFutureMonth('2027-01', now)).toBe(true);
  });
});
