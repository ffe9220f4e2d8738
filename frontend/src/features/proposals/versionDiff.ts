// Two versions of a proposal side by side: lines paired by product (the n-th line of a product
// with the n-th line of the same product), each field marked when it differs, and the totals.
import type { ProposalLineFieldsFragment, ProposalVersionFieldsFragment } from '../../gql/graphql';
import { cmp, dec, isDecimal } from './decimal';

export const LINE_FIELDS = [
  'quantity',
  'termMonths',
  'unitPrice',
  'discountKind',
  'discountPercent',
  'discountAmount',
  'netUnitPrice',
  'lineDiscountPercent',
  'netTotal',
] as const;
export type LineField = (typeof LINE_FIELDS)[number];

export const TOTAL_FIELDS = [
  'listMonthly',
  'monthlyTotal',
  'discountMonthly',
  'oneOffTotal',
  'listTermTotal',
  'termTotal',
  'discountTerm',
  'discountPercent',
  'maxLineDiscountPercent',
] as const;
export type TotalField = (typeof TOTAL_FIELDS)[number];

export const TEXT_FIELDS = ['title', 'customerBackground', 'competitiveSituation', 'justification'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

type Line = Pick<ProposalLineFieldsFragment, LineField | 'position'> & {
  product?: { id: string; name: string } | null;
};
type Version = Pick<ProposalVersionFieldsFragment, TotalField | TextField | 'number'> & { lines: readonly Line[] };

export interface LineRow {
  kind: 'same' | 'changed' | 'added' | 'removed';
  left?: Line;
  right?: Line;
  /** Fields that differ (for `changed`). */
  changed: LineField[];
}

export interface VersionDiff {
  rows: LineRow[];
  totals: { field: TotalField; left: string; right: string; changed: boolean }[];
  texts: { field: TextField; left: string | null; right: string | null; changed: boolean }[];
  /** True when nothing differs. */
  same: boolean;
}

/** Equal values; decimals compared by value (`12.50` = `12.5`). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a == null || b == null) return a == null && b == null;
  if (typeof a === 'string' && typeof b === 'string' && isDecimal(a) && isDecimal(b)) return cmp(dec(a), dec(b)) === 0;
  return a === b;
}

function productKey(l: Line): string {
  return l.product?.id ?? `#${l.position}`;
}

export function diffVersions(left: Version, right: Version): VersionDiff {
  // Pair the n-th line of a product on the left with its n-th line on the right.
  const pool = new Map<string, Line[]>();
  for (const l of left.lines) {
    const k = productKey(l);
    pool.set(k, [...(pool.get(k) ?? []), l]);
  }
  const rows: LineRow[] = [];
  for (const r of right.lines) {
    const candidates = pool.get(productKey(r));
    const l = candidates?.shift();
    if (!l) {
      rows.push({ kind: 'added', right: r, changed: [] });
      continue;
    }
    const changed = LINE_FIELDS.filter((f) => !sameValue(l[f], r[f]));
    rows.push({ kind: changed.length ? 'changed' : 'same', left: l, right: r, changed });
  }
  const leftover = new Set([...pool.values()].flat());
  for (const l of left.lines) if (leftover.has(l)) rows.push({ kind: 'removed', left: l, changed: [] });

  const totals = TOTAL_FIELDS.map((field) => ({
    field,
    left: left[field],
    right: right[field],
    changed: !sameValue(left[field], right[field]),
  }));
  const texts = TEXT_FIELDS.map((field) => {
    const a = left[field] ?? null;
    const b = right[field] ?? null;
    return { field, left: a, right: b, changed: (a ?? '') !== (b ?? '') };
  });
  const same = rows.every((r) => r.kind === 'same') && totals.every((t) => !t.changed) && texts.every((t) => !t.changed);
  return { rows, totals, texts, same };
}
