// One group: header and tabs (profile, members, contacts, visits, proposals, contracts,
// installations, history). The tab is kept in the URL (`?tab=visits`).
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Descriptions, Flex, Result, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import { GroupDetailDocument, type GroupDetailFieldsFragment } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { GroupCompetition } from '../competition/parts';
import { GroupComplaints } from '../complaints/GroupComplaints';
import { GroupReports } from '../reports/parts';
import { ContactsTab } from './ContactsTab';
import { ContractsTab, InstallationsTab, ProposalsTab } from './DealsTabs';
import { HistoryTab } from './HistoryTab';
import { MembersTab } from './MembersTab';
import { ProfileTab } from './ProfileTab';
import { VisitsTab } from './VisitsTab';
import { GROUP_TABS, type GroupTab, GroupStatusTag, TierTag, canKeepArchive, useRole } from './parts';

export function GroupPage() {
  const { t } = useTranslation('groups');
  const label = useEnumLabel();
  const id = useParams().id ?? '';
  const role = useRole();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: GroupTab = (GROUP_TABS as readonly string[]).includes(raw ?? '') ? (raw as GroupTab) : 'profile';
  const [result, reexecute] = useQuery({ query: GroupDetailDocument, variables: { id } });

  return (
    <div>
      <Link to="/groups">
        <ArrowLeftOutlined /> {t('detail.back')}
      </Link>
      <QueryState result={result} onRetry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(d) => {
          const g = d.group;
          if (!g) return <Result status="404" title={t('detail.notFound')} />;
          const writable = canKeepArchive(role) && !g.archivedAt;
          return (
            <>
              <Flex justify="space-between" align="flex-start" wrap gap={8} style={{ marginTop: 8 }}>
                <div>
                  <Typography.Title level={3} style={{ marginBottom: 4 }}>
                    {g.name}
                  </Typography.Title>
                  <Space wrap size={[12, 4]}>
                    <Typography.Text copyable={{ text: g.code }} strong>
                      {g.code}
                    </Typography.Text>
                    <GroupStatusTag status={g.status} />
                    <TierTag tier={g.tier} />
                    <Typography.Text type="secondary">
                      {label('GroupKind', g.kind)} · {label('ValueClass', g.valueClass)} · {g.industry}
                    </Typography.Text>
                  </Space>
                </div>
                <Descriptions size="small" column={1} style={{ minWidth: 220 }}>
                  <Descriptions.Item label={t('field.owner')}>{g.owner?.displayName ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('field.department')}>{g.department?.name ?? '—'}</Descriptions.Item>
                  {writable && (role === 'ACCOUNT_MANAGER' || role === 'DEPARTMENT_HEAD') && (
                    <Descriptions.Item>
                      <Link to={`/adjustments/new?group=${encodeURIComponent(g.id)}`}>{t('billing:request')}</Link>
                    </Descriptions.Item>
                  )}
                </Descriptions>
              </Flex>
              {g.archivedAt && <Alert type="warning" showIcon title={t('detail.archivedBanner')} style={{ marginTop: 8 }} />}
              {g.unassigned && <Alert type="error" showIcon title={t('detail.unassignedBanner')} style={{ marginTop: 8 }} />}
              <Tabs
                style={{ marginTop: 8 }}
                activeKey={tab}
                onChange={(k) => {
                  const next = new URLSearchParams(params);
                  if (k === 'profile') next.delete('tab');
                  else next.set('tab', k);
                  setParams(next, { replace: true });
                }}
                items={GROUP_TABS.map((key) => ({
                  key,
                  label: t(`detail.tabs.${key}`),
                  children: (
                    <TabBody
                      tab={key}
                      group={g}
                      writable={writable}
                      canKeep={canKeepArchive(role)}
                    />
                  ),
                }))}
                destroyOnHidden
              />
            </>
          );
        }}
      </QueryState>
    </div>
  );
}

type Group = GroupDetailFieldsFragment;

function TabBody({ tab, group, writable, canKeep }: { tab: GroupTab; group: Group; writable: boolean; canKeep: boolean }) {
  switch (tab) {
    case 'profile':
      return <ProfileTab group={group} canKeep={canKeep} />;
    case 'members':
      return <MembersTab groupId={group.id} writable={writable} />;
    case 'contacts':
      return <ContactsTab groupId={group.id} writable={writable} />;
    case 'visits':
      return <VisitsTab groupId={group.id} writable={writable} />;
    case 'proposals':
      return <ProposalsTab groupId={group.id} writable={writable} />;
    case 'contracts':
      return <ContractsTab groupId={group.id} />;
    case 'installations':
      return <InstallationsTab groupId={group.id} />;
    case 'competition':
      return <GroupCompetition groupId={group.id} writable={writable} />;
    case 'complaints':
      return <GroupComplaints groupId={group.id} writable={writable} />;
    case 'reports':
      return <GroupReports groupId={group.id} writable={writable} />;
    case 'history':
      return <HistoryTab groupId={group.id} />;
  }
}
