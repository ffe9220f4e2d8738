// The approval chain a proposal would need (rule 3), previewed from the live totals before
// submitting: the server's `approvalChainPreview` gives the roles under the matrix in force.
import type { Role } from '../../gql/graphql';
import type { Totals } from './pricing';

export interface ChainPreviewVariables {
  monthlyDiscount: string;
  maxLineDiscountPercent: string;
}

/**
 * The figures the matrix looks at: the monthly discount (月优惠金额) and the largest line
 * discount in percent, exact (a line 30.003 % off is above 30 %, though printed as 30.00).
 */
export function previewVariables(t: Pick<Totals, 'discountMonthly' | 'maxLineDiscountPercentExact'>): ChainPreviewVariables {
  return { monthlyDiscount: t.discountMonthly, maxLineDiscountPercent: t.maxLineDiscountPercentExact };
}

/** Steps of the preview: one per role, in the server's order, labelled in the UI's language. */
export function previewSteps(
  roles: readonly Role[],
  label: (enumName: 'Role', value: string) => string,
): { key: string; title: string }[] {
  return roles.map((role, i) => ({ key: `${i}-${role}`, title: label('Role', role) }));
}

/** True when the chain goes beyond the department head (a discount needs higher authority). */
export function needsHigherAuthority(roles: readonly Role[]): boolean {
  return roles.some((r) => r !== 'DEPARTMENT_HEAD');
}
