import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal';
import { beijingDate, formatMoney } from '../../components/format';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  ContractsCreateJobDocument,
  ContractsRecordIpApplicationDocument,
  ContractsRecordPaymentDocument,
  ContractsReviewDocument,
  ContractsSignDocument,
  ContractsTerminateDocument,
  type ContractsDetailFragment,
} from '../../gql/graphql';
import {
  duplicatePositions,
  ipFormInitial,
  ipFormToInput,
  jobFormInitialLines,
  jobFormToInput,
  shortfall,
  termEndPreview,
  validAmount,
  type IpFormValues,
  type JobFormValues,
} from './logic';

interface DialogProps {
  contract: ContractsDetailFragment;
  open: boolean;
  onClose: () => void;
}

/** Loose client check of a mainland phone; the server's rule is the authority. */
export const PHONE_PATTERN = /^[0-9０-９\s\-()（）+]{7,20}((转|ext|x|X)\s*\d{1,6})?$/;

function today(): Dayjs {
  return dayjs(beijingDate(), 'YYYY-MM-DD');
}

// ---- Review (department head) ---------------------------------------------------------

export function ReviewDialog({ contract, open, onClose }: DialogProps) {
  const { t } = useTranslation('contracts');
  const rules = useFieldRules('contracts');
  const [form] = Form.useForm<{ approve: boolean; comment?: string }>();
  const [run, busy] = useAction(ContractsReviewDocument);
  const approve = Form.useWatch('approve', form);
  return (
    <FormModal
      open={open}
      title={t('review.title')}
      form={form}
      initialValues={{ approve: true }}
      busy={busy}
      onClose={onClose}
      onSubmit={async (v) => {
        const comment = v.comment?.trim() || null;
        const r = await run(
          { input: { id: contract.id, expectedVersion: contract.version, approve: v.approve, comment } },
          { form, success: t('actions.reviewDone') },
        );
        return !!r?.contract;
      }}
    >
      <Form.Item name="approve" label={t('review.decision')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={[
            { value: true, label: t('review.approve') },
            { value: false, label: t('review.reject') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="comment"
        label={t('review.comment')}
        rules={[
          { required: approve === false, whitespace: true, message: t('review.commentRequired') },
          rules.max(2000),
        ]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

// ---- Sign -------------------------------------------------------------------------------

export function SignDialog({ contract, open, onClose }: DialogProps) {
  const { t } = useTranslation('contracts');
  const rules = useFieldRules('contracts');
  const [form] = Form.useForm<{ customerSigner: string; termStart: Dayjs }>();
  const [run, busy] = useAction(ContractsSignDocument);
  const { message } = App.useApp();
  const termStart = Form.useWatch('termStart', form);
  const end = termEndPreview(termStart?.format('YYYY-MM-DD'), contract.termMonths);
  return (
    <FormModal
      open={open}
      title={t('sign.title')}
      form={form}
      initialValues={{ termStart: today() }}
      busy={busy}
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await run(
          {
            input: {
              id: contract.id,
              expectedVersion: contract.version,
              customerSigner: v.customerSigner.trim(),
              termStart: v.termStart.format('YYYY-MM-DD'),
            },
          },
          { form },
        );
        if (!r?.contract) return false;
        message.success(t('actions.signDone', { number: r.contract.number ?? '—' }));
        return true;
      }}
    >
      <Form.Item name="customerSigner" label={t('sign.customerSigner')} rules={rules.required(100)}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="termStart"
        label={t('sign.termStart')}
        rules={[{ required: true, message: t('common:required') }]}
        extra={end ? t('sign.termEndHint', { months: contract.termMonths, end }) : undefined}
      >
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Typography.Text type="secondary">{t('sign.numberHint')}</Typography.Text>
    </FormModal>
  );
}

// ---- Payment ----------------------------------------------------------------------------

export function PayDialog({ contract, open, onClose }: DialogProps) {
  const { t } = useTranslation('contracts');
  const rules = useFieldRules('contracts');
  const [form] = Form.useForm<{ amount: string; paidOn: Dayjs; voucherNo: string; shortPaymentReason?: string }>();
  const [run, busy] = useAction(ContractsRecordPaymentDocument);
  const todayStr = beijingDate();
  const amount = Form.useWatch('amount', form);
  const gap = shortfall(amount, contract.amountDue);
  return (
    <FormModal
      open={open}
      title={t('pay.title')}
      intro={
        <Typography.Paragraph type="secondary">
          {t('pay.hint', {
            due: formatMoney(contract.amountDue),
            monthly: formatMoney(contract.monthlyTotal),
            oneOff: formatMoney(contract.oneOffTotal),
          })}
        </Typography.Paragraph>
      }
      form={form}
      initialValues={{
        paidOn: today(),
        amount: contract.paidAmount ?? contract.amountDue,
        voucherNo: contract.voucherNo ?? undefined,
        shortPaymentReason: contract.shortPaymentReason ?? undefined,
      }}
      busy={busy}
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await run(
          {
            input: {
              id: contract.id,
              expectedVersion: contract.version,
              amount: v.amount.trim(),
              paidOn: v.paidOn.format('YYYY-MM-DD'),
              voucherNo: v.voucherNo.trim(),
              shortPaymentReason: gap ? v.shortPaymentReason?.trim() : null,
            },
          },
          { form, success: t('actions.payDone') },
        );
        return !!r?.contract;
      }}
    >
      <Form.Item
        name="amount"
        label={t('pay.amount')}
        rules={[
          { required: true, message: t('common:required') },
          { validator: (_, v: string | undefined) => (!v || validAmount(v) ? Promise.resolve() : Promise.reject(new Error(t('pay.amountInvalid')))) },
        ]}
      >
        <Input inputMode="decimal" prefix="¥" autoComplete="off" />
      </Form.Item>
      {gap && (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('pay.short', { amount: formatMoney(amount), due: formatMoney(contract.amountDue), gap: formatMoney(gap) })}
          />
          <Form.Item name="shortPaymentReason" label={t('pay.shortReason')} rules={rules.required(500)}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('pay.shortReasonPlaceholder')} />
          </Form.Item>
        </>
      )}
      <Form.Item name="paidOn" label={t('pay.paidOn')} rules={[{ required: true, message: t('common:required') }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') > todayStr} />
      </Form.Item>
      <Form.Item name="voucherNo" label={t('pay.voucherNo')} rules={rules.required(64)}>
        <Input autoComplete="off" />
      </Form.Item>
    </FormModal>
  );
}

// ---- Terminate --------------------------------------------------------------------------

export function TerminateDialog({ contract, open, onClose }: DialogProps) {
  const { t } = useTranslation('contracts');
  const rules = useFieldRules('contracts');
  const [form] = Form.useForm<{ reason: string }>();
  const [run, busy] = useAction(ContractsTerminateDocument);
  return (
    <FormModal
      open={open}
      title={t('terminate.title')}
      okText={t('actions.terminate')}
      danger
      intro={<Alert type="warning" showIcon title={t('terminate.warning')} style={{ marginBottom: 16 }} />}
      form={form}
      busy={busy}
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await run(
          { input: { id: contract.id, expectedVersion: contract.version, reason: v.reason.trim() } },
          { form, success: t('actions.terminateDone') },
        );
        return !!r?.contract;
      }}
    >
      <Form.Item name="reason" label={t('terminate.reason')} rules={rules.required(1000)}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

// ---- IP address application -------------------------------------------------------------

export function IpApplicationDialog({ contract, open, onClose }: DialogProps) {
  const { t } = useTranslation('contracts');
  const rules = useFieldRules('contracts');
  const [form] = Form.useForm<IpFormValues>();
  const [run, busy] = useAction(ContractsRecordIpApplicationDocument);
  const doc = contract.documents.find((d) => d.kind === 'IP_APPLICATION');
  return (
    <FormModal
      open={open}
      title={t('ip.title')}
      okText={t('common:save')}
      width={640}
      form={form}
      initialValues={ipFormInitial(doc?.details, contract.group)}
      busy={busy}
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await run(
          { input: { id: contract.id, expectedVersion: contract.version, form: ipFormToInput(v) } },
          { form, strip: ['form'], success: t('ip.done') },
        );
        return !!r?.contract;
      }}
    >
      <Form.Item name="applicant" label={t('ip.applicant')} rules={rules.required(200)}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="customerAddress" label={t('ip.customerAddress')} rules={rules.required(255)}>
        <Input autoComplete="off" />
      </Form.Item>
      <Space.Compact block style={{ gap: 16 }}>
        <Form.Item name="contact" label={t('ip.contact')} rules={rules.required(100)} style={{ flex: 1 }}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="contactPhone"
          label={t('ip.contactPhone')}
          rules={[
            { required: true, whitespace: true, message: t('common:required') },
            { pattern: PHONE_PATTERN, message: t('ip.phoneInvalid') },
          ]}
          style={{ flex: 1 }}
        >
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
      </Space.Compact>
      <Form.Item name="mailingAddress" label={t('ip.mailingAddress')} rules={rules.required(255)}>
        <Input autoComplete="off" />
      </Form.Item>
      <Space.Compact block style={{ gap: 16 }}>
        <Form.Item
          name="lineRateMbps"
          label={t('ip.lineRateMbps')}
          rules={[
            { required: true, message: t('common:required') },
            { type: 'number', min: 1, max: 100000, message: t('ip.rateRange') },
          ]}
          style={{ flex: 1 }}
        >
          <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="ipCount"
          label={t('ip.ipCount')}
          rules={[
            { required: true, message: t('common:required') },
            { type: 'number', min: 1, max: 256, message: t('ip.countRange') },
          ]}
          style={{ flex: 1 }}
        >
          <InputNumber min={1} max={256} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Space.Compact>
    </FormModal>
  );
}

// ---- Create installation job -------------------------------------------------------------

export function CreateJobDialog({ contract, open, onClose }: DialogProps) {
  const { t } = useTranslation('contracts');
  const rules = useFieldRules('contracts');
  const [form] = Form.useForm<JobFormValues>();
  const [run, busy] = useAction(ContractsCreateJobDocument);
  const rows = Form.useWatch('lines', form);
  const lineOptions = contract.lines.map((l) => ({
    value: l.position,
    label: `${l.position}. ${l.product?.name ?? '—'}（${t('createJob.maxQuantity', { count: l.quantity })}）`,
  }));
  return (
    <FormModal
      open={open}
      title={t('createJob.title')}
      okText={t('createJob.title')}
      width={720}
      form={form}
      initialValues={{ siteAddress: contract.group?.address ?? '', lines: jobFormInitialLines(contract.lines) }}
      // Without it the list rows lose their initial values.
      preserve
      busy={busy}
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await run({ input: jobFormToInput(contract.id, v) }, { form, success: t('createJob.done') });
        return !!r?.job;
      }}
    >
      <Form.Item name="siteAddress" label={t('createJob.siteAddress')} rules={rules.required(255)}>
        <Input autoComplete="off" />
      </Form.Item>
      <Space.Compact block style={{ gap: 16 }}>
        <Form.Item name="siteContact" label={t('createJob.siteContact')} rules={rules.optional(100)} style={{ flex: 1 }}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="sitePhone"
          label={t('createJob.sitePhone')}
          rules={[{ pattern: PHONE_PATTERN, message: t('ip.phoneInvalid') }]}
          style={{ flex: 1 }}
        >
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
      </Space.Compact>
      <Form.List
        name="lines"
        rules={[
          {
            validator: async (_, rows: JobFormValues['lines'] | undefined) => {
              if (!rows || rows.length === 0) throw new Error(t('createJob.linesRequired'));
              if (duplicatePositions(rows).length) throw new Error(t('createJob.duplicate'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <Form.Item label={t('createJob.lines')} required>
            {fields.map((field) => {
              const position = rows?.[field.name]?.position;
              const line = contract.lines.find((l) => l.position === position);
              return (
                <Space key={field.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item
                    name={[field.name, 'position']}
                    rules={[{ required: true, message: t('common:required') }]}
                    style={{ width: 400, marginBottom: 8 }}
                  >
                    <Select options={lineOptions} aria-label={t('createJob.line')} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'quantity']}
                    rules={[
                      { required: true, message: t('common:required') },
                      {
                        type: 'number',
                        min: 1,
                        max: line?.quantity ?? 1,
                        message: t('createJob.maxQuantity', { count: line?.quantity ?? 1 }),
                      },
                    ]}
                    style={{ width: 140, marginBottom: 8 }}
                  >
                    <InputNumber min={1} max={line?.quantity} precision={0} aria-label={t('createJob.quantity')} style={{ width: '100%' }} />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)}>{t('createJob.removeLine')}</Button>
                </Space>
              );
            })}
            {fields.length < contract.lines.length && (
              <Button type="dashed" onClick={() => add({ quantity: 1 })}>
                {t('createJob.addLine')}
              </Button>
            )}
            <Form.ErrorList errors={errors} />
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="notes" label={t('createJob.notes')} rules={rules.optional(2000)}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}
