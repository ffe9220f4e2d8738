import {
  addDays,
  ageBand,
  agreedOnProblem,
  contactTimeProblem,
  filterStatus,
  noticeOffer,
  paidOnProblem,
  paymentProblem,
  reportCsv,
  toLocalInput,
  validReceipt,
} from './logic';

describe('the days of a collection', () => {
  it('count across month and year ends', () => {
    expect(addDays('2027-01-31', 1)).toBe('2027-02-01');
    expect(addDays('2026-12-15', 90)).toBe('2027-03-15');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });

  it('agree a date from today to 90 days ahead', () => {
    expect(agreedOnProblem('2027-03-01', '2027-03-01')).toBeNull();
    expect(agreedOnProblem('2027-05-30', '2027-03-01')).toBeNull();
    expect(agreedOnProblem('2027-05-31', '2027-03-01')).toBe('range');
    expect(agreedOnProblem('2027-02-28', '2027-03-01')).toBe('range');
    expect(agreedOnProblem('', '2027-03-01')).toBe('missing');
  });

  it('date a payment within the last 90 days, not after today', () => {
    expect(paidOnProblem('2027-03-01', '2027-03-01')).toBeNull();
    expect(paidOnProblem('2026-12-01', '2027-03-01')).toBeNull();
    expect(paidOnProblem('2026-11-30', '2027-03-01')).toBe('range');
    expect(paidOnProblem('2027-03-02', '2027-03-01')).toBe('range');
    expect(paidOnProblem(undefined, '2027-03-01')).toBe('missing');
  });

  it('check the call’s times as the server checks a visit’s', () => {
    const now = '2027-03-01T10:00';
    expect(contactTimeProblem('2027-03-01T09:50', '2027-03-01T10:00', now)).toBeNull();
    expect(contactTimeProblem('2027-03-01T10:00', '2027-03-01T10:00', now)).toBe('endBeforeStart');
    expect(contactTimeProblem('2027-02-27T09:00', '2027-03-01T10:00', now)).toBe('tooLong');
    expect(contactTimeProblem('2027-03-01T10:00', '2027-03-01T10:06', now)).toBe('future');
    expect(contactTimeProblem(undefined, '2027-03-01T10:00', now)).toBeNull();
    expect(toLocalInput('2027-03-01 10:00')).toBe('2027-03-01T10:00');
  });
});

describe('a payment', () => {
  it('is more than 0 and at most what is owed, without floats', () => {
    expect(paymentProblem('300', '300.00')).toBeNull();
    expect(paymentProblem('0.01', '300.00')).toBeNull();
    expect(paymentProblem('300.01', '300.00')).toBe('range');
    expect(paymentProblem('0', '300.00')).toBe('range');
    expect(paymentProblem('1.234', '300.00')).toBe('format');
    expect(paymentProblem('abc', '300.00')).toBe('format');
    expect(paymentProblem('90071992547409.93', '90071992547409.92')).toBe('range');
  });

  it('needs an official receipt number of 4–40 letters, digits or dashes', () => {
    expect(validReceipt('SJ-2027-0001')).toBe(true);
    expect(validReceipt('123')).toBe(false);
    expect(validReceipt('收据 001')).toBe(false);
  });
});

describe('the arrears notice button', () => {
  it('is enabled when the server offers the notice', () => {
    expect(noticeOffer({ allowedActions: ['ISSUE_ARREARS_NOTICE', 'RECORD_ARREARS_PAYMENT'], noticeBlocked: null })).toEqual({
      shown: true,
      enabled: true,
    });
  });

  it('is disabled with the server’s reason for whoever works the item', () => {
    const blocked = { message: '约定缴费日期 2027-03-10 尚未过去：2027-03-11 起才能发催缴通知单' };
    expect(noticeOffer({ allowedActions: ['LOG_COLLECTION_CONTACT', 'RECORD_ARREARS_PAYMENT'], noticeBlocked: blocked })).toEqual({
      shown: true,
      enabled: false,
      reason: blocked.message,
    });
  });

  it('is absent for a viewer who does not work the item', () => {
    expect(noticeOffer({ allowedActions: [], noticeBlocked: { message: '须先电话或信函催缴' } }).shown).toBe(false);
  });
});

describe('the collection figures', () => {
  it('filter those still owed by default', () => {
    expect(filterStatus('OWED')).toEqual(['OPEN', 'CONTACTED', 'NOTICED']);
    expect(filterStatus('PAID')).toEqual(['PAID']);
    expect(filterStatus('ALL')).toBeNull();
  });

  it('name the age bands', () => {
    expect(ageBand(1, 1)).toEqual({ kind: 'single', n: 1 });
    expect(ageBand(4, 6)).toEqual({ kind: 'range', from: 4, to: 6 });
    expect(ageBand(7, null)).toEqual({ kind: 'over', n: 6 });
  });

  it('export a section per grouping, with the byte order mark', () => {
    const csv = reportCsv(['分组', '名称', '催缴单数', '欠费金额', '已缴金额', '回收率(%)', '欠费余额'], [
      { title: '合计', rows: [{ name: '2027-02', items: 3, overdue: '900.00', collected: '300.00', rate: '33.33', outstanding: '600.00' }] },
      { title: '账龄', rows: [{ name: '4–6 个月', outstanding: '600.00' }] },
    ]);
    expect(csv).toBe(
      '\uFEFF分组,名称,催缴单数,欠费金额,已缴金额,回收率(%),欠费余额\r\n合计,2027-02,3,900.00,300.00,33.33,600.00\r\n账龄,4–6 个月,,,,,600.00\r\n',
    );
  });
});
