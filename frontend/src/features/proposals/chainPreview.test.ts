import { enumsEn, enumsZh } from '../../i18n/enums';
import { needsHigherAuthority, previewSteps, previewVariables } from './chainPreview';
import { computeTotals } from './pricing';

const zh = (name: 'Role', v: string) => (enumsZh[name] as Record<string, string>)[v];
const en = (name: 'Role', v: string) => (enumsEn[name] as Record<string, string>)[v];

describe('approval chain preview', () => {
  it('asks the matrix about the live monthly discount and the exact largest line discount', () => {
    // 4200 less 10 % = 420 off a month (department head, then branch manager by the default matrix).
    const { totals } = computeTotals([
      { billing: 'MONTHLY', unitPrice: '4200.00', quantity: 1, termMonths: 36, discountKind: 'PERCENT', discountValue: '10' },
      { billing: 'ONE_OFF', unitPrice: '2000.00', quantity: 1, termMonths: 0, discountKind: 'NONE' },
    ]);
    expect(previewVariables(totals)).toEqual({ monthlyDiscount: '420.00', maxLineDiscountPercent: '10' });
  });

  it('passes a line just above 30 % as above 30 %, not rounded down to the printed 30.00', () => {
    const { totals } = computeTotals([
      { billing: 'MONTHLY', unitPrice: '33.33', quantity: 1, termMonths: 12, discountKind: 'PERCENT', discountValue: '30' },
    ]);
    expect(previewVariables(totals)).toEqual({ monthlyDiscount: '10.00', maxLineDiscountPercent: '30.003' });
  });

  it('passes zeros for an undiscounted proposal', () => {
    expect(previewVariables(computeTotals([]).totals)).toEqual({ monthlyDiscount: '0.00', maxLineDiscountPercent: '0' });
  });

  it('labels each role of the chain in order, in both languages', () => {
    const roles = ['DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER'] as const;
    expect(previewSteps(roles, zh).map((s) => s.title)).toEqual(['部门负责人', '分公司主管领导', '总经理']);
    expect(previewSteps(roles, en).map((s) => s.title)).toEqual(['Department head', 'Branch manager', 'General manager']);
    expect(new Set(previewSteps(roles, zh).map((s) => s.key)).size).toBe(3);
  });

  it('tells when a discount goes beyond the department head', () => {
    expect(needsHigherAuthority(['DEPARTMENT_HEAD'])).toBe(false);
    expect(needsHigherAuthority(['DEPARTMENT_HEAD', 'BRANCH_MANAGER'])).toBe(true);
  });
});
