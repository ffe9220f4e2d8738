import { Input, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useAction } from '../../components/useAction';
import { type AdminExpertFragment, AdminExpertsDocument, SetUserExpertiseDocument } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';

type Flag = 'chiefManager' | 'productSpecialist';

/**
 * 专家: the active users, each with whether they are a chief account manager (首席客户经理) or a
 * product specialist (产品专家) — those account managers may ask to join their visits, as the
 * resources of a day plan (定所需资源).
 */
export function ExpertsTab() {
  const { t } = useTranslation('admin');
  const pager = useCursorPager(50);
  const [search, setSearch] = useState('');
  const [result, reexecute] = useQuery({
    query: AdminExpertsDocument,
    variables: { search: search || null, after: pager.variables.after },
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <>
      <Typography.Paragraph type="secondary">{t('experts.intro')}</Typography.Paragraph>
      <Input.Search
        allowClear
        maxLength={100}
        placeholder={t('experts.search')}
        aria-label={t('experts.search')}
        enterButton={t('common:search')}
        style={{ maxWidth: 360, marginBottom: 12 }}
        onSearch={(v) => {
          setSearch(v.trim());
          pager.reset();
        }}
      />
      <QueryState result={result} onRetry={refresh} isEmpty={(d) => d.users.nodes.length === 0} emptyText={t('experts.empty')}>
        {(d) => (
          <>
            <List
              size="small"
              bordered
              dataSource={d.users.nodes}
              footer={<Typography.Text type="secondary">{t('experts.total', { count: d.users.totalCount })}</Typography.Text>}
              renderItem={(u) => <ExpertRow key={`${u.id}-${u.version}`} user={u} onConflict={refresh} />}
            />
            {(pager.page > 1 || d.users.pageInfo.hasNextPage) && <Pager pager={pager} pageInfo={d.users.pageInfo} />}
          </>
        )}
      </QueryState>
    </>
  );
}

function ExpertRow({ user, onConflict }: { user: AdminExpertFragment; onConflict: () => void }) {
  const { t } = useTranslation('admin');
  const label = useEnumLabel();
  const [run, busy] = useAction(SetUserExpertiseDocument);
  // What the switches show: the user as last saved, or as being saved.
  const [cur, setCur] = useState(user);

  async function change(flag: Flag, on: boolean) {
    const before = cur;
    const chiefManager = flag === 'chiefManager' ? on : cur.chiefManager;
    const productSpecialist = flag === 'productSpecialist' ? on : cur.productSpecialist;
    setCur({ ...cur, chiefManager, productSpecialist });
    const r = await run(
      { input: { id: cur.id, chiefManager, productSpecialist, expectedVersion: cur.version } },
      { success: t(`experts.${flag}${on ? 'On' : 'Off'}`, { name: cur.displayName }), onConflict },
    );
    setCur(r?.user ?? before);
  }

  const name = cur.displayName;
  return (
    <List.Item data-testid="expert-row">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between', width: '100%' }}>
        <Space size={[6, 2]} wrap style={{ minWidth: 0 }}>
          <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
            {name}
          </Typography.Text>
          <Typography.Text type="secondary">{cur.username}</Typography.Text>
          <Tag>{label('Role', cur.role)}</Tag>
          {cur.department && <Typography.Text type="secondary">{cur.department.name}</Typography.Text>}
        </Space>
        <Space size={[16, 4]} wrap>
          {(['chiefManager', 'productSpecialist'] as const).map((flag) => (
            <label key={flag} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, cursor: 'pointer' }}>
              <Switch
                size="small"
                checked={cur[flag]}
                loading={busy}
                disabled={busy}
                aria-label={t(`experts.${flag}Of`, { name })}
                onChange={(on) => void change(flag, on)}
              />
              <span>{t(`experts.${flag}`)}</span>
            </label>
          ))}
        </Space>
      </div>
    </List.Item>
  );
}
