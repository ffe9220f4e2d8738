// The approval chain the live figures would need (rule 3), from the server's matrix in force.
import { Alert, Card, Skeleton, Steps, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { formatMoney } from '../../components/format';
import { ProposalChainPreviewDocument } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { needsHigherAuthority, previewSteps, previewVariables } from './chainPreview';
import type { Totals } from './pricing';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

export function ChainPreview({ totals, mayKeepApproval }: { totals: Totals; mayKeepApproval?: boolean }) {
  const { t } = useTranslation('proposals');
  const label = useEnumLabel();
  const vars = previewVariables(totals);
  // Strings, so that the debounce compares by value.
  const monthly = useDebounced(vars.monthlyDiscount, 300);
  const max = useDebounced(vars.maxLineDiscountPercent, 300);
  const [result, reexecute] = useQuery({
    query: ProposalChainPreviewDocument,
    variables: { monthlyDiscount: monthly, maxLineDiscountPercent: max },
    requestPolicy: 'cache-first',
  });
  const roles = result.data?.approvalChainPreview;
  return (
    <Card size="small" title={t('chain.title')} style={{ marginTop: 12 }} data-testid="chain-preview">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('chain.hint', { monthly: formatMoney(totals.discountMonthly), max: totals.maxLineDiscountPercent })}
      </Typography.Paragraph>
      {result.error && !roles ? (
        <Alert
          type="error"
          showIcon
          title={t('common:error')}
          action={<a onClick={() => reexecute({ requestPolicy: 'network-only' })}>{t('common:retry')}</a>}
        />
      ) : !roles ? (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      ) : (
        <Steps
          size="small"
          orientation="vertical"
          current={-1}
          items={previewSteps(roles, label).map((s) => ({ ...s, status: 'wait' as const }))}
        />
      )}
      {roles && mayKeepApproval && needsHigherAuthority(roles) && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
          {t('chain.carried')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
