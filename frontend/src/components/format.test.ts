import { beijingDate, beijingToIso, formatDateTime, formatMoney } from './format';

describe('formatMoney', () => {
  it('groups thousands and keeps exact cents', () => {
    expect(formatMoney('1234567.5')).toBe('¥1,234,567.50');
    expect(formatMoney('0.1')).toBe('¥0.10');
    expect(formatMoney('630')).toBe('¥630.00');
    expect(formatMoney('-21528.00')).toBe('-¥21,528.00');
  });
  it('never rounds through a float', () => {
    expect(formatMoney('90071992547409931.99')).toBe('¥90,071,992,547,409,931.99');
    expect(formatMoney('12.3456')).toBe('¥12.3456');
  });
  it('shows a dash for nothing', () => {
    expect(formatMoney(null)).toBe('—');
  });
});

describe('Beijing time', () => {
  it('shows UTC instants in Beijing', () => {
    expect(formatDateTime('2026-11-23T10:00:00Z')).toBe('2026-11-23 18:00');
    expect(formatDateTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30');
  });
  it('takes the Beijing date across the UTC midnight', () => {
    expect(beijingDate(new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24');
  });
  it('turns a Beijing wall time into UTC', () => {
    expect(beijingToIso('2026-11-24', '09:30')).toBe('2026-11-24T01:30:00.000Z');
  });
});
