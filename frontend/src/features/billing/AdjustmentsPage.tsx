// 补退费: the adjustments the viewer sees, by stage (the tab and the bill month are in the
// address), each as a card; managers and heads ask for a new one from here.
import { Button, Flex, Input, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { PagedCards } from '../../components/PagedCards';
import { BillingAdjustmentsDocument, type Role } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { isMonth } from '../kpi/month';
import { STATUS_TABS, type StatusTab, readTab, tabStatus } from './logic';
import { AdjustmentCard } from './parts';
import './i18n';

/** Who asks for adjustments (the managers of groups, and heads for their department's). */
export const REQUESTERS: Role[] = ['ACCOUNT_MANAGER', 'DEPARTMENT_HEAD'];
const ANALYSTS: Role[] = ['DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'BILLING', 'ADMIN'];

export function AdjustmentsPage() {
  const { t } = useTranslation('billing');
  const label = useEnumLabel();
  const navigate = useNavigate();
  const role = useSession()?.user.role;
  const [params, setParams] = useSearchParams();
  const tab = readTab(params.get('tab'));
  const rawMonth = params.get('month') ?? '';
  const month = isMonth(rawMonth) ? rawMonth : null;
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Space wrap>
          {role && ANALYSTS.includes(role) && <Link to="/adjustments/analysis">{t('analysisNav')}</Link>}
          {role && REQUESTERS.includes(role) && (
            <Button type="primary" onClick={() => navigate('/adjustments/new')}>
              {t('request')}
            </Button>
          )}
        </Space>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('intro')}
      </Typography.Paragraph>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 4 }}>
        <Typography.Text>{t('monthFilter')}</Typography.Text>
        <Input
          type="month"
          aria-label={t('monthFilter')}
          value={month ?? ''}
          onChange={(e) => set('month', e.target.value || null)}
          allowClear
          style={{ width: 180 }}
        />
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(k) => set('tab', k === 'ALL' ? null : k)}
        items={STATUS_TABS.map((key) => ({
          key,
          label: key === 'ALL' ? t('all') : label('AdjustmentStatus', key),
          children: <AdjustmentList key={month ?? ''} tab={key} month={month} />,
        }))}
        destroyOnHidden
      />
    </>
  );
}

function AdjustmentList({ tab, month }: { tab: StatusTab; month: string | null }) {
  const { t } = useTranslation('billing');
  return (
    <PagedCards
      query={BillingAdjustmentsDocument}
      args={{ status: tabStatus(tab), month }}
      connection={(d) => d.billingAdjustments}
      emptyText={t('empty')}
      totalText={(count) => t('total', { count })}
      render={(a) => <AdjustmentCard key={a.id} adjustment={a} />}
    />
  );
}
