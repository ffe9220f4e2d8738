// 集团客户: the portfolio, searchable and filterable, with "new group".
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { formatDateTime } from '../../components/format';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useAction } from '../../components/useAction';
import {
  GroupsAccountManagersDocument,
  GroupsCreateDocument,
  GroupsListDocument,
  type GroupOrder,
  type GroupsListItemFragment,
} from '../../gql/graphql';
import { useEnumLabel, useEnumOptions } from '../../i18n/enums';
import { GroupFormModal } from './GroupForm';
import {
  EMPTY_FILTER,
  NEW_GROUP_VALUES,
  NOT_VISITED_CHOICES,
  activeFilterCount,
  filterToVariables,
  formValuesToGroupFields,
  groupPath,
  readFilterParams,
  sortToOrder,
  writeFilterParams,
  type GroupFormValues,
  type GroupsFilterState,
} from './logic';
import { GroupStatusTag, TierTag, canKeepArchive, useRole } from './parts';

const LIST_CONTEXT = { additionalTypenames: ['CustomerGroup'] };

export function GroupsPage() {
  const { t } = useTranslation('groups');
  const label = useEnumLabel();
  const options = useEnumOptions();
  const navigate = useNavigate();
  const role = useRole();
  const isManager = role === 'ACCOUNT_MANAGER';
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => readFilterParams(params), [params]);
  const pager = useCursorPager(20);
  const [order, setOrder] = useState<GroupOrder | undefined>();
  const [text, setText] = useState(filter.search);
  useEffect(() => setText(filter.search), [filter.search]);

  const variables = useMemo(
    () => ({ filter: filterToVariables(filter), orderBy: order, ...pager.variables }),
    [filter, order, pager.variables],
  );
  const [result, reexecute] = useQuery({ query: GroupsListDocument, variables, context: LIST_CONTEXT });
  const [owners] = useQuery({ query: GroupsAccountManagersDocument, pause: isManager || !role });
  const ownerList = owners.data?.users.nodes ?? [];

  function replace(next: GroupsFilterState) {
    setParams(writeFilterParams(next), { replace: true });
    pager.reset();
  }
  const update = (patch: Partial<GroupsFilterState>) => replace({ ...filter, ...patch });

  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<GroupFormValues>();
  const [create, saving] = useAction(GroupsCreateDocument);
  async function submitCreate(values: GroupFormValues) {
    const payload = await create(
      { input: { fields: formValuesToGroupFields(values), ownerId: isManager ? null : (values.ownerId ?? null) } },
      { form, strip: ['fields'] },
    );
    if (payload?.group) {
      setCreating(false);
      navigate(groupPath(payload.group.id));
    }
  }

  const columns: ColumnsType<GroupsListItemFragment> = [
    { key: 'code', title: t('col.code'), dataIndex: 'code', width: 120, sorter: true },
    {
      key: 'name',
      title: t('col.name'),
      sorter: true,
      render: (_, g) => (
        <Space size={4}>
          <Link to={groupPath(g.id)}>{g.name}</Link>
          {g.unassigned && <Tag color="red">{t('list.unassigned')}</Tag>}
        </Space>
      ),
    },
    { key: 'kind', title: t('col.kind'), width: 100, render: (_, g) => label('GroupKind', g.kind) },
    { key: 'county', title: t('col.county'), width: 100, render: (_, g) => g.region.county },
    { key: 'tier', title: t('col.tier'), width: 90, render: (_, g) => <TierTag tier={g.tier} /> },
    { key: 'status', title: t('col.status'), width: 90, render: (_, g) => <GroupStatusTag status={g.status} /> },
    { key: 'owner', title: t('col.owner'), width: 110, render: (_, g) => g.owner?.displayName ?? '—' },
    {
      key: 'lastVisit',
      title: t('col.lastVisit'),
      width: 150,
      render: (_, g) =>
        g.lastVisitAt ? formatDateTime(g.lastVisitAt) : <Typography.Text type="warning">{t('list.never')}</Typography.Text>,
    },
    {
      key: 'openProposals',
      title: t('col.openProposals'),
      width: 100,
      align: 'right',
      render: (_, g) => (g.openProposals > 0 ? <Tag color="processing">{g.openProposals}</Tag> : '0'),
    },
  ];

  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('list.title')}
        </Typography.Title>
        {canKeepArchive(role) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('list.create')}
          </Button>
        )}
      </Flex>

      <Card size="small" style={{ marginTop: 16, marginBottom: 12 }}>
        <Flex wrap gap={8} align="center">
          <Input.Search
            aria-label={t('list.searchLabel')}
            placeholder={t('list.searchPlaceholder')}
            allowClear
            enterButton={t('common:search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => update({ search: v })}
            style={{ width: 320 }}
          />
          <Select
            aria-label={t('list.status')}
            placeholder={t('list.status')}
            allowClear
            style={{ width: 120 }}
            value={filter.status}
            options={options('GroupStatus')}
            onChange={(v) => update({ status: v })}
          />
          <Select
            aria-label={t('list.tier')}
            placeholder={t('list.tier')}
            allowClear
            style={{ width: 120 }}
            value={filter.tier}
            options={options('ServiceTier')}
            onChange={(v) => update({ tier: v })}
          />
          <Select
            aria-label={t('list.valueClass')}
            placeholder={t('list.valueClass')}
            allowClear
            style={{ width: 120 }}
            value={filter.valueClass}
            options={options('ValueClass')}
            onChange={(v) => update({ valueClass: v })}
          />
          <Select
            aria-label={t('list.notVisited')}
            placeholder={t('list.notVisited')}
            allowClear
            style={{ width: 170 }}
            value={filter.notVisitedForDays}
            options={NOT_VISITED_CHOICES.map((d) => ({ value: d, label: t('list.notVisitedDays', { days: d }) }))}
            onChange={(v) => update({ notVisitedForDays: v })}
          />
          <Select
            aria-label={t('list.openProposals')}
            placeholder={t('list.openProposals')}
            allowClear
            style={{ width: 140 }}
            value={filter.hasOpenProposals === undefined ? undefined : filter.hasOpenProposals ? 'yes' : 'no'}
            options={[
              { value: 'yes', label: t('list.hasOpen') },
              { value: 'no', label: t('list.noOpen') },
            ]}
            onChange={(v) => update({ hasOpenProposals: v === undefined ? undefined : v === 'yes' })}
          />
          {!isManager && (
            <Select
              aria-label={t('list.owner')}
              placeholder={t('list.owner')}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 150 }}
              value={filter.ownerId}
              loading={owners.fetching}
              options={ownerList.map((u) => ({ value: u.id, label: u.displayName }))}
              onChange={(v) => update({ ownerId: v })}
            />
          )}
          <Space size={4}>
            <Switch
              size="small"
              checked={filter.archived}
              onChange={(v) => update({ archived: v })}
              aria-label={t('list.showArchived')}
            />
            <Typography.Text>{t('list.showArchived')}</Typography.Text>
          </Space>
          {(activeFilterCount(filter) > 0 || filter.search) && (
            <Button type="link" onClick={() => replace(EMPTY_FILTER)}>
              {t('list.reset')}
            </Button>
          )}
        </Flex>
      </Card>

      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.groups.nodes.length === 0 && pager.page === 1}
        emptyText={t('list.empty')}
      >
        {(d) => (
          <>
            <Table<GroupsListItemFragment>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={d.groups.nodes}
              pagination={false}
              loading={result.fetching}
              scroll={{ x: 960 }}
              onChange={(_, __, sorter) => {
                const s = Array.isArray(sorter) ? sorter[0] : sorter;
                setOrder(sortToOrder(s?.columnKey, s?.order));
                pager.reset();
              }}
            />
            <Flex justify="space-between" align="center">
              <Pager pager={pager} pageInfo={d.groups.pageInfo} />
              <Typography.Text type="secondary">{t('list.total', { count: d.groups.totalCount })}</Typography.Text>
            </Flex>
          </>
        )}
      </QueryState>

      <GroupFormModal
        open={creating}
        title={t('form.createTitle')}
        form={form}
        initialValues={NEW_GROUP_VALUES}
        saving={saving}
        owners={isManager ? undefined : ownerList}
        onSubmit={submitCreate}
        onCancel={() => setCreating(false)}
      />
    </div>
  );
}
