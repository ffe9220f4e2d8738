import { currentMonth, isFutureMonth, isMonth, monthsEnding, shiftMonth } from './month';

describe('KPI months', () => {
  it('counts the month in Beijing time, not UTC', () => {
    // 2026-01-31 17:30 UTC is already 1 February in Beijing.
    expect(currentMonth(new Date('2026-01-31T17:30:00Z'))).toBe('2026-02');
    // 2025-12-31 15:59 UTC is still 31 December in Beijing.
    expect(currentMonth(new Date('2025-12-31T15:59:00Z'))).toBe('2025-12');
    expect(currentMonth(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01');
  });

  it('moves by months across year ends both ways', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-03', -14)).toBe('2025-01');
    expect(shiftMonth('2026-11', 0)).toBe('2026-11');
    expect(() => shiftMonth('2026-1', 1)).toThrow();
  });

  it('lists the six months of a trend oldest first', () => {
    expect(monthsEnding('2026-02', 6)).toEqual(['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('knows a well-formed month and one still to come', () => {
    expect(isMonth('2026-12')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
    const now = new Date('2026-11-23T04:00:00Z');
    expect(isFutureMonth('2026-12', now)).toBe(true);
    expect(isFutureMonth('2026-11', now)).toBe(false);
    expect(isFutureMonth('2025-12', now)).toBe(false);
  });
});
