// 走访: the group's visits; plan one, log one with card QX-FW-003, complete or miss a planned
// one, and go on to a proposal from a visit that took place.
import { CalendarOutlined, FormOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Flex, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { formatDateTime } from '../../components/format';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import {
  GroupContactsDocument,
  GroupVisitsDocument,
  type GroupVisitFieldsFragment,
  type VisitStatus,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { proposalFromVisitPath } from './logic';
import { MissedVisitModal, PlanVisitModal, VisitCardModal } from './VisitCard';

const CONTEXT = { additionalTypenames: ['Visit'] };
const STATUS_COLORS: Record<VisitStatus, string> = { PLANNED: 'processing', DONE: 'success', MISSED: 'default' };

export function VisitsTab({ groupId, writable }: { groupId: string; writable: boolean }) {
  const { t } = useTranslation('groups');
  const label = useEnumLabel();
  const [status, setStatus] = useState<VisitStatus | 'ALL'>('ALL');
  const pager = useCursorPager(20);
  const variables = useMemo(
    () => ({ filter: { groupId, ...(status === 'ALL' ? {} : { status }) }, ...pager.variables }),
    [groupId, status, pager.variables],
  );
  const [result, reexecute] = useQuery({ query: GroupVisitsDocument, variables, context: CONTEXT });
  const [contactsResult] = useQuery({
    query: GroupContactsDocument,
    variables: { id: groupId, archived: false },
    context: useMemo(() => ({ additionalTypenames: ['Contact'] }), []),
  });
  const contacts = contactsResult.data?.group?.contacts ?? [];

  const [carding, setCarding] = useState<{ planned: GroupVisitFieldsFragment | null } | null>(null);
  const [planning, setPlanning] = useState(false);
  const [missing, setMissing] = useState<GroupVisitFieldsFragment | null>(null);
  const [justLogged, setJustLogged] = useState<{ visit: GroupVisitFieldsFragment; due: string | null } | null>(null);

  const columns: ColumnsType<GroupVisitFieldsFragment> = [
    {
      key: 'status',
      title: t('visits.status'),
      width: 90,
      render: (_, v) => <Tag color={STATUS_COLORS[v.status]}>{label('VisitStatus', v.status)}</Tag>,
    },
    {
      key: 'time',
      title: t('visits.time'),
      width: 170,
      render: (_, v) =>
        v.status === 'DONE' ? (
          <span>{formatDateTime(v.startedAt)}</span>
        ) : (
          <span>
            {formatDateTime(v.plannedAt)}
            {v.status === 'PLANNED' && <Typography.Text type="secondary"> ({t('visits.plannedAt')})</Typography.Text>}
          </span>
        ),
    },
    {
      key: 'duration',
      title: t('visits.duration'),
      width: 90,
      render: (_, v) => (v.durationMinutes != null ? t('visits.minutesUnit', { count: v.durationMinutes }) : '—'),
    },
    { key: 'method', title: t('visits.method'), width: 90, render: (_, v) => label('VisitMethod', v.method) },
    { key: 'purpose', title: t('visits.purpose'), width: 100, render: (_, v) => label('VisitPurpose', v.purpose) },
    { key: 'manager', title: t('visits.manager'), width: 100, render: (_, v) => v.manager?.displayName ?? '—' },
    {
      key: 'contacts',
      title: t('visits.contacts'),
      render: (_, v) => (v.contacts.length ? v.contacts.map((c) => c.name).join('、') : '—'),
    },
    {
      key: 'summary',
      title: t('visits.summary'),
      ellipsis: true,
      render: (_, v) => v.minutes ?? v.needNotes ?? v.missedReason ?? '—',
    },
    {
      key: 'actions',
      title: t('common:actions'),
      width: 200,
      render: (_, v) => {
        if (v.status === 'DONE') {
          return writable ? (
            <Link to={proposalFromVisitPath(groupId, v.id)}>{t('visits.createProposal')}</Link>
          ) : null;
        }
        if (v.status === 'PLANNED' && writable) {
          return (
            <Space size={4}>
              <Button size="small" type="link" onClick={() => setCarding({ planned: v })}>
                {t('visits.record')}
              </Button>
              <Button size="small" type="link" danger onClick={() => setMissing(v)}>
                {t('visits.missed')}
              </Button>
            </Space>
          );
        }
        return null;
      },
    },
  ];

  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Segmented<VisitStatus | 'ALL'>
          value={status}
          onChange={(v) => {
            setStatus(v);
            pager.reset();
          }}
          options={[
            { value: 'ALL', label: t('visits.all') },
            { value: 'PLANNED', label: label('VisitStatus', 'PLANNED') },
            { value: 'DONE', label: label('VisitStatus', 'DONE') },
            { value: 'MISSED', label: label('VisitStatus', 'MISSED') },
          ]}
        />
        {writable && (
          <Space>
            <Button icon={<CalendarOutlined />} onClick={() => setPlanning(true)}>
              {t('visits.plan')}
            </Button>
            <Button type="primary" icon={<FormOutlined />} onClick={() => setCarding({ planned: null })}>
              {t('visits.log')}
            </Button>
          </Space>
        )}
      </Flex>
      {justLogged && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setJustLogged(null) }}
          style={{ marginBottom: 12 }}
          title={
            justLogged.due ? t('visits.loggedDue', { time: formatDateTime(justLogged.due) }) : t('visits.logged')
          }
          action={
            <Link to={proposalFromVisitPath(groupId, justLogged.visit.id)}>
              <Button type="primary" size="small">
                {t('visits.createProposal')}
              </Button>
            </Link>
          }
        />
      )}
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.visits.nodes.length === 0 && pager.page === 1}
        emptyText={t('visits.empty')}
      >
        {(d) => (
          <>
            <Table<GroupVisitFieldsFragment>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={d.visits.nodes}
              pagination={false}
              loading={result.fetching}
              scroll={{ x: 1100 }}
              expandable={{
                rowExpandable: (v) => v.status !== 'PLANNED' || v.contacts.length > 0,
                expandedRowRender: (v) => <VisitDetails visit={v} />,
              }}
            />
            <Pager pager={pager} pageInfo={d.visits.pageInfo} />
          </>
        )}
      </QueryState>

      <VisitCardModal
        groupId={groupId}
        open={!!carding}
        planned={carding?.planned ?? null}
        contacts={contacts}
        onClose={() => setCarding(null)}
        onSaved={(visit, due) => {
          setCarding(null);
          setJustLogged({ visit, due });
          if (status !== 'ALL' && status !== 'DONE') setStatus('ALL');
        }}
      />
      <PlanVisitModal groupId={groupId} open={planning} contacts={contacts} onClose={() => setPlanning(false)} />
      <MissedVisitModal visit={missing} onClose={() => setMissing(null)} />
    </div>
  );
}

/** Everything the card recorded, under the row. */
export function VisitDetails({ visit: v }: { visit: GroupVisitFieldsFragment }) {
  const { t } = useTranslation('groups');
  const label = useEnumLabel();
  const text = (s: string | null | undefined) => (
    <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{s || '—'}</Typography.Paragraph>
  );
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} title={t('visits.details')}>
      <Descriptions.Item label={t('visits.plannedAt')}>{formatDateTime(v.plannedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('visits.time')}>
        {v.startedAt ? `${formatDateTime(v.startedAt)} – ${formatDateTime(v.endedAt)}` : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('visits.contacts')} span={2}>
        {v.contacts.length ? v.contacts.map((c) => c.name).join('、') : '—'}
      </Descriptions.Item>
      {v.status === 'MISSED' && (
        <Descriptions.Item label={t('visits.missedReasonLabel')} span={2}>
          {text(v.missedReason)}
        </Descriptions.Item>
      )}
      {v.status === 'DONE' && (
        <>
          <Descriptions.Item label={t('visits.needProducts')} span={2}>
            {v.needProducts.length ? v.needProducts.map((p) => <Tag key={p.id}>{p.name}</Tag>) : t('visits.noProducts')}
          </Descriptions.Item>
          <Descriptions.Item label={t('visits.needNotes')} span={2}>
            {text(v.needNotes)}
          </Descriptions.Item>
          <Descriptions.Item label={t('visits.serviceSatisfaction')}>
            {label('Satisfaction', v.serviceSatisfaction)}
          </Descriptions.Item>
          <Descriptions.Item label={t('visits.networkSatisfaction')}>
            {label('Satisfaction', v.networkSatisfaction)}
          </Descriptions.Item>
          <Descriptions.Item label={t('visits.minutes')} span={2}>
            {text(v.minutes)}
          </Descriptions.Item>
          <Descriptions.Item label={t('visits.suggestions')} span={2}>
            {text(v.suggestions)}
          </Descriptions.Item>
          <Descriptions.Item label={t('visits.nextSteps')} span={2}>
            {text(v.nextSteps)}
          </Descriptions.Item>
          <Descriptions.Item label={t('visits.confirmedBy')} span={2}>
            {v.customerConfirmed ? <Tag color="green">{`${t('visits.confirmedTag')}：${v.confirmedBy ?? ''}`}</Tag> : '—'}
          </Descriptions.Item>
        </>
      )}
    </Descriptions>
  );
}
