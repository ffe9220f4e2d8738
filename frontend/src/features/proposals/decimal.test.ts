import { add, cmp, dec, div, isDecimal, money, mul, normalize, round, significantScale, sub, toStr } from './decimal';

describe('exact decimals', () => {
  it('parse and print without changing a digit', () => {
    for (const s of ['0', '12', '-3.50', '0.001', '90071992547409931.99', '-0.05']) expect(toStr(dec(s))).toBe(s);
    expect(toStr(dec('.5'))).toBe('0.5');
    expect(toStr(dec(' 7.10 '))).toBe('7.10');
    expect(toStr(dec(42))).toBe('42');
  });

  it('refuse what is not a plain decimal', () => {
    for (const s of ['', 'abc', '1e3', '1,000', '1.2.3', '--1', 'NaN']) {
      expect(isDecimal(s), s).toBe(false);
      expect(() => dec(s), s).toThrow();
    }
    expect(() => dec(0.1)).toThrow();
  });

  it('add, subtract and multiply exactly where floats would not', () => {
    expect(toStr(add(dec('0.1'), dec('0.2')))).toBe('0.3');
    expect(toStr(sub(dec('1'), dec('0.9')))).toBe('0.1');
    expect(toStr(mul(dec('1.1'), dec('1.1')))).toBe('1.21');
    expect(toStr(mul(dec('99999999.99'), dec('12000000')))).toBe('1199999999880000.00');
    expect(cmp(dec('0.30'), dec('0.3'))).toBe(0);
    expect(cmp(dec('-1'), dec('0'))).toBe(-1);
  });

  it('round halves away from zero, or to even when asked', () => {
    expect(toStr(round(dec('0.025'), 2))).toBe('0.03');
    expect(toStr(round(dec('-0.025'), 2))).toBe('-0.03');
    expect(toStr(round(dec('0.0249999'), 2))).toBe('0.02');
    expect(toStr(round(dec('0.025'), 2, 'halfEven'))).toBe('0.02');
    expect(toStr(round(dec('0.035'), 2, 'halfEven'))).toBe('0.04');
    expect(toStr(round(dec('0.0251'), 2, 'halfEven'))).toBe('0.03');
    expect(toStr(round(dec('3'), 2))).toBe('3.00');
  });

  it('divide exactly, then round once', () => {
    expect(toStr(div(dec('1'), dec('3'), 6))).toBe('0.333333');
    expect(toStr(div(dec('2'), dec('3'), 6))).toBe('0.666667');
    expect(toStr(div(dec('0.30'), dec('12'), 2))).toBe('0.03');
    expect(toStr(div(dec('-0.30'), dec('12'), 2))).toBe('-0.03');
    expect(toStr(div(dec('24.69'), dec('200.00'), 6))).toBe('0.123450');
    expect(() => div(dec('1'), dec('0'), 2)).toThrow();
  });

  it('print money with two places as the server does', () => {
    expect(money(dec('12.345'))).toBe('12.34');
    expect(money(dec('12.355'))).toBe('12.36');
    expect(money(dec('5'))).toBe('5.00');
    expect(significantScale(dec('12.500'))).toBe(1);
    expect(toStr(normalize(dec('12.5000')))).toBe('12.5');
    expect(toStr(normalize(dec('100.00')))).toBe('100');
  });
});
