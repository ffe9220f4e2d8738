import { checkDiscount, checkProduct, checkQuantity, checkTerm } from './lineValidation';

describe('line rules (as the server checks them)', () => {
  it('needs a product with a standard price', () => {
    expect(checkProduct(undefined)).toBe('productRequired');
    expect(checkProduct({ standardPrice: null })).toBe('noPrice');
    expect(checkProduct({ standardPrice: '10.00' })).toBeNull();
  });

  it('takes whole quantities from 1 to 100000', () => {
    expect([0, 1, 100_000, 100_001, 2.5, null].map(checkQuantity)).toEqual([
      'quantity',
      null,
      null,
      'quantity',
      'quantity',
      'quantity',
    ]);
  });

  it('takes terms of 1–120 months, whole years when yearly, none when one-off', () => {
    expect(checkTerm(0, 'MONTHLY')).toBe('term');
    expect(checkTerm(121, 'MONTHLY')).toBe('term');
    expect(checkTerm(1, 'MONTHLY')).toBeNull();
    expect(checkTerm(18, 'YEARLY')).toBe('yearlyTerm');
    expect(checkTerm(120, 'YEARLY')).toBeNull();
    expect(checkTerm(null, 'ONE_OFF')).toBeNull();
    expect(checkTerm(null, 'MONTHLY')).toBe('term');
  });

  it('bounds discounts and allows two decimals', () => {
    expect(checkDiscount('PERCENT', '100', '10')).toBeNull();
    expect(checkDiscount('PERCENT', '100.01', '10')).toBe('percent');
    expect(checkDiscount('PERCENT', '-1', '10')).toBe('percent');
    expect(checkDiscount('PERCENT', '12.345', '10')).toBe('decimals');
    expect(checkDiscount('AMOUNT', '199.00', '199.00')).toBeNull();
    expect(checkDiscount('AMOUNT', '199.01', '199.00')).toBe('amount');
    expect(checkDiscount('AMOUNT', 'x', '199.00')).toBe('number');
    expect(checkDiscount('AMOUNT', '', '199.00')).toBeNull();
    expect(checkDiscount('NONE', '500', '1')).toBeNull();
    expect(checkDiscount('AMOUNT', 12.5, '199.00')).toBeNull();
  });
});
