import type { ProposalVersionFieldsFragment } from '../../gql/graphql';
import { diffVersions, sameValue } from './versionDiff';

type V = Parameters<typeof diffVersions>[0];

function line(position: number, productId: string, over: Record<string, unknown> = {}) {
  return {
    position,
    product: { id: productId, name: productId },
    quantity: 1,
    termMonths: 36,
    unitPrice: '100.00',
    discountKind: 'NONE',
    discountPercent: null,
    discountAmount: null,
    netUnitPrice: '100.00',
    lineDiscountPercent: '0.00',
    netTotal: '3600.00',
    ...over,
  } as unknown as ProposalVersionFieldsFragment['lines'][number];
}

function version(number: number, lines: V['lines'], over: Partial<V> = {}): V {
  return {
    number,
    title: '方案',
    customerBackground: null,
    competitiveSituation: null,
    justification: null,
    listMonthly: '100.00',
    monthlyTotal: '100.00',
    discountMonthly: '0.00',
    oneOffTotal: '0.00',
    listTermTotal: '3600.00',
    termTotal: '3600.00',
    discountTerm: '0.00',
    discountPercent: '0.00',
    maxLineDiscountPercent: '0.00',
    lines,
    ...over,
  };
}

describe('diffVersions', () => {
  it('finds nothing between identical versions', () => {
    const a = version(1, [line(1, 'A'), line(2, 'B')]);
    const d = diffVersions(a, version(2, [line(1, 'A'), line(2, 'B')]));
    expect(d.same).toBe(true);
    expect(d.rows.map((r) => r.kind)).toEqual(['same', 'same']);
  });

  it('pairs lines by product, not position, and names the fields that changed', () => {
    const left = version(1, [line(1, 'A'), line(2, 'B')]);
    const right = version(2, [
      line(1, 'B'),
      line(2, 'A', { discountKind: 'PERCENT', discountPercent: '10.00', netUnitPrice: '90.00', lineDiscountPercent: '10.00', netTotal: '3240.00' }),
    ]);
    const d = diffVersions(left, right);
    expect(d.rows.map((r) => [r.kind, r.left?.product?.id, r.right?.product?.id])).toEqual([
      ['same', 'B', 'B'],
      ['changed', 'A', 'A'],
    ]);
    expect(d.rows[1].changed).toEqual(['discountKind', 'discountPercent', 'netUnitPrice', 'lineDiscountPercent', 'netTotal']);
    expect(d.same).toBe(false);
  });

  it('shows added and removed lines, with repeated products paired in order', () => {
    const left = version(1, [line(1, 'A', { quantity: 1 }), line(2, 'A', { quantity: 2 }), line(3, 'C')]);
    const right = version(2, [line(1, 'A', { quantity: 1 }), line(2, 'D')]);
    const d = diffVersions(left, right);
    expect(d.rows.map((r) => [r.kind, r.left?.position ?? null, r.right?.position ?? null])).toEqual([
      ['same', 1, 1],
      ['added', null, 2],
      ['removed', 2, null],
      ['removed', 3, null],
    ]);
  });

  it('compares totals by value and texts by content', () => {
    const left = version(1, [], { termTotal: '3600.00', justification: null, title: '方案' });
    const right = version(2, [], { termTotal: '3600', monthlyTotal: '90.00', justification: '竞争', title: '方案' });
    const d = diffVersions(left, right);
    expect(d.totals.filter((x) => x.changed).map((x) => x.field)).toEqual(['monthlyTotal']);
    expect(d.texts.filter((x) => x.changed).map((x) => x.field)).toEqual(['justification']);
    // A blank text and a missing one are the same.
    expect(diffVersions(version(1, [], { justification: '' }), version(2, [], { justification: null })).same).toBe(true);
  });

  it('compares decimals by value', () => {
    expect(sameValue('12.50', '12.5')).toBe(true);
    expect(sameValue('12.50', '12.51')).toBe(false);
    expect(sameValue(null, null)).toBe(true);
    expect(sameValue(null, '0')).toBe(false);
    expect(sameValue('PERCENT', 'AMOUNT')).toBe(false);
    expect(sameValue(3, 3)).toBe(true);
  });
});
