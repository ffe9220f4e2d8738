import { Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { Money } from '../../components/Money';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { ContractsListDocument, type ContractStatus, type ContractsRowFragment } from '../../gql/graphql';
import { useEnumOptions } from '../../i18n/enums';
import { ContractStatusTag, ExactLabels } from './parts';

const PAGE = 20;
const STATUSES = new Set<string>(['DRAFT', 'UNDER_REVIEW', 'REVIEWED', 'SENT', 'SIGNED', 'ACTIVE', 'EXPIRED', 'TERMINATED']);

/** `?status=SIGNED,ACTIVE` → the statuses it names (unknown names dropped). */
export function statusesFromParam(raw: string | null): ContractStatus[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is ContractStatus => STATUSES.has(s));
}

export function contractLink(id: string) {
  return `/contracts/${encodeURIComponent(id)}`;
}

/** 合同: every contract the user may see, newest first, filtered by status. */
export function ContractsPage() {
  const { t } = useTranslation('contracts');
  const enumOptions = useEnumOptions();
  const [params, setParams] = useSearchParams();
  const statuses = statusesFromParam(params.get('status'));
  const statusKey = statuses.join(',');
  const pager = useCursorPager(PAGE);
  const variables = useMemo(
    () => ({ filter: statusKey ? { status: statusKey.split(',') as ContractStatus[] } : null, ...pager.variables }),
    [statusKey, pager.variables.first, pager.variables.after],
  );
  const [result, reexecute] = useQuery({ query: ContractsListDocument, variables });

  function onStatuses(next: ContractStatus[]) {
    pager.reset();
    const p = new URLSearchParams(params);
    if (next.length) p.set('status', next.join(','));
    else p.delete('status');
    setParams(p, { replace: true });
  }

  return (
    <ExactLabels>
      <Typography.Title level={3}>{t('list.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<ContractStatus[]>
          mode="multiple"
          allowClear
          aria-label={t('list.statusFilter')}
          placeholder={t('list.allStatuses')}
          style={{ minWidth: 280 }}
          value={statuses}
          options={enumOptions('ContractStatus')}
          onChange={onStatuses}
        />
        {result.data && (
          <Typography.Text type="secondary">{t('list.total', { count: result.data.contracts.totalCount })}</Typography.Text>
        )}
      </Space>
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.contracts.nodes.length === 0}
        emptyText={t('list.empty')}
      >
        {(d) => (
          <>
            <ContractsTable rows={d.contracts.nodes} />
            <Pager pager={pager} pageInfo={d.contracts.pageInfo} />
          </>
        )}
      </QueryState>
    </ExactLabels>
  );
}

function ContractsTable({ rows }: { rows: ContractsRowFragment[] }) {
  const { t } = useTranslation('contracts');
  return (
    <Table<ContractsRowFragment>
      rowKey="id"
      size="middle"
      pagination={false}
      dataSource={rows}
      // The names take the room that is left; the short columns keep to their content.
      scroll={{ x: 1100 }}
      columns={[
        {
          title: t('list.number'),
          dataIndex: 'number',
          width: 150,
          render: (_, c) => (
            <Link to={contractLink(c.id)} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {c.number ?? '—'}
            </Link>
          ),
        },
        {
          title: t('list.name'),
          dataIndex: 'title',
          render: (_, c) => <Link to={contractLink(c.id)}>{c.title}</Link>,
        },
        {
          title: t('list.group'),
          dataIndex: ['group', 'name'],
          width: 180,
          render: (_, c) =>
            c.group ? <Link to={`/groups/${encodeURIComponent(c.group.id)}`}>{c.group.name}</Link> : '—',
        },
        {
          title: t('list.status'),
          dataIndex: 'status',
          width: 130,
          render: (_, c) => (
            <Space size={4} wrap>
              <ContractStatusTag status={c.status} />
              {c.status === 'SIGNED' && !c.checklistComplete && <Tag color="warning">{t('list.checklistIncomplete')}</Tag>}
              {c.renewalDue && (
                <Tooltip title={c.renewalDueOn ? t('list.renewalOn', { date: c.renewalDueOn }) : undefined}>
                  <Tag color="red">{t('list.renewalDue')}</Tag>
                </Tooltip>
              )}
            </Space>
          ),
        },
        {
          title: t('list.value'),
          dataIndex: 'value',
          align: 'right',
          width: 130,
          render: (_, c) => <Money value={c.value} />,
        },
        {
          title: t('list.monthly'),
          dataIndex: 'monthlyTotal',
          align: 'right',
          width: 110,
          render: (_, c) => <Money value={c.monthlyTotal} />,
        },
        {
          title: t('list.term'),
          key: 'term',
          width: 180,
          render: (_, c) => (
            <span>
              {t('list.termMonths', { count: c.termMonths })}
              {c.termStart && c.termEnd && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {c.termStart} ~ {c.termEnd}
                </Typography.Text>
              )}
            </span>
          ),
        },
        {
          title: t('list.owner'),
          dataIndex: ['owner', 'displayName'],
          width: 90,
          render: (_, c) => c.owner?.displayName ?? '—',
        },
      ]}
    />
  );
}
