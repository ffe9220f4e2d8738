import {
  calendarInputs,
  daysBetween,
  every,
  formToMatrixInput,
  isDecimal,
  leaseHeld,
  matrixToForm,
  runSeconds,
  sortChain,
  weekday,
  yearRange,
} from './logic';

// The default matrix of rule 3.
const DEFAULT = {
  number: 3,
  rules: [
    { minMonthlyDiscount: '200.00', lineDiscountAbovePercent: null, chain: ['BRANCH_MANAGER' as const] },
    { minMonthlyDiscount: '500.00', lineDiscountAbovePercent: null, chain: ['GENERAL_MANAGER' as const, 'BRANCH_MANAGER' as const] },
    { minMonthlyDiscount: null, lineDiscountAbovePercent: '30.00', chain: ['GENERAL_MANAGER' as const] },
  ],
};

describe('approval matrix editor', () => {
  it('shows a missing condition as a blank field and chains in authority order', () => {
    expect(matrixToForm(DEFAULT).rules).toEqual([
      { minMonthlyDiscount: '200.00', lineDiscountAbovePercent: '', chain: ['BRANCH_MANAGER'] },
      { minMonthlyDiscount: '500.00', lineDiscountAbovePercent: '', chain: ['BRANCH_MANAGER', 'GENERAL_MANAGER'] },
      { minMonthlyDiscount: '', lineDiscountAbovePercent: '30.00', chain: ['GENERAL_MANAGER'] },
    ]);
  });

  it('sends back what it showed unchanged, with the number last seen', () => {
    const input = formToMatrixInput(matrixToForm(DEFAULT), 3);
    expect(input).toEqual({
      expectedNumber: 3,
      rules: [
        { minMonthlyDiscount: '200.00', lineDiscountAbovePercent: null, chain: ['BRANCH_MANAGER'] },
        { minMonthlyDiscount: '500.00', lineDiscountAbovePercent: null, chain: ['BRANCH_MANAGER', 'GENERAL_MANAGER'] },
        { minMonthlyDiscount: null, lineDiscountAbovePercent: '30.00', chain: ['GENERAL_MANAGER'] },
      ],
    });
  });

  it('sends amounts exactly as typed (trimmed, no float), blanks as null, a chain without repeats', () => {
    const input = formToMatrixInput(
      {
        rules: [
          {
            minMonthlyDiscount: ' 1000.10 ',
            lineDiscountAbovePercent: '  ',
            chain: ['GENERAL_MANAGER', 'DEPARTMENT_HEAD', 'GENERAL_MANAGER'],
          },
        ],
      },
      7,
    );
    expect(input.rules).toEqual([
      { minMonthlyDiscount: '1000.10', lineDiscountAbovePercent: null, chain: ['DEPARTMENT_HEAD', 'GENERAL_MANAGER'] },
    ]);
    expect(input.expectedNumber).toBe(7);
    expect(sortChain(['ADMIN', 'BRANCH_MANAGER', 'ADMIN'])).toEqual(['BRANCH_MANAGER', 'ADMIN']);
  });

  it('accepts amounts and percents with at most two decimals', () => {
    expect(isDecimal('200')).toBe(true);
    expect(isDecimal('30.5')).toBe(true);
    expect(isDecimal('499.99')).toBe(true);
    expect(isDecimal('1.005')).toBe(false);
    expect(isDecimal('-1')).toBe(false);
    expect(isDecimal('1e3')).toBe(false);
    expect(isDecimal('')).toBe(false);
  });
});

describe('holiday calendar', () => {
  it('asks for the whole year', () => {
    expect(yearRange(2026)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('marks every day of a holiday in one go, across a month end', () => {
    expect(daysBetween('2026-09-30', '2026-10-03')).toEqual(['2026-09-30', '2026-10-01', '2026-10-02', '2026-10-03']);
    expect(daysBetween('2026-12-31', '2027-01-01')).toEqual(['2026-12-31', '2027-01-01']);
    expect(daysBetween('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysBetween('2026-10-03', '2026-10-01')).toEqual([]);
    expect(daysBetween('2026-01-01', '2026-12-31')).toHaveLength(62);
  });

  it('builds one input per day with the trimmed name and the care flag', () => {
    expect(
      calendarInputs({ days: ['2026-10-01', '2026-10-02'], kind: 'HOLIDAY', name: ' 国庆节 ', care: true }),
    ).toEqual([
      { day: '2026-10-01', kind: 'HOLIDAY', name: '国庆节', care: true },
      { day: '2026-10-02', kind: 'HOLIDAY', name: '国庆节', care: true },
    ]);
    expect(calendarInputs({ days: ['2026-10-10', '2026-10-10'], kind: 'WORKDAY', name: '国庆调休', care: false })).toEqual([
      { day: '2026-10-10', kind: 'WORKDAY', name: '国庆调休', care: false },
    ]);
  });

  it('knows the weekday of a day whatever the browser’s time zone', () => {
    expect(weekday('2026-10-10')).toBe(6);
    expect(weekday('2026-10-11')).toBe(0);
  });
});

describe('scheduler', () => {
  it('reads a job’s period in the largest whole unit', () => {
    expect(every(86400)).toEqual({ unit: 'day', n: 1 });
    expect(every(3600 * 6)).toEqual({ unit: 'hour', n: 6 });
    expect(every(900)).toEqual({ unit: 'minute', n: 15 });
    expect(every(90)).toEqual({ unit: 'second', n: 90 });
  });

  it('gives a run’s duration once it ended', () => {
    expect(runSeconds({ startedAt: '2026-11-23T01:00:00Z', finishedAt: '2026-11-23T01:00:02.600Z' })).toBe(3);
    expect(runSeconds({ startedAt: '2026-11-23T01:00:00Z', finishedAt: null })).toBeNull();
  });

  it('tells a lease still held from one that lapsed', () => {
    const now = Date.parse('2026-11-23T01:00:00Z');
    expect(leaseHeld({ leasedBy: 'web-1', leasedUntil: '2026-11-23T01:00:30Z' }, now)).toBe(true);
    expect(leaseHeld({ leasedBy: 'web-1', leasedUntil: '2026-11-23T00:59:30Z' }, now)).toBe(false);
    expect(leaseHeld({ leasedBy: null, leasedUntil: null }, now)).toBe(false);
  });
});
