// 离网预警 (rule 9): the warnings in the viewer's scope, newest first, each leading to its
// group's retention analysis report. `?groupId=` narrows the list to one group.
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { formatDateTime } from '../../components/format';
import { Money } from '../../components/Money';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { type ChurnWarningRowFragment, ChurnWarningsDocument } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { formatPercent, retentionPath } from './logic';
import './i18n';

const PAGE = 20;

export function ChurnPage() {
  const { t } = useTranslation('churn');
  const [params, setParams] = useSearchParams();
  const groupId = params.get('groupId');
  const pager = useCursorPager(PAGE);
  const variables = useMemo(
    () => ({ groupId, first: pager.variables.first, after: pager.variables.after }),
    [groupId, pager.variables.first, pager.variables.after],
  );
  const [result, reexecute] = useQuery({ query: ChurnWarningsDocument, variables });
  const groupName = result.data?.churnWarnings.nodes[0]?.group?.name ?? groupId;

  return (
    <>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        {groupId && (
          <>
            <Tag color="blue">{t('onlyGroup', { name: groupName })}</Tag>
            <Button
              size="small"
              onClick={() => {
                pager.reset();
                const p = new URLSearchParams(params);
                p.delete('groupId');
                setParams(p, { replace: true });
              }}
            >
              {t('showAll')}
            </Button>
          </>
        )}
        {result.data && <Typography.Text type="secondary">{t('total', { count: result.data.churnWarnings.totalCount })}</Typography.Text>}
      </Space>
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.churnWarnings.nodes.length === 0 && pager.page === 1}
        emptyText={t('empty')}
      >
        {(d) => (
          <>
            <ChurnTable rows={d.churnWarnings.nodes} />
            <Pager pager={pager} pageInfo={d.churnWarnings.pageInfo} />
          </>
        )}
      </QueryState>
    </>
  );
}

function ChurnTable({ rows }: { rows: ChurnWarningRowFragment[] }) {
  const { t } = useTranslation('churn');
  const label = useEnumLabel();
  return (
    <Table<ChurnWarningRowFragment>
      rowKey="id"
      size="middle"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 1100 }}
      columns={[
        {
          title: t('col.kind'),
          dataIndex: 'kind',
          width: 130,
          render: (_, w) => <Tag color={w.kind === 'GROUP_DROP' ? 'red' : 'orange'}>{label('ChurnWarningKind', w.kind)}</Tag>,
        },
        {
          title: t('col.group'),
          key: 'group',
          // The server leaves the group out when the viewer may no longer see it.
          render: (_, w) =>
            w.group ? (
              <span>
                <Link to={`/groups/${encodeURIComponent(w.group.id)}`}>{w.group.name}</Link>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {w.group.code}
                </Typography.Text>
              </span>
            ) : (
              '—'
            ),
        },
        {
          title: t('col.member'),
          key: 'member',
          width: 150,
          render: (_, w) =>
            w.member ? (
              <span>
                {w.member.name}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
                  {w.member.phone}
                </Typography.Text>
              </span>
            ) : (
              '—'
            ),
        },
        {
          title: t('col.month'),
          key: 'month',
          width: 180,
          render: (_, w) => t('versus', { month: w.month, reference: w.referenceMonth }),
        },
        {
          title: t('col.amounts'),
          key: 'amounts',
          width: 220,
          align: 'right',
          render: (_, w) => (
            <span>
              <Money value={w.referenceAmount} /> → <Money value={w.currentAmount} strong />
            </span>
          ),
        },
        {
          title: t('col.drop'),
          dataIndex: 'dropPercent',
          width: 90,
          align: 'right',
          render: (_, w) => <Typography.Text type="danger">{formatPercent(w.dropPercent)}</Typography.Text>,
        },
        { title: t('col.createdAt'), dataIndex: 'createdAt', width: 150, render: (_, w) => formatDateTime(w.createdAt) },
        {
          title: t('col.actions'),
          key: 'actions',
          width: 120,
          fixed: 'right',
          render: (_, w) => (w.group ? <Link to={retentionPath(w.group.id)}>{t('report')}</Link> : null),
        },
      ]}
    />
  );
}
