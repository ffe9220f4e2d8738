// What each kind of resource request asks for, and the input the API takes from the dialog.
import type { Expertise, RequestResourceInput, ResourceKind, ResourceStatus } from '../../gql/graphql';

export const KINDS: ResourceKind[] = ['COMPANION', 'TRIAL', 'GIFT', 'EVENT'];
export const STATUSES: ResourceStatus[] = ['PENDING', 'GRANTED', 'DECLINED', 'CANCELLED'];
export const EXPERTISE: Expertise[] = ['CHIEF_MANAGER', 'PRODUCT_SPECIALIST'];
export const STATUS_COLORS: Record<ResourceStatus, string> = { PENDING: 'gold', GRANTED: 'green', DECLINED: 'red', CANCELLED: 'default' };

/** The dialog's fields; which are shown follows the kind. */
export interface RequestValues {
  kind: ResourceKind;
  groupId?: string;
  reason: string;
  expertise?: Expertise;
  expertId?: string;
  productId?: string;
  giftItemId?: string;
  contactId?: string;
  quantity?: number;
  startsOn?: string;
  days?: number;
  title?: string;
  budget?: number | string;
}

/** The kinds one may ask for: an expert only for a visit of one's plan. */
export function kindsFor(fromPlanItem: boolean): ResourceKind[] {
  return fromPlanItem ? KINDS : KINDS.filter((k) => k !== 'COMPANION');
}

/** The API's input for the dialog's values: only the fields of the chosen kind. */
export function requestInput(v: RequestValues, planItemId: string | null, groupId: string | null): RequestResourceInput {
  const base: RequestResourceInput = {
    kind: v.kind,
    planItemId,
    groupId: groupId ?? v.groupId ?? null,
    reason: v.reason.trim(),
  };
  switch (v.kind) {
    case 'COMPANION':
      return { ...base, expertise: v.expertise ?? null, expertId: v.expertId ?? null };
    case 'TRIAL':
      return { ...base, productId: v.productId ?? null, startsOn: v.startsOn ?? null, days: v.days ?? null, quantity: v.quantity ?? null };
    case 'GIFT':
      return { ...base, giftItemId: v.giftItemId ?? null, contactId: v.contactId ?? null, quantity: v.quantity ?? null };
    case 'EVENT':
      return {
        ...base,
        title: v.title?.trim() ?? null,
        startsOn: v.startsOn ?? null,
        quantity: v.quantity ?? null,
        budget: v.budget === undefined || v.budget === '' ? null : Number(v.budget).toFixed(2),
      };
  }
}

/** The value of `pieces` of a gift worth `unit` each, in exact cents. */
export function giftValue(unit: string, pieces: number): string {
  const [yuan, cents = '0'] = unit.split('.');
  const total = (Number(yuan) * 100 + Number(cents.padEnd(2, '0').slice(0, 2))) * pieces;
  return `${Math.floor(total / 100)}.${String(total % 100).padStart(2, '0')}`;
}

/** The month before `month` (YYYY-MM). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
