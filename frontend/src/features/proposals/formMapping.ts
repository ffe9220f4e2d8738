// Between the proposal builder's form and the API: form values → `ProposalContentInput`, a saved
// version → form values, and form lines → lines the pricing mirror can price.
import type {
  Billing,
  DiscountKind,
  ProposalContentInput,
  ProposalLineInput,
  ProposalVersionFieldsFragment,
} from '../../gql/graphql';
import { effectiveKind, type PricingLine } from './pricing';

/** What the builder needs to know of a product. */
export interface ProductInfo {
  id: string;
  code: string;
  name: string;
  billing: Billing;
  standardPrice?: string | null;
}

/** One line as edited. Field names match the server's (`content.lines.N.discountPercent`), so its errors land on them. */
export interface LineFormValue {
  productId?: string | null;
  quantity?: number | null;
  termMonths?: number | null;
  discountKind?: DiscountKind;
  discountPercent?: string | null;
  discountAmount?: string | null;
}

export interface ProposalFormValues {
  groupId?: string | null;
  visitId?: string | null;
  title?: string;
  /** Term given to new lines (合同期限), in months. */
  defaultTermMonths?: number | null;
  customerBackground?: string | null;
  competitiveSituation?: string | null;
  justification?: string | null;
  lines?: LineFormValue[];
}

export const DEFAULT_TERM_MONTHS = 12;

/** Trimmed text, or null when blank. */
function text(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

/** A decimal as typed (InputNumber in string mode may give a number or a string). */
function decimalText(v: unknown): string | null {
  if (v == null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** A new, empty line. */
export function newLine(termMonths: number | null | undefined): LineFormValue {
  return {
    productId: null,
    quantity: 1,
    termMonths: termMonths ?? DEFAULT_TERM_MONTHS,
    discountKind: 'NONE',
    discountPercent: null,
    discountAmount: null,
  };
}

/** The content to send: every line in order, the discount only under the kind chosen. */
export function toContentInput(
  values: ProposalFormValues,
  products: ReadonlyMap<string, ProductInfo>,
): ProposalContentInput & { lines: ProposalLineInput[] } {
  const lines: ProposalLineInput[] = (values.lines ?? []).map((l) => {
    const product = l.productId ? products.get(l.productId) : undefined;
    const kind = l.discountKind ?? 'NONE';
    const percent = kind === 'PERCENT' ? decimalText(l.discountPercent) : null;
    const amount = kind === 'AMOUNT' ? decimalText(l.discountAmount) : null;
    return {
      productId: l.productId ?? '',
      quantity: l.quantity ?? 0,
      termMonths: product?.billing === 'ONE_OFF' ? 0 : (l.termMonths ?? 0),
      discountPercent: percent,
      discountAmount: amount,
      unitPrice: product?.standardPrice ?? null,
    };
  });
  return {
    title: values.title?.trim() ?? '',
    customerBackground: text(values.customerBackground),
    competitiveSituation: text(values.competitiveSituation),
    justification: text(values.justification),
    lines,
  };
}

/** The form values showing a saved version. */
export function fromVersion(v: ProposalVersionFieldsFragment | null | undefined): ProposalFormValues {
  if (!v) return { title: '', lines: [], defaultTermMonths: DEFAULT_TERM_MONTHS };
  const recurring = v.lines.filter((l) => l.termMonths > 0);
  return {
    title: v.title,
    customerBackground: v.customerBackground ?? null,
    competitiveSituation: v.competitiveSituation ?? null,
    justification: v.justification ?? null,
    defaultTermMonths: recurring[0]?.termMonths ?? DEFAULT_TERM_MONTHS,
    lines: v.lines.map((l) => ({
      productId: l.product?.id ?? null,
      quantity: l.quantity,
      termMonths: l.termMonths > 0 ? l.termMonths : null,
      discountKind: l.discountKind,
      discountPercent: l.discountKind === 'PERCENT' ? (l.discountPercent ?? null) : null,
      discountAmount: l.discountKind === 'AMOUNT' ? (l.discountAmount ?? null) : null,
    })),
  };
}

/**
 * The form's lines the pricing mirror can price (a product with a price and a quantity), with
 * the index of each in the form. Quotes use the standard price in force today, as the server does
 * on every save.
 */
export function toPricingLines(
  lines: readonly (LineFormValue | undefined)[] | undefined,
  products: ReadonlyMap<string, ProductInfo>,
): { index: number; line: PricingLine }[] {
  const out: { index: number; line: PricingLine }[] = [];
  (lines ?? []).forEach((l, index) => {
    if (!l?.productId) return;
    const p = products.get(l.productId);
    if (!p?.standardPrice || l.quantity == null) return;
    const kind = l.discountKind ?? 'NONE';
    const value = kind === 'PERCENT' ? decimalText(l.discountPercent) : kind === 'AMOUNT' ? decimalText(l.discountAmount) : null;
    out.push({
      index,
      line: {
        billing: p.billing,
        unitPrice: p.standardPrice,
        quantity: l.quantity,
        termMonths: p.billing === 'ONE_OFF' ? 0 : (l.termMonths ?? 0),
        discountKind: effectiveKind(kind, value),
        discountValue: value,
      },
    });
  });
  return out;
}

/** What a proposal drafted from a visit starts with. */
export interface VisitDraft {
  title: string;
  lines: LineFormValue[];
  customerBackground: string | null;
}

/**
 * A proposal drafted from a visit's recorded needs: a line (one of each, the default term,
 * no discount) per needed product that has a standard price, a title naming the group and up
 * to three of those products, and the visit's need notes as the customer's background.
 * `titleOf` words the title in the reader's language.
 */
export function draftFromVisit(
  visit: { needProducts: { id: string }[]; needNotes?: string | null },
  products: ReadonlyMap<string, ProductInfo>,
  titleOf: (names: string, more: boolean) => string,
): VisitDraft {
  const priced = visit.needProducts
    .map((p) => products.get(p.id))
    .filter((p): p is ProductInfo => !!p?.standardPrice);
  const lines = priced.map((p) => ({
    productId: p.id,
    quantity: 1,
    termMonths: p.billing === 'ONE_OFF' ? null : DEFAULT_TERM_MONTHS,
    discountKind: 'NONE' as const,
    discountPercent: null,
    discountAmount: null,
  }));
  const names = priced.slice(0, 3).map((p) => p.name);
  return {
    title: titleOf(names.join('、'), priced.length > 3),
    lines,
    customerBackground: text(visit.needNotes),
  };
}
