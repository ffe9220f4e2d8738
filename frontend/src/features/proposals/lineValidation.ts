// What the server checks on each line (src/proposals/service.rs, price_lines), as form rules:
// each function gives the message key under `proposals:rule`, or null when the value is fine.
import type { Billing, DiscountKind } from '../../gql/graphql';
import { cmp, dec, isDecimal, isNegative, significantScale } from './decimal';

export type RuleKey =
  | 'productRequired'
  | 'noPrice'
  | 'quantity'
  | 'term'
  | 'yearlyTerm'
  | 'percent'
  | 'amount'
  | 'decimals'
  | 'number';

export function checkProduct(product: { standardPrice?: string | null } | undefined | null): RuleKey | null {
  if (!product) return 'productRequired';
  return product.standardPrice ? null : 'noPrice';
}

export function checkQuantity(q: number | null | undefined): RuleKey | null {
  return q != null && Number.isInteger(q) && q >= 1 && q <= 100_000 ? null : 'quantity';
}

/** Term in months: 1–120, whole years for yearly products; ignored for one-off charges. */
export function checkTerm(term: number | null | undefined, billing: Billing | undefined): RuleKey | null {
  if (billing === 'ONE_OFF') return null;
  if (term == null || !Number.isInteger(term) || term < 1 || term > 120) return 'term';
  if (billing === 'YEARLY' && term % 12 !== 0) return 'yearlyTerm';
  return null;
}

/** The discount value under its kind: a percent 0–100 or an amount from 0 to the standard price, two decimals at most. */
export function checkDiscount(
  kind: DiscountKind | undefined,
  value: string | number | null | undefined,
  standardPrice: string | null | undefined,
): RuleKey | null {
  if (!kind || kind === 'NONE') return null;
  const s = value == null ? '' : String(value).trim();
  if (s === '') return null; // blank reads as no discount, as on the server
  if (!isDecimal(s)) return 'number';
  const v = dec(s);
  if (significantScale(v) > 2) return 'decimals';
  if (kind === 'PERCENT') return isNegative(v) || cmp(v, dec(100)) > 0 ? 'percent' : null;
  if (isNegative(v)) return 'amount';
  if (standardPrice && cmp(v, dec(standardPrice)) > 0) return 'amount';
  return null;
}

export const TITLE_MAX = 200;
export const TEXT_MAX = 4000;
export const REASON_MAX = 1000;
export const MAX_LINES = 100;
