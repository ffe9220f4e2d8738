// The visit record card QX-FW-003 (logVisit for an unplanned visit, recordVisit for a planned
// one), the plan-a-visit form and the missed-visit dialog.
import {
  Checkbox,
  Col,
  DatePicker,
  Divider,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Skeleton,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { useAction } from '../../components/useAction';
import {
  GroupLogVisitDocument,
  GroupMarkVisitMissedDocument,
  GroupPlanVisitDocument,
  GroupRecordVisitDocument,
  GroupVisitCardProductsDocument,
  type GroupVisitFieldsFragment,
} from '../../gql/graphql';
import { useEnumOptions } from '../../i18n/enums';
import { useTextRules } from './GroupForm';
import {
  fromPicker,
  initialCard,
  pickerNow,
  plannedTooEarly,
  visitCardToInput,
  visitTimeProblem,
  type VisitCardValues,
} from './logic';

export interface ContactOption {
  id: string;
  name: string;
  title?: string | null;
}

const PICKER_FORMAT = 'YYYY-MM-DD HH:mm';

function contactOptions(contacts: ContactOption[]) {
  return contacts.map((c) => ({ value: c.id, label: c.title ? `${c.name}（${c.title}）` : c.name }));
}

// Fields both the card and the plan form have.

/** On a phone: the card full screen, big touch targets, the system's own date-time wheel. */
const usePhone = () => !Grid.useBreakpoint().md;

function MethodField() {
  const { t } = useTranslation('groups');
  const options = useEnumOptions();
  const phone = usePhone();
  return (
    <Form.Item name="method" label={t('visits.method')} rules={[{ required: true, message: t('common:required') }]}>
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        size={phone ? 'large' : undefined}
        options={options('VisitMethod')}
        aria-label={t('visits.method')}
      />
    </Form.Item>
  );
}

const NATIVE_FORMAT = 'YYYY-MM-DDTHH:mm';

/**
 * A Beijing wall-clock minute up to `now`: antd's picker on a desk, the phone's own
 * date-time input on a phone (the picker's panel is wider than the screen).
 */
function PastMinute({ value, onChange, now }: { value?: Dayjs; onChange?: (v: Dayjs | undefined) => void; now: Dayjs }) {
  const phone = usePhone();
  if (phone)
    return (
      <Input
        type="datetime-local"
        size="large"
        value={value ? value.format(NATIVE_FORMAT) : ''}
        max={now.endOf('day').format(NATIVE_FORMAT)}
        onChange={(e) => onChange?.(e.target.value ? dayjs(e.target.value, NATIVE_FORMAT) : undefined)}
      />
    );
  return (
    <DatePicker
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      showTime={{ format: 'HH:mm' }}
      format={PICKER_FORMAT}
      style={{ width: '100%' }}
      disabledDate={(d) => d.isAfter(now, 'day')}
    />
  );
}

function PurposeField() {
  const { t } = useTranslation('groups');
  const options = useEnumOptions();
  return (
    <Form.Item name="purpose" label={t('visits.purpose')} rules={[{ required: true, message: t('common:required') }]}>
      <Select options={options('VisitPurpose')} />
    </Form.Item>
  );
}

function ContactsField({ contacts }: { contacts: ContactOption[] }) {
  const { t } = useTranslation('groups');
  return (
    <Form.Item
      name="contactIds"
      label={t('visits.contacts')}
      extra={contacts.length === 0 ? t('visits.noContacts') : undefined}
    >
      <Select
        mode="multiple"
        allowClear
        placeholder={t('visits.contactsPlaceholder')}
        options={contactOptions(contacts)}
        optionFilterProp="label"
      />
    </Form.Item>
  );
}

/** The card's form fields; `products` are the visit-card products (code, name). */
export function VisitCardFields({
  contacts,
  products,
  productsLoading,
}: {
  contacts: ContactOption[];
  products: { code: string; name: string }[];
  productsLoading?: boolean;
}) {
  const { t } = useTranslation('groups');
  const options = useEnumOptions();
  const rules = useTextRules();
  const form = Form.useFormInstance<VisitCardValues>();
  const confirmed = Form.useWatch('customerConfirmed', form);
  const now = pickerNow();
  // The visit's start and end: to the minute, not after today.
  const pastMinute = <PastMinute now={now} />;
  return (
    <>
      <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
        {t('visits.cardSections.basics')}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <MethodField />
        </Col>
        <Col xs={24} md={12}>
          <PurposeField />
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="startedAt"
            label={t('visits.startedAt')}
            rules={[{ required: true, message: t('common:required') }]}
          >
            {pastMinute}
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="endedAt"
            label={t('visits.endedAt')}
            dependencies={['startedAt']}
            rules={[
              { required: true, message: t('common:required') },
              ({ getFieldValue }) => ({
                validator: async (_, end: Dayjs | undefined) => {
                  const problem = visitTimeProblem(getFieldValue('startedAt'), end, pickerNow());
                  if (problem) throw new Error(t(`visits.${problem}`));
                },
              }),
            ]}
          >
            {pastMinute}
          </Form.Item>
        </Col>
        <Col span={24}>
          <ContactsField contacts={contacts} />
        </Col>
      </Row>

      <Divider titlePlacement="start" plain>
        {t('visits.cardSections.needs')}
      </Divider>
      <Form.Item name="needProducts" label={t('visits.needProducts')}>
        {productsLoading ? (
          <Skeleton active paragraph={{ rows: 1 }} title={false} />
        ) : products.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Checkbox.Group aria-label={t('visits.needProducts')} style={{ width: '100%' }}>
            <Row gutter={[8, 4]}>
              {products.map((p) => (
                <Col key={p.code} xs={12} md={8}>
                  <Checkbox value={p.code}>{p.name}</Checkbox>
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        )}
      </Form.Item>
      <Form.Item name="needNotes" label={t('visits.needNotes')} rules={rules.optional(4000)}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>

      <Divider titlePlacement="start" plain>
        {t('visits.cardSections.satisfaction')}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="serviceSatisfaction" label={t('visits.serviceSatisfaction')}>
            <Radio.Group
              optionType="button"
              options={options('Satisfaction')}
              aria-label={t('visits.serviceSatisfaction')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="networkSatisfaction" label={t('visits.networkSatisfaction')}>
            <Radio.Group
              optionType="button"
              options={options('Satisfaction')}
              aria-label={t('visits.networkSatisfaction')}
            />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start" plain>
        {t('visits.cardSections.record')}
      </Divider>
      <Form.Item name="minutes" label={t('visits.minutes')} rules={rules.optional(8000)}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
      </Form.Item>
      <Form.Item name="suggestions" label={t('visits.suggestions')} rules={rules.optional(4000)}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Form.Item name="nextSteps" label={t('visits.nextSteps')} rules={rules.optional(4000)}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Row gutter={16} align="middle">
        <Col xs={24} md={10}>
          <Form.Item name="customerConfirmed" valuePropName="checked">
            <Checkbox>{t('visits.customerConfirmed')}</Checkbox>
          </Form.Item>
        </Col>
        <Col xs={24} md={14}>
          <Form.Item
            name="confirmedBy"
            label={t('visits.confirmedBy')}
            dependencies={['customerConfirmed']}
            rules={[
              { required: !!confirmed, whitespace: true, message: t('visits.confirmedByRequired') },
              { max: 100, message: t('form.tooLong', { max: 100 }) },
            ]}
          >
            <Input disabled={!confirmed} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

/** The card in a modal: logs an unplanned visit, or records a planned one as done. */
export function VisitCardModal({
  groupId,
  open,
  planned,
  contacts,
  complaintId,
  onClose,
  onSaved,
}: {
  groupId: string;
  open: boolean;
  planned: GroupVisitFieldsFragment | null;
  contacts: ContactOption[];
  /** A visit about this complaint: its purpose is complaint handling and it is recorded on it. */
  complaintId?: string;
  onClose: () => void;
  /** The visit saved, and when its proposal is due (a visit that recorded needs). */
  onSaved: (visit: GroupVisitFieldsFragment, proposalDueAt: string | null) => void;
}) {
  const { t } = useTranslation('groups');
  const [form] = Form.useForm<VisitCardValues>();
  const [products] = useQuery({ query: GroupVisitCardProductsDocument, pause: !open });
  const [log, logging] = useAction(GroupLogVisitDocument);
  const [record, recording] = useAction(GroupRecordVisitDocument);
  const phone = usePhone();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ ...initialCard(pickerNow(), planned ?? undefined), ...(complaintId ? { purpose: 'COMPLAINT' as const } : {}) });
  }, [open, planned, form, complaintId]);

  async function submit(values: VisitCardValues) {
    const card = { ...visitCardToInput(values), ...(complaintId ? { complaintId } : {}) };
    const opts = { form, strip: ['card'], success: t('visits.logged') };
    const payload = planned
      ? await record({ input: { id: planned.id, expectedVersion: planned.version, card } }, opts)
      : await log({ input: { groupId, card } }, opts);
    if (payload?.visit) onSaved(payload.visit, payload.proposalDueAt ?? null);
  }

  return (
    <Modal
      open={open}
      title={planned ? t('visits.recordTitle') : t('visits.logTitle')}
      width={phone ? '100%' : 860}
      // On a phone the card fills the screen and its buttons stay at the bottom, under the thumb.
      style={phone ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : undefined}
      styles={
        phone
          ? {
              container: { minHeight: '100dvh', borderRadius: 0, padding: '12px 12px 8px', display: 'flex', flexDirection: 'column' },
              body: { flex: 1, maxHeight: 'calc(100dvh - 112px)', overflowY: 'auto', overflowX: 'hidden' },
            }
          : undefined
      }
      okButtonProps={{ size: phone ? 'large' : undefined }}
      cancelButtonProps={{ size: phone ? 'large' : undefined }}
      okText={t('visits.submitCard')}
      cancelText={t('common:cancel')}
      confirmLoading={logging || recording}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      forceRender
    >
      <Form<VisitCardValues> form={form} name="visitCard" layout="vertical" onFinish={submit} scrollToFirstError>
        <VisitCardFields
          contacts={contacts}
          products={products.data?.visitCardProducts ?? []}
          productsLoading={products.fetching && !products.data}
        />
      </Form>
    </Modal>
  );
}

interface PlanValues {
  method: GroupVisitFieldsFragment['method'];
  purpose: GroupVisitFieldsFragment['purpose'];
  plannedAt: Dayjs;
  contactIds: string[];
}

export function PlanVisitModal({
  groupId,
  open,
  contacts,
  onClose,
}: {
  groupId: string;
  open: boolean;
  contacts: ContactOption[];
  onClose: () => void;
}) {
  const { t } = useTranslation('groups');
  const [form] = Form.useForm<PlanValues>();
  const [plan, planning] = useAction(GroupPlanVisitDocument);
  // Each opening suggests tomorrow 09:30 (Beijing time), an onsite routine visit.
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      method: 'ONSITE',
      purpose: 'ROUTINE',
      plannedAt: pickerNow().add(1, 'day').hour(9).minute(30),
      contactIds: [],
    });
  }, [open, form]);

  async function submit(v: PlanValues) {
    const ok = await plan(
      {
        input: {
          groupId,
          method: v.method,
          purpose: v.purpose,
          plannedAt: fromPicker(v.plannedAt),
          contactIds: v.contactIds ?? [],
        },
      },
      { form, success: t('visits.planned') },
    );
    if (ok) onClose();
  }

  return (
    <Modal
      open={open}
      title={t('visits.planTitle')}
      okText={t('visits.submitPlan')}
      cancelText={t('common:cancel')}
      confirmLoading={planning}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => form.resetFields()}
      forceRender
    >
      <Form<PlanValues> form={form} name="planVisit" layout="vertical" onFinish={submit}>
        <MethodField />
        <PurposeField />
        <Form.Item
          name="plannedAt"
          label={t('visits.plannedAt')}
          rules={[
            { required: true, message: t('common:required') },
            {
              validator: async (_, v: Dayjs | undefined) => {
                if (plannedTooEarly(v, pickerNow())) throw new Error(t('visits.plannedTooEarly'));
              },
            },
          ]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format={PICKER_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
        <ContactsField contacts={contacts} />
      </Form>
    </Modal>
  );
}

export function MissedVisitModal({ visit, onClose }: { visit: GroupVisitFieldsFragment | null; onClose: () => void }) {
  const { t } = useTranslation('groups');
  const rules = useTextRules();
  const [form] = Form.useForm<{ reason: string }>();
  const [mark, marking] = useAction(GroupMarkVisitMissedDocument);
  async function submit(v: { reason: string }) {
    if (!visit) return;
    const ok = await mark(
      { input: { id: visit.id, expectedVersion: visit.version, reason: v.reason.trim() } },
      { form, success: t('common:saved') },
    );
    if (ok) onClose();
  }
  return (
    <Modal
      open={!!visit}
      title={t('visits.missedTitle')}
      okText={t('visits.submitMissed')}
      okButtonProps={{ danger: true }}
      cancelText={t('common:cancel')}
      confirmLoading={marking}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => form.resetFields()}
      forceRender
    >
      <Form form={form} name="visitMissed" layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={t('visits.missedReason')} rules={rules.required(500)}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
