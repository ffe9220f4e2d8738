// The server's pricing rules (src/proposals/pricing.rs), mirrored exactly for the live totals
// of the proposal builder. Quotes start from the catalog's standard price (报价须按照标准价);
// anything lower is a discount, per line, as a percentage or as an amount off the unit price,
// never below zero. Money is rounded to the fen half away from zero (四舍五入) where the
// server rounds, and shares (0–1) to six places. The server stays authoritative: after saving,
// its figures are shown.
import type { Billing, DiscountKind } from '../../gql/graphql';
import {
  type Dec,
  ZERO,
  add,
  cmp,
  dec,
  div,
  isDecimal,
  isNegative,
  isZero,
  max,
  money,
  mul,
  normalize,
  round,
  significantScale,
  sub,
  toStr,
} from './decimal';

/** One line to price, as the manager enters it. */
export interface PricingLine {
  billing: Billing;
  /** Standard unit price per billing period (decimal string). */
  unitPrice: string;
  quantity: number;
  /** Months the line runs; ignored for one-off charges. */
  termMonths: number;
  discountKind: DiscountKind;
  /** The percent (0–100) or the amount off, per the kind (decimal string). */
  discountValue?: string | null;
}

/** Why a line cannot be priced; `field` names the input field the server would blame. */
export interface LineProblem {
  field: 'quantity' | 'termMonths' | 'discountPercent' | 'discountAmount';
  code:
    | 'QUANTITY_OUT_OF_RANGE'
    | 'TERM_OUT_OF_RANGE'
    | 'YEARLY_TERM_NOT_WHOLE_YEARS'
    | 'PERCENT_OUT_OF_RANGE'
    | 'AMOUNT_OUT_OF_RANGE'
    | 'TOO_MANY_DECIMALS'
    | 'NOT_A_NUMBER';
}

/** A priced line; money as two-place strings, as the server prints it. */
export interface LinePrice {
  netUnitPrice: string;
  /** Share of the standard price given away, 0–1, six places. */
  lineRate: string;
  /** The same, percent, as the server prints it (two places). */
  lineDiscountPercent: string;
  listTotal: string;
  netTotal: string;
  listMonthly: string;
  netMonthly: string;
  monthlyDiscount: string;
}

export type LineResult = { ok: true; price: LinePrice } | { ok: false; problems: LineProblem[] };

interface Exact {
  netUnit: Dec;
  rate: Dec;
  listTotal: Dec;
  netTotal: Dec;
  listMonthly: Dec;
  netMonthly: Dec;
}

const HUNDRED = dec(100);
const TWELVE = dec(12);
const ONE = dec(1);

/** Money to the fen, halves away from zero (the server's `cents`). */
export function cents(d: Dec): Dec {
  return round(d, 2, 'halfUp');
}

/** `part / whole` to six places, halves away from zero; zero when `whole` is zero. */
function ratio(part: Dec, whole: Dec): Dec {
  return isZero(whole) ? ZERO : div(part, whole, 6, 'halfUp');
}

/** A share 0–1 as a percentage the way the server prints it (×100, two places). */
export function ratePercent(rate: Dec | string): string {
  return money(mul(typeof rate === 'string' ? dec(rate) : rate, HUNDRED));
}

/** The discount the line carries once a zero or blank value is read as none (as the server does). */
export function effectiveKind(kind: DiscountKind, value: string | null | undefined): DiscountKind {
  if (kind === 'NONE' || value == null || value.trim() === '') return 'NONE';
  return isDecimal(value) && isZero(dec(value)) ? 'NONE' : kind;
}

function priceExact(l: PricingLine): { exact?: Exact; problems: LineProblem[] } {
  const problems: LineProblem[] = [];
  if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > 100_000) {
    problems.push({ field: 'quantity', code: 'QUANTITY_OUT_OF_RANGE' });
  }
  const term = l.billing === 'ONE_OFF' ? 0 : l.termMonths;
  if (l.billing !== 'ONE_OFF' && (!Number.isInteger(term) || term < 1 || term > 120)) {
    problems.push({ field: 'termMonths', code: 'TERM_OUT_OF_RANGE' });
  }
  const unit = dec(l.unitPrice);
  const raw = l.discountValue?.trim() ?? '';
  let kind: DiscountKind = l.discountKind;
  let value = ZERO;
  if (kind !== 'NONE' && raw !== '') {
    if (!isDecimal(raw)) {
      problems.push({ field: kind === 'PERCENT' ? 'discountPercent' : 'discountAmount', code: 'NOT_A_NUMBER' });
      return { problems };
    }
    value = dec(raw);
  }
  if (isZero(value)) kind = 'NONE';
  if (significantScale(value) > 2) problems.push({ field: 'discountPercent', code: 'TOO_MANY_DECIMALS' });

  let netUnit: Dec = unit;
  if (kind === 'PERCENT') {
    if (isNegative(value) || cmp(value, HUNDRED) > 0) {
      problems.push({ field: 'discountPercent', code: 'PERCENT_OUT_OF_RANGE' });
      return { problems };
    }
    // unit × (100 − p) / 100: dividing by 100 is exact (two more places).
    const scaled = mul(unit, sub(HUNDRED, value));
    netUnit = cents({ units: scaled.units, scale: scaled.scale + 2 });
  } else if (kind === 'AMOUNT') {
    if (isNegative(value) || cmp(value, unit) > 0) {
      problems.push({ field: 'discountAmount', code: 'AMOUNT_OUT_OF_RANGE' });
      return { problems };
    }
    netUnit = cents(sub(unit, value));
  }
  let periods: Dec;
  if (l.billing === 'MONTHLY') periods = dec(term);
  else if (l.billing === 'YEARLY') {
    if (Number.isInteger(term) && term % 12 !== 0) {
      problems.push({ field: 'termMonths', code: 'YEARLY_TERM_NOT_WHOLE_YEARS' });
      return { problems };
    }
    periods = dec(Math.trunc(term / 12));
  } else periods = ONE;
  if (problems.length) return { problems };

  const qty = dec(l.quantity);
  const perMonth = (u: Dec): Dec =>
    l.billing === 'MONTHLY' ? cents(mul(u, qty)) : l.billing === 'YEARLY' ? div(mul(u, qty), TWELVE, 2, 'halfUp') : ZERO;
  return {
    problems,
    exact: {
      netUnit,
      rate: ratio(sub(unit, netUnit), unit),
      listTotal: cents(mul(mul(unit, qty), periods)),
      netTotal: cents(mul(mul(netUnit, qty), periods)),
      listMonthly: perMonth(unit),
      netMonthly: perMonth(netUnit),
    },
  };
}

/** Prices one line as the server would, or says what the server would refuse. */
export function priceLine(l: PricingLine): LineResult {
  const { exact, problems } = priceExact(l);
  if (!exact) return { ok: false, problems };
  return { ok: true, price: present(exact) };
}

function present(e: Exact): LinePrice {
  return {
    netUnitPrice: money(e.netUnit),
    lineRate: toStr(round(e.rate, 6)),
    lineDiscountPercent: ratePercent(e.rate),
    listTotal: money(e.listTotal),
    netTotal: money(e.netTotal),
    listMonthly: money(e.listMonthly),
    netMonthly: money(e.netMonthly),
    monthlyDiscount: money(sub(e.listMonthly, e.netMonthly)),
  };
}

/** A proposal's totals; money as two-place strings. */
export interface Totals {
  /** Monthly recurring charges at standard price (标准月费); yearly charges count a twelfth. */
  listMonthly: string;
  /** Monthly recurring charges after discount (优惠后月费). */
  monthlyTotal: string;
  /** One-off charges after discount (一次性费用). */
  oneOffTotal: string;
  /** Whole-term value at standard price. */
  listTermTotal: string;
  /** Whole-term value after discount (合同期总额). */
  termTotal: string;
  /** Monthly discount (月优惠金额): what the approval matrix looks at. */
  discountMonthly: string;
  /** Whole-term discount (优惠总额). */
  discountTerm: string;
  /** Share of the whole-term standard value given away, 0–1, six places. */
  discountRate: string;
  /** The same as the server prints it, percent with two places (优惠比例 %). */
  discountPercent: string;
  /** The largest line discount, 0–1, six places. */
  maxLineRate: string;
  /** The same as the server prints it, percent with two places. */
  maxLineDiscountPercent: string;
  /** The largest line discount in percent, exact (what the approval matrix compares). */
  maxLineDiscountPercentExact: string;
  /** True when some line is discounted (so approval needs a justification). */
  discounted: boolean;
}

/**
 * Prices every line and sums them as the server does. Lines the server would refuse are left
 * out of the sums and reported by index.
 */
export function computeTotals(lines: readonly PricingLine[]): {
  totals: Totals;
  lines: LineResult[];
  invalid: number[];
} {
  let listMonthly = ZERO;
  let monthlyTotal = ZERO;
  let oneOff = ZERO;
  let listTerm = ZERO;
  let term = ZERO;
  let maxRate = ZERO;
  const results: LineResult[] = [];
  const invalid: number[] = [];
  lines.forEach((l, i) => {
    const { exact, problems } = priceExact(l);
    if (!exact) {
      results.push({ ok: false, problems });
      invalid.push(i);
      return;
    }
    results.push({ ok: true, price: present(exact) });
    listMonthly = add(listMonthly, exact.listMonthly);
    monthlyTotal = add(monthlyTotal, exact.netMonthly);
    if (l.billing === 'ONE_OFF') oneOff = add(oneOff, exact.netTotal);
    listTerm = add(listTerm, exact.listTotal);
    term = add(term, exact.netTotal);
    maxRate = max(maxRate, exact.rate);
  });
  const discountMonthly = sub(listMonthly, monthlyTotal);
  const discountTerm = sub(listTerm, term);
  const rate = ratio(discountTerm, listTerm);
  return {
    lines: results,
    invalid,
    totals: {
      listMonthly: money(listMonthly),
      monthlyTotal: money(monthlyTotal),
      oneOffTotal: money(oneOff),
      listTermTotal: money(listTerm),
      termTotal: money(term),
      discountMonthly: money(discountMonthly),
      discountTerm: money(discountTerm),
      discountRate: toStr(round(rate, 6)),
      discountPercent: ratePercent(rate),
      maxLineRate: toStr(round(maxRate, 6)),
      maxLineDiscountPercent: ratePercent(maxRate),
      maxLineDiscountPercentExact: toStr(normalize(mul(maxRate, HUNDRED))),
      discounted: !isZero(discountTerm) || !isZero(maxRate),
    },
  };
}

/** Money columns hold less than 10^12: a proposal beyond that is a typing mistake (server rule). */
export function tooLarge(t: Totals): boolean {
  return cmp(dec(t.listTermTotal), dec('1000000000000')) >= 0;
}
