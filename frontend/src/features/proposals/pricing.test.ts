import type { Billing, DiscountKind } from '../../gql/graphql';
import { computeTotals, effectiveKind, priceLine, tooLarge, type LinePrice, type PricingLine } from './pricing';

function line(
  billing: Billing,
  unitPrice: string,
  quantity: number,
  termMonths: number,
  discountKind: DiscountKind = 'NONE',
  discountValue: string | null = null,
): PricingLine {
  return { billing, unitPrice, quantity, termMonths, discountKind, discountValue };
}

function priced(l: PricingLine): LinePrice {
  const r = priceLine(l);
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.problems)}`);
  return r.price;
}

function problems(l: PricingLine): string[] {
  const r = priceLine(l);
  return r.ok ? [] : r.problems.map((p) => `${p.field}:${p.code}`);
}

describe('priceLine mirrors pricing.rs', () => {
  it('rounds a percent-discounted unit price to the fen (33.33 × 3 less 12.5 %)', () => {
    const p = priced(line('MONTHLY', '33.33', 3, 12, 'PERCENT', '12.5'));
    // 33.33 less 12.5% is 29.16375: the unit price is 29.16.
    expect(p).toEqual({
      netUnitPrice: '29.16',
      lineRate: '0.125113',
      lineDiscountPercent: '12.51',
      listTotal: '1199.88',
      netTotal: '1049.76',
      listMonthly: '99.99',
      netMonthly: '87.48',
      monthlyDiscount: '12.51',
    });
  });

  it('rounds half a fen up, never to even', () => {
    // 0.05 less 50% is 0.025 → 0.03.
    expect(priced(line('ONE_OFF', '0.05', 1, 0, 'PERCENT', '50')).netUnitPrice).toBe('0.03');
    // 0.07 less 50% is 0.035 → 0.04; 0.01 less 50% is 0.005 → 0.01.
    expect(priced(line('ONE_OFF', '0.07', 1, 0, 'PERCENT', '50')).netUnitPrice).toBe('0.04');
    expect(priced(line('ONE_OFF', '0.01', 1, 0, 'PERCENT', '50')).netUnitPrice).toBe('0.01');
    // Just under half a fen rounds down: 0.09 less 72.3% is 0.024930 → 0.02.
    expect(priced(line('ONE_OFF', '0.09', 1, 0, 'PERCENT', '72.3')).netUnitPrice).toBe('0.02');
  });

  it('takes percents with two decimals (33.33 less 33.33 %)', () => {
    const p = priced(line('MONTHLY', '33.33', 1, 1, 'PERCENT', '33.33'));
    expect(p.netUnitPrice).toBe('22.22'); // 22.221111
    expect(p.lineRate).toBe('0.333333');
    expect(p.lineDiscountPercent).toBe('33.33');
  });

  it('bounds amounts off by the price', () => {
    const p = priced(line('MONTHLY', '199.00', 2, 24, 'AMOUNT', '49.99'));
    expect(p.netUnitPrice).toBe('149.01');
    expect(p.netTotal).toBe('7152.48');
    expect(p.listTotal).toBe('9552.00');
    expect(p.monthlyDiscount).toBe('99.98');
    const free = priced(line('MONTHLY', '199.00', 1, 1, 'AMOUNT', '199.00'));
    expect(free.netUnitPrice).toBe('0.00');
    expect(free.lineRate).toBe('1.000000');
    expect(free.lineDiscountPercent).toBe('100.00');
    expect(problems(line('MONTHLY', '199.00', 1, 1, 'AMOUNT', '199.01'))).toEqual(['discountAmount:AMOUNT_OUT_OF_RANGE']);
    expect(problems(line('MONTHLY', '199.00', 1, 1, 'AMOUNT', '-0.01'))).toEqual(['discountAmount:AMOUNT_OUT_OF_RANGE']);
  });

  it('bounds percents to 0–100', () => {
    expect(problems(line('MONTHLY', '1', 1, 1, 'PERCENT', '100.01'))).toEqual(['discountPercent:PERCENT_OUT_OF_RANGE']);
    expect(problems(line('MONTHLY', '1', 1, 1, 'PERCENT', '-1'))).toEqual(['discountPercent:PERCENT_OUT_OF_RANGE']);
    const all = priced(line('MONTHLY', '88.88', 1, 1, 'PERCENT', '100'));
    expect(all.netUnitPrice).toBe('0.00');
    expect(all.lineRate).toBe('1.000000');
  });

  it('reads a zero or blank discount as none', () => {
    for (const [kind, value] of [
      ['PERCENT', '0'],
      ['AMOUNT', '0.00'],
      ['PERCENT', ''],
      ['AMOUNT', null],
    ] as const) {
      const p = priced(line('MONTHLY', '50.00', 1, 12, kind, value));
      expect(p.netUnitPrice).toBe('50.00');
      expect(p.lineRate).toBe('0.000000');
      expect(effectiveKind(kind, value)).toBe('NONE');
    }
    expect(effectiveKind('PERCENT', '5')).toBe('PERCENT');
    expect(effectiveKind('NONE', '5')).toBe('NONE');
    // A value left behind under "none" is ignored.
    expect(priced(line('MONTHLY', '50.00', 1, 12, 'NONE', '20')).netUnitPrice).toBe('50.00');
  });

  it('allows at most two decimals in a discount', () => {
    expect(problems(line('MONTHLY', '100', 1, 1, 'PERCENT', '12.345'))).toEqual(['discountPercent:TOO_MANY_DECIMALS']);
    expect(problems(line('MONTHLY', '100', 1, 1, 'AMOUNT', '0.001'))).toEqual(['discountPercent:TOO_MANY_DECIMALS']);
    expect(problems(line('MONTHLY', '100', 1, 1, 'PERCENT', '12.500'))).toEqual([]);
    expect(problems(line('MONTHLY', '100', 1, 1, 'PERCENT', 'abc'))).toEqual(['discountPercent:NOT_A_NUMBER']);
  });

  it('counts a twelfth of yearly charges per month and needs whole years', () => {
    const p = priced(line('YEARLY', '1800.00', 1, 24, 'PERCENT', '10'));
    expect(p.netTotal).toBe('3240.00');
    expect(p.listTotal).toBe('3600.00');
    expect(p.listMonthly).toBe('150.00');
    expect(p.netMonthly).toBe('135.00');
    expect(problems(line('YEARLY', '1800.00', 1, 18))).toEqual(['termMonths:YEARLY_TERM_NOT_WHOLE_YEARS']);
    expect(problems(line('YEARLY', '1800.00', 1, 13))).toEqual(['termMonths:YEARLY_TERM_NOT_WHOLE_YEARS']);
    expect(problems(line('YEARLY', '1800.00', 1, 120))).toEqual([]);
    // 1000.00 / 12 = 83.333…; 1000.06 / 12 = 83.338…; 0.30 / 12 = 0.025 exactly → 0.03.
    expect(priced(line('YEARLY', '1000.00', 1, 12)).listMonthly).toBe('83.33');
    expect(priced(line('YEARLY', '1000.06', 1, 12)).listMonthly).toBe('83.34');
    expect(priced(line('YEARLY', '0.30', 1, 12)).listMonthly).toBe('0.03');
    expect(priced(line('YEARLY', '0.10', 3, 12)).listMonthly).toBe('0.03');
    // The quantity multiplies before the twelfth is taken: 0.05 × 7 / 12 = 0.029166… → 0.03.
    expect(priced(line('YEARLY', '0.05', 7, 12)).listMonthly).toBe('0.03');
  });

  it('charges one-off lines once, whatever term they carry', () => {
    const p = priced(line('ONE_OFF', '2000.00', 3, 500, 'AMOUNT', '150.50'));
    expect(p.netUnitPrice).toBe('1849.50');
    expect(p.netTotal).toBe('5548.50');
    expect(p.listTotal).toBe('6000.00');
    expect(p.listMonthly).toBe('0.00');
    expect(p.netMonthly).toBe('0.00');
    expect(p.monthlyDiscount).toBe('0.00');
  });

  it('checks quantity and term bounds like the server', () => {
    expect(problems(line('MONTHLY', '10', 0, 12))).toEqual(['quantity:QUANTITY_OUT_OF_RANGE']);
    expect(problems(line('MONTHLY', '10', 100_001, 12))).toEqual(['quantity:QUANTITY_OUT_OF_RANGE']);
    expect(problems(line('MONTHLY', '10', 1.5, 12))).toEqual(['quantity:QUANTITY_OUT_OF_RANGE']);
    expect(problems(line('MONTHLY', '10', 100_000, 12))).toEqual([]);
    expect(problems(line('MONTHLY', '10', 1, 0))).toEqual(['termMonths:TERM_OUT_OF_RANGE']);
    expect(problems(line('MONTHLY', '10', 1, 121))).toEqual(['termMonths:TERM_OUT_OF_RANGE']);
    expect(problems(line('MONTHLY', '10', 1, 120))).toEqual([]);
    expect(problems(line('YEARLY', '10', 1, 132))).toEqual(['termMonths:TERM_OUT_OF_RANGE']);
    expect(problems(line('YEARLY', '10', 1, 130))).toEqual([
      'termMonths:TERM_OUT_OF_RANGE',
      'termMonths:YEARLY_TERM_NOT_WHOLE_YEARS',
    ]);
    expect(problems(line('MONTHLY', '10', 0, 0, 'PERCENT', '101'))).toEqual([
      'quantity:QUANTITY_OUT_OF_RANGE',
      'termMonths:TERM_OUT_OF_RANGE',
      'discountPercent:PERCENT_OUT_OF_RANGE',
    ]);
  });

  it('rounds line rates to six places and prints percents the server way', () => {
    // 1 off 3: a third; 2 off 3: two thirds.
    expect(priced(line('MONTHLY', '3.00', 1, 1, 'AMOUNT', '1.00')).lineRate).toBe('0.333333');
    const twoThirds = priced(line('MONTHLY', '3.00', 1, 1, 'AMOUNT', '2.00'));
    expect(twoThirds.lineRate).toBe('0.666667');
    expect(twoThirds.lineDiscountPercent).toBe('66.67');
    // 24.69 off 200 is exactly 12.345 %: the server prints it with banker's rounding, 12.34.
    expect(priced(line('MONTHLY', '200.00', 1, 1, 'AMOUNT', '24.69')).lineDiscountPercent).toBe('12.34');
    // A free product has no rate (nothing to divide by).
    expect(priced(line('MONTHLY', '0.00', 1, 1)).lineRate).toBe('0.000000');
  });

  it('stays exact beyond the range of floats', () => {
    const p = priced(line('MONTHLY', '99999999.99', 100_000, 120, 'PERCENT', '0.01'));
    expect(p.listTotal).toBe('1199999999880000.00');
    expect(p.netUnitPrice).toBe('99989999.99'); // 99989999.990001
    expect(p.netTotal).toBe('1199879999880000.00');
    expect(p.netMonthly).toBe('9998999999000.00');
  });

  it('agrees with an independent whole-fen computation for every percent step', () => {
    // Reference: fen × (10000 − basis points) / 10000, rounded half up in integers.
    const fenRound = (num: bigint, den: bigint) => (num * 2n + den) / (den * 2n);
    for (const price of ['0.01', '0.05', '0.99', '1.00', '9.99', '33.33', '123.45', '199.00', '4200.00', '99999.99']) {
      const fen = BigInt(price.replace('.', ''));
      for (let bp = 0; bp <= 10_000; bp += 37) {
        const pct = `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
        const expected = fenRound(fen * BigInt(10_000 - bp), 10_000n);
        const p = priced(line('MONTHLY', price, 7, 36, 'PERCENT', pct));
        expect(BigInt(p.netUnitPrice.replace('.', '')), `${price} less ${pct}%`).toBe(expected);
        expect(BigInt(p.netTotal.replace('.', ''))).toBe(expected * 7n * 36n);
        expect(BigInt(p.monthlyDiscount.replace('.', ''))).toBe((fen - expected) * 7n);
      }
    }
  });

  it('agrees with whole-fen arithmetic for every amount off, yearly', () => {
    const fenRound = (num: bigint, den: bigint) => (num * 2n + den) / (den * 2n);
    for (const price of ['0.01', '12.34', '1800.00']) {
      const fen = BigInt(price.replace('.', ''));
      for (let off = 0n; off <= fen; off += fen / 17n || 1n) {
        const amount = `${off / 100n}.${String(off % 100n).padStart(2, '0')}`;
        const p = priced(line('YEARLY', price, 5, 36, 'AMOUNT', amount));
        const net = fen - off;
        expect(BigInt(p.netTotal.replace('.', '')), `${price} less ${amount}`).toBe(net * 5n * 3n);
        expect(BigInt(p.netMonthly.replace('.', ''))).toBe(fenRound(net * 5n, 12n));
        expect(BigInt(p.listMonthly.replace('.', ''))).toBe(fenRound(fen * 5n, 12n));
      }
    }
  });
});

describe('computeTotals mirrors pricing.rs', () => {
  it('adds up to the cent', () => {
    const { totals, invalid } = computeTotals([
      line('MONTHLY', '4200.00', 1, 36, 'PERCENT', '15'),
      line('ONE_OFF', '2000.00', 1, 0, 'AMOUNT', '2000'),
      line('MONTHLY', '25.00', 7, 36),
      line('YEARLY', '1800.00', 2, 36),
    ]);
    expect(invalid).toEqual([]);
    expect(totals).toEqual({
      listMonthly: '4675.00', // 4200 + 175 + 300
      monthlyTotal: '4045.00', // 3570 + 175 + 300
      oneOffTotal: '0.00',
      listTermTotal: '170300.00', // 151200 + 2000 + 6300 + 10800
      termTotal: '145620.00', // 128520 + 0 + 6300 + 10800
      discountMonthly: '630.00',
      discountTerm: '24680.00',
      discountRate: '0.144921',
      discountPercent: '14.49',
      maxLineRate: '1.000000',
      maxLineDiscountPercent: '100.00',
      maxLineDiscountPercentExact: '100',
      discounted: true,
    });
  });

  it('sums awkward lines exactly, one-off charges apart', () => {
    const { totals, lines } = computeTotals([
      line('MONTHLY', '33.33', 3, 12, 'PERCENT', '12.5'),
      line('YEARLY', '1000.06', 1, 24, 'AMOUNT', '0.01'),
      line('ONE_OFF', '0.05', 1, 0, 'PERCENT', '50'),
    ]);
    expect(lines.every((l) => l.ok)).toBe(true);
    // Monthly: 99.99 + 83.34 = 183.33 list; 87.48 + 83.34 (1000.05 / 12 = 83.3375) = 170.82.
    expect(totals.listMonthly).toBe('183.33');
    expect(totals.monthlyTotal).toBe('170.82');
    expect(totals.discountMonthly).toBe('12.51');
    expect(totals.oneOffTotal).toBe('0.03');
    // Term: 1199.88 + 2000.12 + 0.05 list; 1049.76 + 2000.10 + 0.03 net.
    expect(totals.listTermTotal).toBe('3200.05');
    expect(totals.termTotal).toBe('3049.89');
    expect(totals.discountTerm).toBe('150.16');
    expect(totals.discountRate).toBe('0.046924'); // 150.16 / 3200.05 = 0.0469242…
    expect(totals.discountPercent).toBe('4.69');
    // The largest line discount is the one-off line's 40 % (0.02 off 0.05).
    expect(totals.maxLineRate).toBe('0.400000');
    expect(totals.maxLineDiscountPercentExact).toBe('40');
  });

  it('keeps the exact largest rate for the approval matrix (30 % vs a hair above)', () => {
    const at30 = computeTotals([line('MONTHLY', '100.00', 1, 12, 'PERCENT', '30')]).totals;
    expect(at30.maxLineDiscountPercentExact).toBe('30');
    const above = computeTotals([line('MONTHLY', '33.33', 1, 12, 'PERCENT', '30')]).totals;
    // 33.33 × 0.7 = 23.331 → 23.33: 10.00 off 33.33 is 30.0030 %.
    expect(above.maxLineRate).toBe('0.300030');
    expect(above.maxLineDiscountPercentExact).toBe('30.003');
    expect(above.maxLineDiscountPercent).toBe('30.00');
  });

  it('is all zeros and undiscounted with no lines', () => {
    const { totals } = computeTotals([]);
    expect(totals).toMatchObject({
      listMonthly: '0.00',
      monthlyTotal: '0.00',
      termTotal: '0.00',
      discountRate: '0.000000',
      discountPercent: '0.00',
      maxLineRate: '0.000000',
      maxLineDiscountPercentExact: '0',
      discounted: false,
    });
  });

  it('leaves out and reports the lines the server would refuse', () => {
    const { totals, invalid, lines } = computeTotals([
      line('MONTHLY', '100.00', 1, 12),
      line('MONTHLY', '100.00', 1, 12, 'PERCENT', '120'),
      line('YEARLY', '100.00', 1, 18),
    ]);
    expect(invalid).toEqual([1, 2]);
    expect(lines[1].ok).toBe(false);
    expect(totals.termTotal).toBe('1200.00');
    expect(totals.discounted).toBe(false);
  });

  it('flags a discount on a one-off line even with no monthly discount', () => {
    const { totals } = computeTotals([line('ONE_OFF', '500.00', 1, 0, 'AMOUNT', '100')]);
    expect(totals.discountMonthly).toBe('0.00');
    expect(totals.discounted).toBe(true);
  });

  it('flags totals of a trillion yuan and more as a typing mistake', () => {
    expect(tooLarge(computeTotals([line('MONTHLY', '99999999.99', 100_000, 120)]).totals)).toBe(true);
    expect(tooLarge(computeTotals([line('MONTHLY', '8333333.33', 1000, 120)]).totals)).toBe(false);
  });
});
