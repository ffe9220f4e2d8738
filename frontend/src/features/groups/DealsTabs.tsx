// 方案 / 合同 / 装机 of one group, each linking to its own screen.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { formatDateTime } from '../../components/format';
import { Money } from '../../components/Money';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { GroupContractsDocument, GroupInstallationsDocument, GroupProposalsDocument } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { proposalFromVisitPath } from './logic';

const PROPOSAL_COLORS: Record<string, string> = {
  DRAFT: 'default',
  PENDING_APPROVAL: 'processing',
  APPROVED: 'cyan',
  SENT: 'blue',
  ACCEPTED: 'green',
  REJECTED: 'red',
  EXPIRED: 'default',
  WITHDRAWN: 'default',
};
const CONTRACT_COLORS: Record<string, string> = {
  DRAFT: 'default',
  UNDER_REVIEW: 'processing',
  REVIEWED: 'geekblue',
  SENT: 'blue',
  SIGNED: 'cyan',
  ACTIVE: 'green',
  EXPIRED: 'default',
  TERMINATED: 'red',
};
const JOB_COLORS: Record<string, string> = {
  CREATED: 'default',
  ACCEPTED: 'processing',
  SCHEDULED: 'blue',
  POSTPONED: 'orange',
  IN_PROGRESS: 'processing',
  COMPLETED: 'cyan',
  CONFIRMED: 'green',
  CANCELLED: 'default',
};

const PROPOSAL_CONTEXT = { additionalTypenames: ['Proposal'] };
const CONTRACT_CONTEXT = { additionalTypenames: ['Contract'] };
const JOB_CONTEXT = { additionalTypenames: ['Contract', 'InstallationJob'] };

export function ProposalsTab({ groupId, writable }: { groupId: string; writable: boolean }) {
  const { t } = useTranslation('groups');
  const label = useEnumLabel();
  const pager = useCursorPager(20);
  const variables = useMemo(() => ({ groupId, ...pager.variables }), [groupId, pager.variables]);
  const [result, reexecute] = useQuery({ query: GroupProposalsDocument, variables, context: PROPOSAL_CONTEXT });
  return (
    <div>
      {writable && (
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          <Link to={proposalFromVisitPath(groupId)}>
            <Button type="primary" icon={<PlusOutlined />}>
              {t('deals.newProposal')}
            </Button>
          </Link>
        </Flex>
      )}
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.proposals.nodes.length === 0 && pager.page === 1}
        emptyText={t('deals.noProposals')}
      >
        {(d) => (
          <>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.proposals.nodes}
              scroll={{ x: 1000 }}
              columns={[
                {
                  key: 'title',
                  title: t('deals.proposalTitle'),
                  render: (_, p) => <Link to={`/proposals/${encodeURIComponent(p.id)}`}>{p.title}</Link>,
                },
                {
                  key: 'status',
                  title: t('deals.status'),
                  width: 110,
                  render: (_, p) => <Tag color={PROPOSAL_COLORS[p.status]}>{label('ProposalStatus', p.status)}</Tag>,
                },
                { key: 'stage', title: t('deals.stage'), width: 120, render: (_, p) => label('Stage', p.stage) },
                { key: 'version', title: t('deals.version'), width: 70, render: (_, p) => `v${p.versionNumber}` },
                {
                  key: 'monthly',
                  title: t('deals.monthly'),
                  width: 120,
                  align: 'right',
                  render: (_, p) => <Money value={p.monthlyValue} />,
                },
                {
                  key: 'value',
                  title: t('deals.value'),
                  width: 140,
                  align: 'right',
                  render: (_, p) => <Money value={p.value} strong />,
                },
                {
                  key: 'due',
                  title: t('deals.dueAt'),
                  width: 190,
                  render: (_, p) => (
                    <span>
                      {formatDateTime(p.dueAt)} {p.isLate && <Tag color="red">{t('deals.late')}</Tag>}
                    </span>
                  ),
                },
                { key: 'owner', title: t('deals.owner'), width: 100, render: (_, p) => p.owner?.displayName ?? '—' },
                { key: 'updated', title: t('deals.updatedAt'), width: 150, render: (_, p) => formatDateTime(p.updatedAt) },
              ]}
            />
            <Pager pager={pager} pageInfo={d.proposals.pageInfo} />
          </>
        )}
      </QueryState>
    </div>
  );
}

export function ContractsTab({ groupId }: { groupId: string }) {
  const { t } = useTranslation('groups');
  const label = useEnumLabel();
  const pager = useCursorPager(20);
  const variables = useMemo(() => ({ groupId, ...pager.variables }), [groupId, pager.variables]);
  const [result, reexecute] = useQuery({ query: GroupContractsDocument, variables, context: CONTRACT_CONTEXT });
  return (
    <QueryState
      result={result}
      onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      isEmpty={(d) => d.contracts.nodes.length === 0 && pager.page === 1}
      emptyText={t('deals.noContracts')}
    >
      {(d) => (
        <>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.contracts.nodes}
            scroll={{ x: 900 }}
            columns={[
              {
                key: 'number',
                title: t('deals.contractNumber'),
                width: 170,
                render: (_, c) => (
                  <Link to={`/contracts/${encodeURIComponent(c.id)}`}>
                    {c.number ?? <Typography.Text type="secondary">{t('deals.notNumbered')}</Typography.Text>}
                  </Link>
                ),
              },
              {
                key: 'title',
                title: t('deals.contractTitle'),
                render: (_, c) => <Link to={`/contracts/${encodeURIComponent(c.id)}`}>{c.title}</Link>,
              },
              {
                key: 'status',
                title: t('deals.status'),
                width: 120,
                render: (_, c) => (
                  <>
                    <Tag color={CONTRACT_COLORS[c.status]}>{label('ContractStatus', c.status)}</Tag>
                    {c.renewalDue && <Tag color="orange">{t('deals.renewalDue')}</Tag>}
                  </>
                ),
              },
              {
                key: 'value',
                title: t('deals.contractValue'),
                width: 140,
                align: 'right',
                render: (_, c) => <Money value={c.value} strong />,
              },
              {
                key: 'monthly',
                title: t('deals.monthly'),
                width: 120,
                align: 'right',
                render: (_, c) => <Money value={c.monthlyTotal} />,
              },
              {
                key: 'term',
                title: t('deals.term'),
                width: 220,
                render: (_, c) =>
                  c.termStart ? `${c.termStart} ~ ${c.termEnd ?? ''}` : t('deals.termMonths', { count: c.termMonths }),
              },
            ]}
          />
          <Pager pager={pager} pageInfo={d.contracts.pageInfo} />
        </>
      )}
    </QueryState>
  );
}

export function InstallationsTab({ groupId }: { groupId: string }) {
  const { t } = useTranslation('groups');
  const label = useEnumLabel();
  const pager = useCursorPager(20);
  const [result, reexecute] = useQuery({
    query: GroupInstallationsDocument,
    variables: { groupId, ...pager.variables },
    context: JOB_CONTEXT,
  });
  const jobs = result.data?.installationJobs.nodes ?? [];
  return (
    <div>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Link to="/installations">{t('deals.toInstallations')}</Link>
      </Flex>
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={() => jobs.length === 0}
        emptyText={t('deals.noJobs')}
      >
        {(d) => (
          <>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={jobs}
            scroll={{ x: 900 }}
            columns={[
              {
                key: 'site',
                title: t('deals.jobSite'),
                render: (_, j) => <Link to={`/installations/${encodeURIComponent(j.id)}`}>{j.siteAddress}</Link>,
              },
              {
                key: 'status',
                title: t('deals.jobStatus'),
                width: 100,
                render: (_, j) => <Tag color={JOB_COLORS[j.status]}>{label('JobStatus', j.status)}</Tag>,
              },
              {
                key: 'contract',
                title: t('deals.jobContract'),
                width: 180,
                render: (_, j) =>
                  j.contract ? (
                    <Link to={`/contracts/${encodeURIComponent(j.contract.id)}`}>{j.contract.number ?? j.contract.title}</Link>
                  ) : (
                    '—'
                  ),
              },
              { key: 'scheduled', title: t('deals.scheduledOn'), width: 110, render: (_, j) => j.scheduledOn ?? '—' },
              { key: 'lead', title: t('deals.lead'), width: 110, render: (_, j) => j.lead?.displayName ?? '—' },
              { key: 'completed', title: t('deals.completedAt'), width: 150, render: (_, j) => formatDateTime(j.completedAt) },
              { key: 'confirmed', title: t('deals.confirmedAt'), width: 150, render: (_, j) => formatDateTime(j.confirmedAt) },
            ]}
          />
          <Pager pager={pager} pageInfo={d.installationJobs.pageInfo} />
          </>
        )}
      </QueryState>
    </div>
  );
}
