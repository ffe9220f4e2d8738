// 走访达标 (rule 7): the groups in the viewer's scope against the calls and onsite visits their
// tier asks for, most behind first.
import { Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { useSession } from '../../auth/session';
import { formatDateTime } from '../../components/format';
import { QueryState } from '../../components/QueryState';
import { CadenceOwnersDocument, type CadenceRowFragment, VisitCadenceDocument } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { TierTag } from '../groups/parts';
import { cadenceCells, cadenceSummary } from './logic';
import './i18n';

export function CadencePage() {
  const { t } = useTranslation('cadence');
  const role = useSession()?.user.role;
  const head = !!role && role !== 'ACCOUNT_MANAGER';
  const [overdueOnly, setOverdueOnly] = useState(true);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const variables = useMemo(() => ({ overdueOnly, ownerId }), [overdueOnly, ownerId]);
  const [result, reexecute] = useQuery({ query: VisitCadenceDocument, variables });
  const [owners] = useQuery({ query: CadenceOwnersDocument, pause: !head });

  return (
    <>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Space wrap size="middle" style={{ marginBottom: 16 }}>
        <Space size={6}>
          <Switch checked={overdueOnly} onChange={setOverdueOnly} aria-label={t('overdueOnly')} />
          <span>{t('overdueOnly')}</span>
        </Space>
        {head && (
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('owner')}
            placeholder={t('allOwners')}
            style={{ minWidth: 200 }}
            loading={owners.fetching}
            value={ownerId ?? undefined}
            onChange={(v) => setOwnerId(v ?? null)}
            options={(owners.data?.users.nodes ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
          />
        )}
        {result.data &&
          (() => {
            const s = cadenceSummary(result.data.visitCadence);
            return (
              <Typography.Text type="secondary">
                {s.month && `${t('month', { month: s.month })} · `}
                {t('total', { total: s.total, behind: s.behind })}
              </Typography.Text>
            );
          })()}
      </Space>
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.visitCadence.length === 0}
        emptyText={overdueOnly ? t('emptyBehind') : t('empty')}
      >
        {(d) => <CadenceTable rows={d.visitCadence} showOwner={head} />}
      </QueryState>
    </>
  );
}

function CadenceTable({ rows, showOwner }: { rows: CadenceRowFragment[]; showOwner: boolean }) {
  const { t } = useTranslation('cadence');
  const label = useEnumLabel();
  const short = (n: number) => n > 0 && <Tag color="red">{t('missing', { count: n })}</Tag>;
  return (
    <Table<CadenceRowFragment>
      rowKey={(r) => r.group.id}
      size="middle"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 1000 }}
      columns={[
        {
          title: t('col.group'),
          key: 'group',
          render: (_, r) => (
            <span>
              <Link to={`/groups/${encodeURIComponent(r.group.id)}`}>{r.group.name}</Link>
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {r.group.code}
              </Typography.Text>
            </span>
          ),
        },
        {
          title: t('col.tier'),
          key: 'tier',
          width: 100,
          render: (_, r) => <TierTag tier={r.group.tier} />,
        },
        ...(showOwner
          ? [{ title: t('col.owner'), key: 'owner', width: 110, render: (_: unknown, r: CadenceRowFragment) => r.group.owner?.displayName ?? '—' }]
          : []),
        {
          title: t('col.calls'),
          key: 'calls',
          width: 150,
          render: (_, r) => {
            const c = cadenceCells(r);
            return (
              <Space size={4}>
                <span style={{ fontVariantNumeric: 'tabular-nums' }}>{c.calls}</span>
                {short(c.callsMissing)}
              </Space>
            );
          },
        },
        {
          title: t('col.onsite'),
          key: 'onsite',
          width: 230,
          render: (_, r) => {
            const c = cadenceCells(r);
            return (
              <span>
                <Space size={4}>
                  <span style={{ fontVariantNumeric: 'tabular-nums' }}>{c.onsite}</span>
                  {short(c.onsiteMissing)}
                </Space>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {label('CadencePeriod', r.onsitePeriod)} · {c.period}
                </Typography.Text>
              </span>
            );
          },
        },
        { title: t('col.highValue'), dataIndex: 'highValueMembers', width: 110, align: 'right' },
        {
          title: t('col.lastVisit'),
          key: 'lastVisit',
          width: 150,
          render: (_, r) => (r.lastVisitAt ? formatDateTime(r.lastVisitAt) : <Typography.Text type="secondary">{t('neverVisited')}</Typography.Text>),
        },
        {
          title: t('col.compliant'),
          key: 'compliant',
          width: 100,
          render: (_, r) => (r.compliant ? <Tag color="green">{t('compliant')}</Tag> : <Tag color="red">{t('behind')}</Tag>),
        },
      ]}
    />
  );
}
