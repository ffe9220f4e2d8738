// 资源申请: what waits on the viewer (an expert's invitation, a head's approval), the viewer's own
// requests, everything they see with filters (a group's issue records), the department's gift
// stock, and each month's use per group and per manager.
import { Button, Card, Flex, Form, Input, InputNumber, List, Segmented, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { useSession } from '../../auth/session';
import { beijingDate, formatMoney } from '../../components/format';
import { FormModal } from '../../components/FormModal';
import { PagedCards } from '../../components/PagedCards';
import { QueryState } from '../../components/QueryState';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  AddGiftItemDocument,
  GiftItemsDocument,
  type GiftItemsQuery,
  type ResourceBox,
  type ResourceKind,
  type ResourceRequestFilter,
  ResourceRequestsDocument,
  type ResourceStatus,
  ResourcesToDecideDocument,
  ResourceUsageDocument,
  RestockGiftItemDocument,
  type UsageBy,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { GroupSelect } from '../groups/GroupSelect';
import { KINDS, STATUSES, previousMonth } from './logic';
import { RequestCard, RequestResourceDialog } from './parts';
import './i18n';

const TABS = ['decide', 'mine', 'all', 'gifts', 'usage'] as const;
type Tab = (typeof TABS)[number];
const BOX: Record<'decide' | 'mine' | 'all', ResourceBox> = { decide: 'TO_DECIDE', mine: 'MINE', all: 'ALL' };

function Requests({ box, stamp, onChanged }: { box: ResourceBox; stamp: number; onChanged: () => void }) {
  const { t } = useTranslation('resources');
  const label = useEnumLabel();
  const [kind, setKind] = useState<ResourceKind | null>(null);
  const [status, setStatus] = useState<ResourceStatus | null>(null);
  const [groupId, setGroupId] = useState<string | null>(null);
  const filter: ResourceRequestFilter = useMemo(() => ({ box, kind, status, groupId }), [box, kind, status, groupId]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {box !== 'TO_DECIDE' && (
        <Flex wrap gap={8} align="center">
          <Select<ResourceKind | null>
            aria-label={t('field.kind')}
            style={{ minWidth: 140 }}
            value={kind}
            onChange={setKind}
            options={[{ value: null, label: t('allKinds') }, ...KINDS.map((k) => ({ value: k, label: label('ResourceKind', k) }))]}
          />
          <Select<ResourceStatus | null>
            aria-label={t('allStatuses')}
            style={{ minWidth: 120 }}
            value={status}
            onChange={setStatus}
            options={[{ value: null, label: t('allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: label('ResourceStatus', s) }))]}
          />
          <div style={{ flex: '1 1 200px', maxWidth: 320 }}>
            <GroupSelect label={t('field.group')} placeholder={t('placeholder.group')} value={groupId} onChange={(v) => setGroupId(v ?? null)} />
          </div>
        </Flex>
      )}
      <PagedCards
        query={ResourceRequestsDocument}
        args={{ filter }}
        connection={(d) => d.resourceRequests}
        emptyText={box === 'TO_DECIDE' ? t('emptyDecide') : t('empty')}
        totalText={(count) => t('total', { count })}
        refetchKey={stamp}
        render={(r) => <RequestCard key={r.id} r={r} onChanged={onChanged} />}
      />
    </Space>
  );
}

type Gift = GiftItemsQuery['giftItems'][number];

function GiftStock() {
  const { t } = useTranslation('resources');
  const rules = useFieldRules('resources');
  const isHead = useSession()?.user.role === 'DEPARTMENT_HEAD';
  const [result, reexecute] = useQuery({ query: GiftItemsDocument, requestPolicy: 'cache-and-network' });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const [adding, setAdding] = useState(false);
  const [restocking, setRestocking] = useState<Gift | null>(null);
  const [addForm] = Form.useForm<{ name: string; unitValue: number; stock: number }>();
  const [stockForm] = Form.useForm<{ quantity: number }>();
  const [add, addBusy] = useAction(AddGiftItemDocument);
  const [restock, restockBusy] = useAction(RestockGiftItemDocument);
  return (
    <Card
      size="small"
      title={t('stock.title')}
      extra={
        isHead && (
          <Button size="small" type="primary" onClick={() => setAdding(true)}>
            {t('stock.add')}
          </Button>
        )
      }
    >
      <QueryState result={result} onRetry={refresh} isEmpty={(d) => d.giftItems.length === 0} emptyText={t('stock.empty')}>
        {(d) => (
          <List
            dataSource={d.giftItems}
            renderItem={(g) => (
              <List.Item
                data-testid="gift-item"
                actions={
                  isHead
                    ? [
                        <Button key="restock" size="small" onClick={() => setRestocking(g)}>
                          {t('stock.restock')}
                        </Button>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={
                    <Space size={6} wrap>
                      <span>{g.name}</span>
                      {g.stock < 5 && <Tag color="red">{t('stock.low')}</Tag>}
                    </Space>
                  }
                  description={[t('stock.unit', { value: formatMoney(g.unitValue) }), t('stock.left', { count: g.stock }), g.department?.name]
                    .filter(Boolean)
                    .join(' · ')}
                />
              </List.Item>
            )}
          />
        )}
      </QueryState>
      <FormModal<{ name: string; unitValue: number; stock: number }>
        open={adding}
        title={t('stock.addTitle')}
        busy={addBusy}
        form={addForm}
        initialValues={{ stock: 0 }}
        onSubmit={async (v) => {
          const r = await add({ input: { name: v.name.trim(), unitValue: Number(v.unitValue).toFixed(2), stock: v.stock } }, { form: addForm, success: t('stock.added') });
          refresh();
          return !!r;
        }}
        onClose={() => setAdding(false)}
      >
        <Form.Item name="name" label={t('field.name')} rules={rules.required(50)}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="unitValue" label={t('field.unitValue')} rules={[{ required: true, message: t('common:required') }]}>
          <InputNumber min={0.01} max={100000} precision={2} style={{ width: '100%' }} aria-label={t('field.unitValue')} />
        </Form.Item>
        <Form.Item name="stock" label={t('field.stockCount')} rules={[{ required: true, message: t('common:required') }]}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} aria-label={t('field.stockCount')} />
        </Form.Item>
      </FormModal>
      <FormModal<{ quantity: number }>
        open={restocking !== null}
        title={t('stock.restockTitle', { name: restocking?.name ?? '' })}
        busy={restockBusy}
        form={stockForm}
        onSubmit={async (v) => {
          if (!restocking) return false;
          const r = await restock({ input: { id: restocking.id, quantity: v.quantity } }, { form: stockForm, success: t('stock.restocked') });
          refresh();
          return !!r;
        }}
        onClose={() => setRestocking(null)}
      >
        <Form.Item name="quantity" label={t('field.quantity')} rules={[{ required: true, message: t('common:required') }]}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} aria-label={t('field.quantity')} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

function Usage() {
  const { t } = useTranslation('resources');
  const thisMonth = beijingDate().slice(0, 7);
  const [month, setMonth] = useState(thisMonth);
  const [by, setBy] = useState<UsageBy>('GROUP');
  const [result, reexecute] = useQuery({ query: ResourceUsageDocument, variables: { month, by }, requestPolicy: 'cache-and-network' });
  const figure = (name: string, value: string | number) => (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Typography.Text type="secondary">{name}</Typography.Text> <Typography.Text strong>{value}</Typography.Text>
    </span>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex wrap gap={8} align="center">
        <Input
          type="month"
          aria-label={t('usage.month')}
          value={month}
          max={thisMonth}
          onChange={(e) => e.target.value && setMonth(e.target.value)}
          style={{ width: 160 }}
        />
        <Button size="small" onClick={() => setMonth(previousMonth(month))}>
          {previousMonth(month)}
        </Button>
        <Segmented<UsageBy>
          value={by}
          onChange={setBy}
          options={[
            { value: 'GROUP', label: t('usage.byGroup') },
            { value: 'MANAGER', label: t('usage.byManager') },
          ]}
        />
      </Flex>
      <QueryState result={result} onRetry={() => reexecute({ requestPolicy: 'network-only' })} isEmpty={(d) => d.resourceUsage.length === 0} emptyText={t('usage.empty')}>
        {(d) => (
          <List
            bordered
            dataSource={d.resourceUsage}
            renderItem={(u) => (
              <List.Item data-testid="resource-usage">
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  {u.group ? <Link to={`/groups/${encodeURIComponent(u.group.id)}`}>{u.name}</Link> : <Typography.Text strong>{u.name}</Typography.Text>}
                  <Flex wrap gap={12}>
                    {figure(t('usage.giftPieces'), u.giftPieces)}
                    {figure(t('usage.giftValue'), formatMoney(u.giftValue))}
                    {figure(t('usage.trials'), u.trials)}
                    {figure(t('usage.events'), u.events)}
                    {figure(t('usage.companions'), u.companions)}
                  </Flex>
                </Space>
              </List.Item>
            )}
          />
        )}
      </QueryState>
    </Space>
  );
}

export function ResourcesPage() {
  const { t } = useTranslation('resources');
  const role = useSession()?.user.role;
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : 'decide';
  const [stamp, setStamp] = useState(0);
  const [asking, setAsking] = useState(false);
  const [waiting, reexecute] = useQuery({ query: ResourcesToDecideDocument, requestPolicy: 'cache-and-network' });
  const changed = useCallback(() => {
    setStamp((s) => s + 1);
    reexecute({ requestPolicy: 'network-only' });
  }, [reexecute]);
  const count = waiting.data?.resourceRequests.totalCount ?? 0;
  const canAsk = role === 'ACCOUNT_MANAGER' || role === 'DEPARTMENT_HEAD';
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {canAsk && (
          <Button type="primary" onClick={() => setAsking(true)}>
            {t('new')}
          </Button>
        )}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('intro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          { key: 'decide', label: count ? t('decideCount', { count }) : t('tab.decide'), children: <Requests box={BOX.decide} stamp={stamp} onChanged={changed} /> },
          { key: 'mine', label: t('tab.mine'), children: <Requests box={BOX.mine} stamp={stamp} onChanged={changed} /> },
          { key: 'all', label: t('tab.all'), children: <Requests box={BOX.all} stamp={stamp} onChanged={changed} /> },
          { key: 'gifts', label: t('tab.gifts'), children: <GiftStock /> },
          { key: 'usage', label: t('tab.usage'), children: <Usage /> },
        ]}
      />
      <RequestResourceDialog open={asking} onClose={() => setAsking(false)} onDone={changed} />
    </>
  );
}
