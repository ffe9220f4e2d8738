// Resources (定所需资源): the request dialog (its fields follow the kind), a request's card with
// the expert's or the head's answer, and the decision dialog.
import { App, Button, Card, Flex, Form, Input, InputNumber, Radio, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { beijingDate, formatDateTime, formatMoney } from '../../components/format';
import { FormModal } from '../../components/FormModal';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  CancelResourceRequestDocument,
  DeclineResourceRequestDocument,
  GiftItemsDocument,
  GrantResourceRequestDocument,
  RequestResourceDocument,
  ResourceChoicesDocument,
  ResourceExpertsDocument,
  type ResourceRequestFieldsFragment,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { GroupSelect } from '../groups/GroupSelect';
import { EXPERTISE, giftValue, kindsFor, type RequestValues, requestInput, STATUS_COLORS } from './logic';
import './i18n';

/** The plan item a request serves: the visit an expert is asked to join. */
export interface ForItem {
  id: string;
  title: string;
  group?: { id: string; name: string } | null;
}

/** The request dialog; from a plan item, its group is the request's and an expert may be asked. */
export function RequestResourceDialog({ open, item, onClose, onDone }: { open: boolean; item?: ForItem; onClose: () => void; onDone?: () => void }) {
  const { t } = useTranslation('resources');
  const label = useEnumLabel();
  const rules = useFieldRules('resources');
  const { message } = App.useApp();
  const [form] = Form.useForm<RequestValues>();
  const [run, busy] = useAction(RequestResourceDocument);
  const kind = Form.useWatch('kind', form);
  const expertise = Form.useWatch('expertise', form);
  const chosenGroup = Form.useWatch('groupId', form);
  const giftId = Form.useWatch('giftItemId', form);
  const pieces = Form.useWatch('quantity', form);
  const groupId = item?.group?.id ?? chosenGroup ?? null;
  const [experts] = useQuery({ query: ResourceExpertsDocument, variables: { expertise: expertise ?? 'CHIEF_MANAGER' }, pause: !open || kind !== 'COMPANION' || !expertise });
  const [gifts] = useQuery({ query: GiftItemsDocument, pause: !open || kind !== 'GIFT', requestPolicy: 'cache-and-network' });
  const [choices] = useQuery({ query: ResourceChoicesDocument, variables: { groupId: groupId ?? '' }, pause: !open || !groupId || (kind !== 'GIFT' && kind !== 'TRIAL') });
  const node = choices.data?.node;
  const contacts = node && 'contacts' in node ? node.contacts : [];
  const gift = gifts.data?.giftItems.find((g) => g.id === giftId);
  const today = beijingDate();

  async function submit(v: RequestValues) {
    const r = await run({ input: requestInput(v, item?.id ?? null, item?.group?.id ?? null) }, { form });
    if (!r?.request) return false;
    message.success(r.request.kind === 'GIFT' && r.request.status === 'GRANTED' ? t('issued') : t('asked'));
    onDone?.();
    return true;
  }
  const needsGroup = !item?.group && kind !== 'COMPANION';
  return (
    <FormModal<RequestValues>
      open={open}
      title={t('newTitle')}
      busy={busy}
      form={form}
      initialValues={{ kind: item ? 'COMPANION' : 'GIFT', reason: '', expertise: 'CHIEF_MANAGER', quantity: 1, days: 30 }}
      intro={item && <Typography.Paragraph style={{ overflowWrap: 'anywhere' }}>{t('forItem', { title: item.title })}{item.group && ` · ${item.group.name}`}</Typography.Paragraph>}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item name="kind" label={t('field.kind')} rules={[{ required: true, message: t('common:required') }]}>
        <Radio.Group optionType="button" buttonStyle="solid" style={{ display: 'flex', flexWrap: 'wrap', rowGap: 6 }}>
          {kindsFor(!!item).map((k) => (
            <Radio.Button key={k} value={k}>
              {label('ResourceKind', k)}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      {needsGroup && (
        <Form.Item name="groupId" label={t('field.group')} rules={[{ required: true, message: t('common:required') }]}>
          <GroupSelect label={t('field.group')} placeholder={t('placeholder.group')} />
        </Form.Item>
      )}
      {kind === 'COMPANION' && (
        <>
          <Form.Item name="expertise" label={t('field.expertise')} rules={[{ required: true, message: t('common:required') }]}>
            <Select aria-label={t('field.expertise')} options={EXPERTISE.map((e) => ({ value: e, label: label('Expertise', e) }))} onChange={() => form.setFieldValue('expertId', undefined)} />
          </Form.Item>
          <Form.Item name="expertId" label={t('field.expert')} rules={[{ required: true, message: t('common:required') }]}>
            <Select
              aria-label={t('field.expert')}
              loading={experts.fetching}
              notFoundContent={t('noExperts')}
              options={(experts.data?.resourceExperts ?? []).map((e) => ({ value: e.id, label: e.orgUnitName ? `${e.displayName}（${e.orgUnitName}）` : e.displayName }))}
            />
          </Form.Item>
        </>
      )}
      {kind === 'TRIAL' && (
        <>
          <Form.Item name="productId" label={t('field.product')} rules={[{ required: true, message: t('common:required') }]}>
            <Select
              aria-label={t('field.product')}
              showSearch={{ optionFilterProp: 'label' }}
              options={(choices.data?.products.nodes ?? []).map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
          <Flex gap={8} wrap>
            <Form.Item name="startsOn" label={t('field.startsOn')} rules={[{ required: true, message: t('common:required') }]} style={{ flex: '1 1 140px' }}>
              <Input type="date" min={today} aria-label={t('field.startsOn')} />
            </Form.Item>
            <Form.Item name="days" label={t('field.days')} rules={[{ required: true, message: t('common:required') }]} style={{ flex: '1 1 90px' }}>
              <InputNumber min={1} max={90} precision={0} style={{ width: '100%' }} aria-label={t('field.days')} />
            </Form.Item>
            <Form.Item name="quantity" label={t('field.lines')} rules={[{ required: true, message: t('common:required') }]} style={{ flex: '1 1 90px' }}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} aria-label={t('field.lines')} />
            </Form.Item>
          </Flex>
        </>
      )}
      {kind === 'GIFT' && (
        <>
          <Form.Item name="giftItemId" label={t('field.gift')} rules={[{ required: true, message: t('common:required') }]}>
            <Select
              aria-label={t('field.gift')}
              loading={gifts.fetching}
              notFoundContent={t('stock.empty')}
              options={(gifts.data?.giftItems ?? []).map((g) => ({
                value: g.id,
                disabled: g.stock === 0,
                label: `${g.name} · ${t('stock.unit', { value: formatMoney(g.unitValue) })} · ${t('stock.left', { count: g.stock })}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="contactId" label={t('field.contact')} rules={[{ required: true, message: t('common:required') }]}>
            <Select
              aria-label={t('field.contact')}
              disabled={!groupId}
              notFoundContent={t('noContacts')}
              options={contacts.map((c) => ({ value: c.id, label: c.title ? `${c.name}（${c.title}）` : c.name }))}
            />
          </Form.Item>
          <Form.Item
            name="quantity"
            label={t('field.pieces')}
            rules={[{ required: true, message: t('common:required') }]}
            extra={gift && pieces ? formatMoney(giftValue(gift.unitValue, pieces)) : undefined}
          >
            <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} aria-label={t('field.pieces')} />
          </Form.Item>
        </>
      )}
      {kind === 'EVENT' && (
        <>
          <Form.Item name="title" label={t('field.title')} rules={rules.required(100)}>
            <Input maxLength={100} />
          </Form.Item>
          <Flex gap={8} wrap>
            <Form.Item name="startsOn" label={t('field.eventOn')} rules={[{ required: true, message: t('common:required') }]} style={{ flex: '1 1 140px' }}>
              <Input type="date" min={today} aria-label={t('field.eventOn')} />
            </Form.Item>
            <Form.Item name="quantity" label={t('field.headcount')} rules={[{ required: true, message: t('common:required') }]} style={{ flex: '1 1 90px' }}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} aria-label={t('field.headcount')} />
            </Form.Item>
            <Form.Item name="budget" label={t('field.budget')} rules={[{ required: true, message: t('common:required') }]} style={{ flex: '1 1 120px' }}>
              <InputNumber min={0.01} max={1000000} precision={2} style={{ width: '100%' }} aria-label={t('field.budget')} />
            </Form.Item>
          </Flex>
        </>
      )}
      <Form.Item name="reason" label={t('field.reason')} rules={rules.required(500)}>
        <Input.TextArea rows={2} maxLength={500} placeholder={t('placeholder.reason')} />
      </Form.Item>
    </FormModal>
  );
}

/** What the request asks for, in a line. */
function useDetail() {
  const { t } = useTranslation('resources');
  const label = useEnumLabel();
  return (r: ResourceRequestFieldsFragment): string | null => {
    switch (r.kind) {
      case 'COMPANION':
        return [
          r.expertise && t('expertLine', { expertise: label('Expertise', r.expertise), name: r.expert?.displayName ?? '' }),
          r.startsOn && t('visitAt', { when: r.at ? formatDateTime(r.at) : r.startsOn }),
        ]
          .filter(Boolean)
          .join(' · ');
      case 'TRIAL':
        return `${r.product?.name ?? ''} · ${t('trialSpan', { from: r.startsOn, days: r.days, lines: r.quantity })}`;
      case 'GIFT':
        return t('giftLine', { name: r.gift?.name ?? '', count: r.quantity, value: formatMoney(r.value), contact: r.contact?.name ?? '—' });
      case 'EVENT':
        return `${r.title ?? ''} · ${t('eventSpan', { on: r.startsOn, count: r.quantity, budget: formatMoney(r.value) })}`;
    }
  };
}

type Deciding = { how: 'grant' | 'decline'; r: ResourceRequestFieldsFragment } | null;

/** A request's card: what, for whom, why, where it stands; the expert's or head's buttons. */
export function RequestCard({ r, onChanged }: { r: ResourceRequestFieldsFragment; onChanged: () => void }) {
  const { t } = useTranslation('resources');
  const label = useEnumLabel();
  const rules = useFieldRules('resources');
  const { modal } = App.useApp();
  const detail = useDetail();
  const [deciding, setDeciding] = useState<Deciding>(null);
  const [form] = Form.useForm<{ note?: string }>();
  const [grant, granting] = useAction(GrantResourceRequestDocument);
  const [decline, declining] = useAction(DeclineResourceRequestDocument);
  const [cancel] = useAction(CancelResourceRequestDocument);
  const decided = r.decidedAt && t('decidedBy', { name: r.decidedBy?.displayName ?? '', at: formatDateTime(r.decidedAt), what: label('ResourceStatus', r.status) });
  async function decide(v: { note?: string }) {
    if (!deciding) return false;
    const input = { id: r.id, expectedVersion: r.version, note: v.note?.trim() || null };
    const run = deciding.how === 'grant' ? grant : decline;
    const done = await run({ input }, { form, success: deciding.how === 'grant' ? t('granted') : t('declined'), onConflict: onChanged });
    onChanged();
    return !!done;
  }
  return (
    <Card size="small" data-testid="resource-request" data-kind={r.kind} data-status={r.status} style={{ marginBottom: 8 }}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Flex wrap gap={6} align="center">
          <Tag color="blue">{label('ResourceKind', r.kind)}</Tag>
          <Tag color={STATUS_COLORS[r.status]}>{label('ResourceStatus', r.status)}</Tag>
          {r.group ? <Link to={`/groups/${encodeURIComponent(r.group.id)}`}>{r.groupName}</Link> : r.groupName && <Typography.Text>{r.groupName}</Typography.Text>}
        </Flex>
        <Typography.Text style={{ overflowWrap: 'anywhere' }}>{detail(r)}</Typography.Text>
        <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
          {t('by', { name: r.requester?.displayName ?? '' })} · {formatDateTime(r.createdAt)} · {r.reason}
        </Typography.Text>
        {r.status === 'GRANTED' && r.kind === 'GIFT' && !r.decidedBy && <Typography.Text type="secondary">{t('autoIssued')}</Typography.Text>}
        {r.decidedBy && (
          <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
            {decided}
            {r.decisionNote && ` · ${r.decisionNote}`}
          </Typography.Text>
        )}
        {(r.canDecide || r.canCancel) && (
          <Flex wrap gap={8}>
            {r.canDecide && (
              <>
                <Button type="primary" size="small" onClick={() => setDeciding({ how: 'grant', r })}>
                  {r.kind === 'COMPANION' ? t('grantExpert') : t('grant')}
                </Button>
                <Button size="small" danger onClick={() => setDeciding({ how: 'decline', r })}>
                  {t('decline')}
                </Button>
              </>
            )}
            {r.canCancel && (
              <Button
                size="small"
                onClick={() =>
                  modal.confirm({
                    title: t('cancelTitle'),
                    content: r.kind === 'GIFT' ? t('cancelConfirm') : undefined,
                    okText: t('cancel'),
                    cancelText: t('common:cancel'),
                    onOk: async () => {
                      await cancel({ input: { id: r.id, expectedVersion: r.version } }, { success: t('cancelled'), onConflict: onChanged });
                      onChanged();
                    },
                  })
                }
              >
                {t('cancel')}
              </Button>
            )}
          </Flex>
        )}
      </Space>
      <FormModal<{ note?: string }>
        open={deciding !== null}
        title={deciding?.how === 'grant' ? t('grantTitle') : t('declineTitle')}
        okText={deciding?.how === 'grant' ? (r.kind === 'COMPANION' ? t('grantExpert') : t('grant')) : t('decline')}
        danger={deciding?.how === 'decline'}
        busy={granting || declining}
        form={form}
        intro={<Typography.Paragraph style={{ overflowWrap: 'anywhere' }}>{detail(r)}</Typography.Paragraph>}
        onSubmit={decide}
        onClose={() => setDeciding(null)}
      >
        <Form.Item name="note" label={t('field.note')} rules={rules.optional(500)}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('placeholder.note')} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
