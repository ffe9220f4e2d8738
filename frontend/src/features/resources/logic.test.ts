import { describe, expect, it } from 'vitest';
import { giftValue, kindsFor, previousMonth, requestInput } from './logic';

describe('resource requests', () => {
  it('offers an expert only for a visit of the plan', () => {
    expect(kindsFor(true)).toContain('COMPANION');
    expect(kindsFor(false)).not.toContain('COMPANION');
  });

  it('sends only the chosen kind’s fields, the budget with two decimals', () => {
    const v = { kind: 'EVENT' as const, reason: ' 维系 ', title: ' 联谊会 ', startsOn: '2026-12-20', quantity: 30, budget: 5000, productId: 'P1' };
    expect(requestInput(v, null, 'G1')).toEqual({
      kind: 'EVENT',
      planItemId: null,
      groupId: 'G1',
      reason: '维系',
      title: '联谊会',
      startsOn: '2026-12-20',
      quantity: 30,
      budget: '5000.00',
    });
    const gift = requestInput({ kind: 'GIFT', reason: '赠送', giftItemId: 'X', contactId: 'C', quantity: 2, groupId: 'G2' }, 'I1', null);
    expect(gift).toEqual({ kind: 'GIFT', planItemId: 'I1', groupId: 'G2', reason: '赠送', giftItemId: 'X', contactId: 'C', quantity: 2 });
  });

  it('counts gift value in exact cents', () => {
    expect(giftValue('35.00', 2)).toBe('70.00');
    expect(giftValue('0.10', 3)).toBe('0.30');
    expect(giftValue('268.5', 1)).toBe('268.50');
  });

  it('steps back a month across the year', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-12')).toBe('2026-11');
  });
});
