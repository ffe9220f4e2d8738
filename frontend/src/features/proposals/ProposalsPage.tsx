// 方案: every proposal the user may see, newest first, filterable by status and lateness.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { formatDateTime } from '../../components/format';
import { Money } from '../../components/Money';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { ProposalsListDocument, type ProposalListItemFragment, type ProposalStatus } from '../../gql/graphql';
import { useEnumLabel, useEnumOptions } from '../../i18n/enums';
import { ProposalStatusTag, proposalPath } from './parts';

const LIST_CONTEXT = { additionalTypenames: ['Proposal'] };
const STATUSES: ProposalStatus[] = [
  'DRAFT',
  'PENDING_APPROVAL',
  'APPROVED',
  'SENT',
  'ACCEPTED',
  'REJECTED',
  'EXPIRED',
  'WITHDRAWN',
];

/** The list's filter as kept in the address (`?status=DRAFT,SENT&late=1`). */
export function readListFilter(params: URLSearchParams): { status: ProposalStatus[]; late: boolean } {
  const status = (params.get('status') ?? '')
    .split(',')
    .filter((s): s is ProposalStatus => (STATUSES as string[]).includes(s));
  return { status, late: params.get('late') === '1' };
}

export function ProposalsPage() {
  const { t } = useTranslation('proposals');
  const label = useEnumLabel();
  const options = useEnumOptions();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => readListFilter(params), [params]);
  const pager = useCursorPager(20);
  const variables = useMemo(
    () => ({
      filter: { status: filter.status.length ? filter.status : null, late: filter.late ? true : null },
      ...pager.variables,
    }),
    [filter, pager.variables],
  );
  const [result, reexecute] = useQuery({ query: ProposalsListDocument, variables, context: LIST_CONTEXT });

  function update(next: { status?: ProposalStatus[]; late?: boolean }) {
    const merged = { ...filter, ...next };
    const p = new URLSearchParams();
    if (merged.status.length) p.set('status', merged.status.join(','));
    if (merged.late) p.set('late', '1');
    setParams(p, { replace: true });
    pager.reset();
  }

  const columns: ColumnsType<ProposalListItemFragment> = [
    {
      key: 'title',
      title: t('col.title'),
      width: 240,
      render: (_, p) => <Link to={proposalPath(p.id)}>{p.title || '—'}</Link>,
    },
    {
      key: 'group',
      title: t('col.group'),
      width: 220,
      render: (_, p) => (p.group ? <Link to={`/groups/${encodeURIComponent(p.group.id)}`}>{p.group.name}</Link> : '—'),
    },
    { key: 'owner', title: t('col.owner'), width: 100, render: (_, p) => p.owner?.displayName ?? '—' },
    {
      key: 'status',
      title: t('col.status'),
      width: 120,
      render: (_, p) => <ProposalStatusTag status={p.status} />,
    },
    { key: 'stage', title: t('col.stage'), width: 120, render: (_, p) => label('Stage', p.stage) },
    { key: 'version', title: t('col.version'), width: 80, align: 'right', render: (_, p) => `v${p.versionNumber}` },
    { key: 'value', title: t('col.value'), width: 140, align: 'right', render: (_, p) => <Money value={p.value} /> },
    {
      key: 'monthly',
      title: t('col.monthlyValue'),
      width: 120,
      align: 'right',
      render: (_, p) => <Money value={p.monthlyValue} />,
    },
    {
      key: 'due',
      title: t('col.dueAt'),
      width: 170,
      render: (_, p) => (
        <Space size={4}>
          <span>{formatDateTime(p.dueAt)}</span>
          {p.isLate && <Tag color="red">{t('late')}</Tag>}
        </Space>
      ),
    },
    { key: 'sent', title: t('col.sentAt'), width: 140, render: (_, p) => formatDateTime(p.sentAt) },
    { key: 'valid', title: t('col.validUntil'), width: 140, render: (_, p) => formatDateTime(p.validUntil) },
  ];

  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('list.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/proposals/new')}>
          {t('list.new')}
        </Button>
      </Flex>

      <Card size="small" style={{ marginTop: 16, marginBottom: 12 }}>
        <Flex wrap gap={16} align="center">
          <Select
            mode="multiple"
            allowClear
            aria-label={t('list.statusFilter')}
            placeholder={t('list.statusFilter')}
            style={{ minWidth: 320 }}
            value={filter.status}
            options={options('ProposalStatus')}
            onChange={(v: ProposalStatus[]) => update({ status: v })}
          />
          <Space>
            <Switch
              aria-label={t('list.lateOnly')}
              checked={filter.late}
              onChange={(v) => update({ late: v })}
            />
            <span>{t('list.lateOnly')}</span>
          </Space>
          {result.data && (
            <Typography.Text type="secondary">{t('list.total', { count: result.data.proposals.totalCount })}</Typography.Text>
          )}
        </Flex>
      </Card>

      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.proposals.nodes.length === 0}
        emptyText={t('list.empty')}
      >
        {(d) => (
          <>
            <Table
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={d.proposals.nodes}
              pagination={false}
              scroll={{ x: 1560 }}
            />
            <Pager pager={pager} pageInfo={d.proposals.pageInfo} />
          </>
        )}
      </QueryState>
    </div>
  );
}
