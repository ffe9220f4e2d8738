// A collection item as a card (the figures, what was agreed, the payments and the moves the
// server offers), the call-or-letter dialog (a COLLECTION visit through `logVisit`), the payment
// dialog, the arrears notice, and billing's import with its history.
import { App, Button, Card, Collapse, Flex, Form, Input, List, Radio, Space, Tag, Typography, type UploadFile } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { CsvFileField, ImportProblems } from '../../components/CsvImport';
import { FormModal } from '../../components/FormModal';
import { beijingDate, formatDateTime, formatMoney } from '../../components/format';
import { Money } from '../../components/Money';
import { OfferedButton } from '../../components/OfferedButton';
import { PdfActions } from '../../components/PdfActions';
import { QueryState } from '../../components/QueryState';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  type ArrearsItemFieldsFragment,
  type ArrearsStatus,
  ArrearsImportsDocument,
  GroupLogVisitDocument,
  ImportArrearsDocument,
  IssueArrearsNoticeDocument,
  RecordArrearsPaymentDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { beijingLocalToIso } from '../complaints/logic';
import { currentMonth, isFutureMonth, isMonth, shiftMonth } from '../kpi/month';
import {
  AGREE_DAYS,
  PAID_DAYS,
  STATUS_COLORS,
  addDays,
  agreedOnProblem,
  contactTimeProblem,
  noticeOffer,
  paidOnProblem,
  paymentProblem,
  toLocalInput,
  validReceipt,
} from './logic';
import './i18n';

type Item = ArrearsItemFieldsFragment;

export function ArrearsStatusTag({ status }: { status: ArrearsStatus }) {
  const label = useEnumLabel();
  return <Tag color={STATUS_COLORS[status]}>{label('ArrearsStatus', status)}</Tag>;
}

/** Beijing wall time now (or `minutesAgo` before), as a `datetime-local` value. */
function localNow(minutesAgo = 0): string {
  return toLocalInput(formatDateTime(new Date(Date.now() - minutesAgo * 60_000).toISOString()));
}

/**
 * One collection item: the group and account, overdue / paid / owed and the age, what was
 * agreed, the payments, and the buttons for what the viewer may do now.
 */
export function ArrearsCard({
  item: a,
  showManager,
  onChanged,
  onContact,
  onPay,
}: {
  item: Item;
  showManager?: boolean;
  onChanged: () => void;
  onContact: (item: Item) => void;
  onPay: (item: Item) => void;
}) {
  const { t } = useTranslation('arrears');
  const label = useEnumLabel();
  const sep = t('common:sep');
  const [issue] = useAction(IssueArrearsNoticeDocument);
  const notice = noticeOffer(a);
  const loadNotice = async () => {
    const r = await issue({ input: { id: a.id, expectedVersion: a.version } }, { onConflict: onChanged });
    if (r) onChanged();
    return r?.notice;
  };
  const can = (x: Item['allowedActions'][number]) => a.allowedActions.includes(x);
  return (
    <Card size="small" data-testid="arrears-card" style={{ marginBottom: 8, borderColor: a.monthsOverdue >= 3 && a.status !== 'PAID' ? '#ff4d4f' : undefined }}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 4 }}>
        {a.group ? (
          <Link to={`/groups/${encodeURIComponent(a.group.id)}`} style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
            {a.group.name}
          </Link>
        ) : (
          <Typography.Text strong>—</Typography.Text>
        )}
        <ArrearsStatusTag status={a.status} />
        <Tag color={a.monthsOverdue >= 3 ? 'red' : 'orange'}>{t('field.age', { count: a.monthsOverdue })}</Tag>
      </Flex>
      <div style={{ overflowWrap: 'anywhere' }}>
        {t('field.account')}
        {sep}
        {a.accountNo}
        {a.member && (
          <Typography.Text type="secondary">
            {' · '}
            {a.member.name} {a.member.phone}
          </Typography.Text>
        )}
        <Typography.Text type="secondary">
          {' · '}
          {t('field.cycle')}
          {sep}
          {a.cycle}
        </Typography.Text>
      </div>
      <Flex wrap gap="4px 12px" style={{ margin: '4px 0' }}>
        <span>
          {t('field.amount')}
          {sep}
          <Money value={a.amount} />
        </span>
        <span>
          {t('field.collected')}
          {sep}
          <Money value={a.collected} />
        </span>
        <span>
          {t('field.outstanding')}
          {sep}
          <Money value={a.outstanding} strong />
        </span>
      </Flex>
      {a.agreedOn && (
        <div style={{ overflowWrap: 'anywhere' }}>
          {t('field.agreed')}
          {sep}
          {a.agreedOn}
          {a.agreedPlace ? ` · ${a.agreedPlace}` : ''}
        </div>
      )}
      {a.noticedAt ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('field.noticedAt')} {formatDateTime(a.noticedAt)}
        </Typography.Text>
      ) : (
        a.noticeFrom &&
        a.status !== 'PAID' && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('field.noticeFrom', { date: a.noticeFrom })}
          </Typography.Text>
        )
      )}
      {showManager && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('field.manager')}
            {sep}
            {a.manager?.displayName ?? '—'}
          </Typography.Text>
        </div>
      )}
      {a.payments.length > 0 && (
        <Collapse
          ghost
          size="small"
          items={[
            {
              key: 'payments',
              label: t('field.payments', { count: a.payments.length }),
              children: (
                <List
                  size="small"
                  dataSource={a.payments}
                  renderItem={(p) => (
                    <List.Item key={p.receiptNo} style={{ paddingInline: 0 }}>
                      <span style={{ overflowWrap: 'anywhere' }}>
                        {t('field.payment', { date: p.paidOn, amount: formatMoney(p.amount), receipt: p.receiptNo })}
                        {p.recordedBy ? ` · ${p.recordedBy.displayName}` : ''}
                      </span>
                    </List.Item>
                  )}
                />
              ),
            },
          ]}
        />
      )}
      {(a.allowedActions.length > 0 || notice.shown) && (
        <Flex wrap gap={8} style={{ marginTop: 8 }}>
          {can('LOG_COLLECTION_CONTACT') && (
            <Button type={a.status === 'OPEN' ? 'primary' : 'default'} onClick={() => onContact(a)}>
              {label('ArrearsAction', 'LOG_COLLECTION_CONTACT')}
            </Button>
          )}
          {can('RECORD_ARREARS_PAYMENT') && (
            <Button onClick={() => onPay(a)}>{label('ArrearsAction', 'RECORD_ARREARS_PAYMENT')}</Button>
          )}
          {notice.enabled ? (
            <PdfActions label={t('notice.label')} load={loadNotice} />
          ) : (
            <OfferedButton offer={notice}>{label('ArrearsAction', 'ISSUE_ARREARS_NOTICE')}</OfferedButton>
          )}
        </Flex>
      )}
    </Card>
  );
}

interface ContactValues {
  method: 'PHONE' | 'LETTER';
  startedAt: string;
  endedAt: string;
  minutes: string;
  arrears: { agreedOn: string; agreedPlace: string };
}

/**
 * The call or letter (电话/信函催缴): how and when, what was said, and the date and place agreed;
 * logged as a COLLECTION visit of the item's group, which records the agreement on the item.
 */
export function ContactDialog({ item, onClose, onDone }: { item: Item | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('arrears');
  const label = useEnumLabel();
  const rules = useFieldRules('arrears');
  const [form] = Form.useForm<ContactValues>();
  const [log, busy] = useAction(GroupLogVisitDocument);
  const today = beijingDate();
  return (
    <FormModal<ContactValues>
      open={!!item}
      title={item ? `${t('contact.title')} · ${item.group?.name ?? item.accountNo}` : ''}
      form={form}
      busy={busy}
      onClose={onClose}
      onDone={onDone}
      initialValues={{
        method: 'PHONE',
        startedAt: localNow(10),
        endedAt: localNow(),
        arrears: { agreedOn: addDays(today, 7), agreedPlace: '' },
      }}
      intro={
        item && (
          <Typography.Paragraph type="secondary">
            {t('contact.intro', { amount: formatMoney(item.outstanding), age: item.monthsOverdue })}
          </Typography.Paragraph>
        )
      }
      onSubmit={async (v) => {
        if (!item?.group) return false;
        const r = await log(
          {
            input: {
              groupId: item.group.id,
              card: {
                method: v.method,
                purpose: 'COLLECTION',
                startedAt: beijingLocalToIso(v.startedAt)!,
                endedAt: beijingLocalToIso(v.endedAt)!,
                minutes: v.minutes.trim(),
                arrears: { itemId: item.id, agreedOn: v.arrears.agreedOn, agreedPlace: v.arrears.agreedPlace.trim() },
              },
            },
          },
          { form, strip: ['card'], success: t('contact.done') },
        );
        return !!r?.visit;
      }}
    >
      <Form.Item name="method" label={t('contact.method')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={(['PHONE', 'LETTER'] as const).map((m) => ({ value: m, label: label('VisitMethod', m) }))}
        />
      </Form.Item>
      <Flex wrap gap="0 12px">
        <Form.Item name="startedAt" label={t('contact.startedAt')} rules={[{ required: true, message: t('common:required') }]} style={{ flex: '1 1 180px' }}>
          <Input type="datetime-local" max={localNow()} />
        </Form.Item>
        <Form.Item
          name="endedAt"
          label={t('contact.endedAt')}
          dependencies={['startedAt']}
          style={{ flex: '1 1 180px' }}
          rules={[
            { required: true, message: t('common:required') },
            ({ getFieldValue }) => ({
              validator: async (_, end: string | undefined) => {
                const p = contactTimeProblem(getFieldValue('startedAt'), end, localNow());
                if (p) throw new Error(t(`contact.${p}`));
              },
            }),
          ]}
        >
          <Input type="datetime-local" />
        </Form.Item>
      </Flex>
      <Form.Item name="minutes" label={t('contact.minutes')} rules={rules.required(8000)}>
        <Input.TextArea rows={3} placeholder={t('contact.minutesPlaceholder')} />
      </Form.Item>
      <Flex wrap gap="0 12px">
        <Form.Item
          name={['arrears', 'agreedOn']}
          label={t('contact.agreedOn')}
          extra={t('contact.agreedOnRange')}
          style={{ flex: '1 1 160px' }}
          rules={[
            {
              validator: async (_, day: string | undefined) => {
                const p = agreedOnProblem(day, beijingDate());
                if (p) throw new Error(p === 'missing' ? t('common:required') : t('contact.agreedOnRange'));
              },
            },
          ]}
        >
          <Input type="date" min={today} max={addDays(today, AGREE_DAYS)} />
        </Form.Item>
        <Form.Item name={['arrears', 'agreedPlace']} label={t('contact.agreedPlace')} rules={rules.required(200)} style={{ flex: '1 1 180px' }}>
          <Input placeholder={t('contact.agreedPlacePlaceholder')} />
        </Form.Item>
      </Flex>
    </FormModal>
  );
}

interface PaymentValues {
  amount: string;
  receiptNo: string;
  paidOn: string;
}

/** 登记缴费: the amount (at most what is owed), the official receipt number and the day paid. */
export function PaymentDialog({ item, onClose, onDone }: { item: Item | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('arrears');
  const [form] = Form.useForm<PaymentValues>();
  const [pay, busy] = useAction(RecordArrearsPaymentDocument);
  const today = beijingDate();
  const owed = item ? formatMoney(item.outstanding) : '';
  return (
    <FormModal<PaymentValues>
      open={!!item}
      title={item ? `${t('payment.title')} · ${item.group?.name ?? item.accountNo}` : ''}
      form={form}
      busy={busy}
      onClose={onClose}
      onDone={onDone}
      initialValues={{ paidOn: today, amount: item?.outstanding }}
      intro={item && <Typography.Paragraph type="secondary">{t('payment.intro', { outstanding: owed })}</Typography.Paragraph>}
      onSubmit={async (v) => {
        if (!item) return false;
        const r = await pay(
          {
            input: {
              id: item.id,
              expectedVersion: item.version,
              amount: v.amount.trim(),
              receiptNo: v.receiptNo.trim(),
              paidOn: v.paidOn,
            },
          },
          { form, success: t('payment.done'), onConflict: onDone },
        );
        return !!r?.item;
      }}
    >
      <Form.Item
        name="amount"
        label={t('payment.amount')}
        rules={[
          {
            validator: async (_, raw: string | undefined) => {
              const p = item ? paymentProblem(raw, item.outstanding) : null;
              if (p) throw new Error(p === 'format' ? t('payment.amountFormat') : t('payment.amountRange', { outstanding: owed }));
            },
          },
        ]}
      >
        <Input inputMode="decimal" prefix="¥" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="receiptNo"
        label={t('payment.receiptNo')}
        extra={t('payment.receiptHint')}
        rules={[
          { required: true, whitespace: true, message: t('common:required') },
          {
            validator: async (_, raw: string | undefined) => {
              if (raw?.trim() && !validReceipt(raw)) throw new Error(t('payment.receiptFormat'));
            },
          },
        ]}
      >
        <Input autoComplete="off" maxLength={40} />
      </Form.Item>
      <Form.Item
        name="paidOn"
        label={t('payment.paidOn')}
        rules={[
          {
            validator: async (_, day: string | undefined) => {
              const p = paidOnProblem(day, beijingDate());
              if (p) throw new Error(p === 'missing' ? t('common:required') : t('payment.paidOnRange'));
            },
          },
        ]}
      >
        <Input type="date" min={addDays(today, -PAID_DAYS)} max={today} />
      </Form.Item>
    </FormModal>
  );
}

interface ImportValues {
  cycle: string;
  file?: UploadFile[];
}

/** 导入欠费清单 (billing and administrators): the cycle and the CSV; the report once done. */
export function ImportArrearsDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('arrears');
  const { modal } = App.useApp();
  const [form] = Form.useForm<ImportValues>();
  const [run, busy] = useAction(ImportArrearsDocument);
  return (
    <FormModal<ImportValues>
      open={open}
      title={t('import.title')}
      okText={t('import.start')}
      form={form}
      busy={busy}
      onClose={onClose}
      initialValues={{ cycle: shiftMonth(currentMonth(), -1) }}
      intro={<Typography.Paragraph type="secondary">{t('import.hint')}</Typography.Paragraph>}
      onSubmit={async (v) => {
        const file = v.file?.[0]?.originFileObj;
        if (!file) return false;
        const r = await run({ input: { cycle: v.cycle, file } }, { form });
        if (!r) return false;
        onDone();
        modal.info({
          title: t('import.done', {
            rows: r.rows,
            created: r.created,
            updated: r.updated,
            unchanged: r.unchanged,
            suspensions: r.suspensions,
            problems: r.problems.length,
          }),
          content: <ImportProblems problems={r.problems} say={(p) => t('import.problem', p)} />,
        });
        return true;
      }}
    >
      <Form.Item
        name="cycle"
        label={t('import.cycle')}
        extra={t('import.cycleHint')}
        rules={[
          {
            validator: async (_, m: string | undefined) => {
              if (!m || !isMonth(m)) throw new Error(t('common:required'));
              if (isFutureMonth(m)) throw new Error(t('import.cycleHint'));
            },
          },
        ]}
      >
        <Input type="month" max={currentMonth()} style={{ maxWidth: 200 }} />
      </Form.Item>
      <CsvFileField label={t('import.file')} choose={t('import.choose')} />
    </FormModal>
  );
}

/** The arrears lists imported, newest first. */
export function ImportHistory({ version }: { version: number }) {
  const { t } = useTranslation('arrears');
  const [result, reexecute] = useQuery({ query: ArrearsImportsDocument });
  useEffect(() => {
    if (version > 0) reexecute({ requestPolicy: 'network-only' });
  }, [version, reexecute]);
  return (
    <Card size="small" title={t('import.history')} style={{ marginTop: 16 }}>
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.arrearsImports.length === 0}
        emptyText={t('import.noHistory')}
      >
        {(d) => (
          <List
            size="small"
            dataSource={d.arrearsImports}
            renderItem={(r, i) => (
              <List.Item key={`${r.cycle}-${i}`} style={{ paddingInline: 0 }}>
                <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                  <span style={{ overflowWrap: 'anywhere' }}>
                    <Typography.Text strong>{r.cycle}</Typography.Text> · {r.fileName}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('import.record', { rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged, problems: r.problems })} ·{' '}
                    {formatDateTime(r.createdAt)}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </QueryState>
    </Card>
  );
}
