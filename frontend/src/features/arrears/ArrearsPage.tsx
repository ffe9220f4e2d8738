// 欠费催缴: a manager's own collection items, most overdue first; for heads, billing and
// administrators the items they see, by state and cycle (in the address). Billing and
// administrators import the month's arrears list here and see the imports.
import { Button, Flex, Input, Select, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { useSession } from '../../auth/session';
import { PagedCards, useRefetchOn } from '../../components/PagedCards';
import { QueryState } from '../../components/QueryState';
import { type ArrearsItemFieldsFragment, ArrearsItemsDocument, MyCollectionItemsDocument, type Role } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { isMonth } from '../kpi/month';
import { STATUS_FILTERS, type StatusFilter, filterStatus } from './logic';
import { ArrearsCard, ContactDialog, ImportArrearsDialog, ImportHistory, PaymentDialog } from './parts';
import './i18n';

/** Who imports billing's lists. */
export const IMPORTERS: Role[] = ['BILLING', 'ADMIN'];
const REPORTERS: Role[] = ['DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'BILLING', 'ADMIN'];

type Item = ArrearsItemFieldsFragment;

export function ArrearsPage() {
  const { t } = useTranslation('arrears');
  const role = useSession()?.user.role;
  const manager = role === 'ACCOUNT_MANAGER';
  const importer = !!role && IMPORTERS.includes(role);
  const [importing, setImporting] = useState(false);
  const [version, setVersion] = useState(0);
  const [contacting, setContacting] = useState<Item | null>(null);
  const [paying, setPaying] = useState<Item | null>(null);
  const changed = () => setVersion((v) => v + 1);
  const actions = { onContact: setContacting, onPay: setPaying, onChanged: changed };
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Space wrap>
          {role && REPORTERS.includes(role) && <Link to="/arrears/report">{t('reportNav')}</Link>}
          {importer && (
            <Button type="primary" onClick={() => setImporting(true)}>
              {t('import.button')}
            </Button>
          )}
        </Space>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('intro')}
      </Typography.Paragraph>
      {manager ? <MyItems version={version} {...actions} /> : <AllItems version={version} {...actions} />}
      {importer && <ImportHistory version={version} />}
      <ImportArrearsDialog open={importing} onClose={() => setImporting(false)} onDone={changed} />
      <ContactDialog
        item={contacting}
        onClose={() => setContacting(null)}
        onDone={() => {
          setContacting(null);
          changed();
        }}
      />
      <PaymentDialog
        item={paying}
        onClose={() => setPaying(null)}
        onDone={() => {
          setPaying(null);
          changed();
        }}
      />
    </>
  );
}

interface ListProps {
  version: number;
  onChanged: () => void;
  onContact: (item: Item) => void;
  onPay: (item: Item) => void;
}

/** A manager's open items, the most overdue first. */
function MyItems({ version, ...actions }: ListProps) {
  const { t } = useTranslation('arrears');
  const [result, reexecute] = useQuery({ query: MyCollectionItemsDocument, variables: { first: 50 } });
  useRefetchOn(version, useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]));
  return (
    <>
      <Typography.Title level={5}>{t('mine')}</Typography.Title>
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.myCollectionItems.length === 0}
        emptyText={t('empty')}
      >
        {(d) => d.myCollectionItems.map((a) => <ArrearsCard key={a.id} item={a} {...actions} />)}
      </QueryState>
    </>
  );
}

/** Every item the viewer sees, by state and cycle. */
function AllItems({ version, ...actions }: ListProps) {
  const { t } = useTranslation('arrears');
  const label = useEnumLabel();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status: StatusFilter = (STATUS_FILTERS as readonly string[]).includes(raw ?? '') ? (raw as StatusFilter) : 'OWED';
  const rawCycle = params.get('cycle') ?? '';
  const cycle = isMonth(rawCycle) ? rawCycle : null;
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Select<StatusFilter>
          aria-label={t('filter.status')}
          value={status}
          onChange={(v) => set('status', v === 'OWED' ? null : v)}
          style={{ width: 150 }}
          options={STATUS_FILTERS.map((s) => ({
            value: s,
            label: s === 'OWED' || s === 'ALL' ? t(`filter.${s}`) : label('ArrearsStatus', s),
          }))}
        />
        <Input
          type="month"
          aria-label={t('filter.cycle')}
          placeholder={t('filter.cycle')}
          value={cycle ?? ''}
          onChange={(e) => set('cycle', e.target.value || null)}
          allowClear
          style={{ width: 180 }}
        />
      </Flex>
      <ItemPages key={`${status}-${cycle ?? ''}`} status={status} cycle={cycle} version={version} {...actions} />
    </>
  );
}

function ItemPages({ status, cycle, version, ...actions }: ListProps & { status: StatusFilter; cycle: string | null }) {
  const { t } = useTranslation('arrears');
  return (
    <PagedCards
      query={ArrearsItemsDocument}
      args={{ status: filterStatus(status), cycle }}
      connection={(d) => d.arrearsItems}
      emptyText={t('empty')}
      totalText={(count) => t('total', { count })}
      render={(a) => <ArrearsCard key={a.id} item={a} showManager {...actions} />}
      refetchKey={version}
    />
  );
}

