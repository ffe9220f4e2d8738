// Pieces every complaint screen shares: the ticking reply clock, the status tag, the list card
// (one column, so it reads on a phone as on a desk) and the registration dialog.
import { Card, Flex, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { CustomerFields, type CustomerValues, customerInput } from '../../components/CustomerFields';
import { FormModal } from '../../components/FormModal';
import { formatDateTime } from '../../components/format';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintRowFragment,
  type ComplaintSeverity,
  type ComplaintStatus,
  RegisterComplaintDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { useNow } from '../installs/Faults';
import { beijingLocalToIso, replyClock } from './logic';
import './i18n';

const STATUS_COLORS: Record<ComplaintStatus, string> = {
  OPEN: 'red',
  IN_PROGRESS: 'orange',
  ESCALATED: 'magenta',
  RESOLVED: 'blue',
  CLOSED: 'green',
};

export function ComplaintStatusTag({ status }: { status: ComplaintStatus }) {
  const label = useEnumLabel();
  return <Tag color={STATUS_COLORS[status]}>{label('ComplaintStatus', status)}</Tag>;
}

/** Time left to answer, ticking; red once past the reply time. */
export function ReplyClockTag({ complaint }: { complaint: ComplaintRowFragment }) {
  const { t } = useTranslation('complaints');
  const now = useNow(!complaint.resolvedAt && complaint.status !== 'CLOSED');
  const c = replyClock(complaint, now);
  const style = { fontVariantNumeric: 'tabular-nums' as const };
  if (c.kind === 'counting')
    return (
      <Tag color="orange" role="timer" aria-live="off" style={style}>
        {t('clock.left', { clock: c.clock })}
      </Tag>
    );
  if (c.kind === 'overdue')
    return (
      <Tag color="red" role="timer" style={style}>
        {t('clock.overdue', { clock: c.clock })}
      </Tag>
    );
  return c.late ? <Tag color="red">{t('clock.answeredLate')}</Tag> : <Tag color="green">{t('clock.answeredInTime')}</Tag>;
}

/** One complaint in a list: number, state and clock, the customer, what they said, who owns it. */
export function ComplaintCard({ complaint: c }: { complaint: ComplaintRowFragment }) {
  const { t } = useTranslation('complaints');
  const label = useEnumLabel();
  return (
    <Card size="small" data-testid="complaint-card" style={{ marginBottom: 8, borderColor: c.breached && !c.resolvedAt ? '#ff4d4f' : undefined }}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 4 }}>
        <Link to={`/complaints/${encodeURIComponent(c.id)}`} style={{ fontWeight: 600 }}>
          {c.number}
        </Link>
        <ComplaintStatusTag status={c.status} />
        <ReplyClockTag complaint={c} />
        {c.escalationLevel > 0 && <Tag color="magenta">{t(`level.${c.escalationLevel}`)}</Tag>}
      </Flex>
      <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
        {c.groupName}
      </Typography.Text>
      {c.memberName && <Typography.Text type="secondary"> · {c.memberName}</Typography.Text>}
      <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0', overflowWrap: 'anywhere' }}>
        {c.customerSaid}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label('ComplaintCategory', c.category)} · {label('ComplaintSeverity', c.severity)} · {label('ComplaintChannel', c.channel)} ·{' '}
        {t('owner')} {c.owner?.displayName ?? '—'} · {formatDateTime(c.registeredAt)}
      </Typography.Text>
    </Card>
  );
}

interface RegisterValues extends CustomerValues {
  channel: ComplaintChannel;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  customerSaid: string;
  replyDueAt?: string;
}

const CHANNELS: ComplaintChannel[] = ['COUNTER', 'HOTLINE', 'WEBSITE', 'ACCOUNT_MANAGER', 'PROXY', 'OTHER'];
const CATEGORIES: ComplaintCategory[] = ['NETWORK_QUALITY', 'SERVICE_QUALITY', 'BILLING', 'OTHER'];
const SEVERITIES: ComplaintSeverity[] = ['NORMAL', 'SERIOUS', 'URGENT'];

/**
 * Registers a complaint. On a group's page the group is given; otherwise the customer is found by
 * a member's number or the group's code (all the desk has to go on).
 */
export function RegisterComplaintDialog({
  open,
  groupId,
  onClose,
  onDone,
}: {
  open: boolean;
  groupId?: string;
  onClose: () => void;
  onDone: (id: string) => void;
}) {
  const { t } = useTranslation('complaints');
  const label = useEnumLabel();
  const rules = useFieldRules('complaints');
  const role = useSession()?.user.role;
  const [form] = Form.useForm<RegisterValues>();
  const [run, busy] = useAction(RegisterComplaintDocument);
  const options = <T extends string>(type: Parameters<typeof label>[0], values: T[]) => values.map((v) => ({ value: v, label: label(type, v) }));
  return (
    <FormModal<RegisterValues>
      open={open}
      title={t('register')}
      okText={t('register')}
      form={form}
      busy={busy}
      onClose={onClose}
      initialValues={{
        channel: role === 'SERVICE_DESK' ? 'COUNTER' : 'ACCOUNT_MANAGER',
        category: 'NETWORK_QUALITY',
        severity: 'NORMAL',
      }}
      onSubmit={async (v) => {
        const customer = groupId ? { groupId } : customerInput(v);
        const r = await run(
          {
            input: {
              ...customer,
              channel: v.channel,
              category: v.category,
              severity: v.severity,
              customerSaid: v.customerSaid.trim(),
              replyDueAt: beijingLocalToIso(v.replyDueAt),
            },
          },
          { form },
        );
        if (!r?.complaint) return false;
        onDone(r.complaint.id);
        return true;
      }}
    >
      {!groupId && (
        <CustomerFields
          ns="complaints"
          labels={{ byPhone: t('form.byPhone'), byCode: t('form.byCode'), phone: t('form.phone'), phoneHint: t('form.phoneHint'), code: t('form.code') }}
        />
      )}
      <Space wrap size={[12, 0]} style={{ width: '100%' }}>
        <Form.Item name="channel" label={t('form.channel')} style={{ minWidth: 150 }}>
          <Select options={options('ComplaintChannel', CHANNELS)} />
        </Form.Item>
        <Form.Item name="category" label={t('form.category')} style={{ minWidth: 130 }}>
          <Select options={options('ComplaintCategory', CATEGORIES)} />
        </Form.Item>
        <Form.Item name="severity" label={t('form.severity')} style={{ minWidth: 100 }}>
          <Select options={options('ComplaintSeverity', SEVERITIES)} />
        </Form.Item>
      </Space>
      <Form.Item name="customerSaid" label={t('form.customerSaid')} rules={rules.required(2000)}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="replyDueAt" label={t('form.replyDueAt')} extra={t('form.replyDueHint')}>
        <Input type="datetime-local" />
      </Form.Item>
    </FormModal>
  );
}
