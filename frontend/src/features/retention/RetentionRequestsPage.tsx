// 拆机挽留 (rule 14): the requests by where they stand (mine, to dispatch, to verify, late),
// each with its two clocks; the desk's registration dialog.
import { App, Button, Card, Checkbox, Flex, Form, Input, Space, Tabs, Tag, Typography, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { CustomerFields, type CustomerValues, customerInput } from '../../components/CustomerFields';
import { CsvFileField, ImportProblems } from '../../components/CsvImport';
import { FormModal } from '../../components/FormModal';
import { PagedCards } from '../../components/PagedCards';
import { formatDateTime } from '../../components/format';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  type DisconnectionFilter,
  DisconnectionRequestsDocument,
  type DisconnectionRowFragment,
  ImportDisconnectionsDocument,
  RegisterDisconnectionDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { useNow } from '../installs/Faults';
import { retentionClocks } from './logic';
import './i18n';

const TABS = ['mine', 'dispatch', 'verify', 'breached', 'all'] as const;
type Tab = (typeof TABS)[number];
const FILTERS: Record<Tab, DisconnectionFilter> = {
  mine: { mine: true, status: ['REGISTERED', 'DISPATCHED', 'CONTACTED', 'DONE'] },
  dispatch: { status: ['REGISTERED'] },
  verify: { status: ['DONE'] },
  breached: { breached: true },
  all: {},
};
const HEADS = ['DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'ADMIN'];

export function RetentionRequestsPage() {
  const { t } = useTranslation('retention');
  const navigate = useNavigate();
  const role = useSession()?.user.role ?? 'ACCOUNT_MANAGER';
  const tabs = HEADS.includes(role) ? TABS : (['mine', 'breached', 'all'] as const);
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = (tabs as readonly string[]).includes(raw ?? '') ? (raw as Tab) : tabs[0];
  const [registering, setRegistering] = useState(false);
  const [importing, setImporting] = useState(false);
  const [version, setVersion] = useState(0);
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Space wrap>
          {(role === 'SERVICE_DESK' || HEADS.includes(role)) && <Button onClick={() => setImporting(true)}>{t('import.button')}</Button>}
          {role !== 'INSTALLER' && (
            <Button type="primary" onClick={() => setRegistering(true)}>
              {t('register')}
            </Button>
          )}
        </Space>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('intro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          const next = new URLSearchParams(params);
          next.set('tab', k);
          setParams(next, { replace: true });
        }}
        items={tabs.map((key) => ({ key, label: t(`tabs.${key}`), children: <RequestList key={version} filter={FILTERS[key]} /> }))}
        destroyOnHidden
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} onDone={() => setVersion((v) => v + 1)} />
      <RegisterDialog
        open={registering}
        onClose={() => setRegistering(false)}
        onDone={(id) => {
          setRegistering(false);
          navigate(`/retention/${encodeURIComponent(id)}`);
        }}
      />
    </>
  );
}

export function RequestList({ filter }: { filter: DisconnectionFilter }) {
  const { t } = useTranslation('retention');
  return (
    <PagedCards
      query={DisconnectionRequestsDocument}
      args={{ filter }}
      connection={(d) => d.disconnectionRequests}
      emptyText={t('empty')}
      totalText={(count) => t('total', { count })}
      render={(r) => <RequestCard key={r.id} request={r} />}
    />
  );
}

/** The two clocks of a request, ticking while they run. */
export function RetentionClocks({ request }: { request: DisconnectionRowFragment }) {
  const { t } = useTranslation('retention');
  const now = useNow(!request.finishedAt);
  const style = { fontVariantNumeric: 'tabular-nums' as const };
  return (
    <>
      {retentionClocks(request, now).map((c) => (
        <Tag key={c.key} color={c.late ? 'red' : 'orange'} role={c.clock ? 'timer' : undefined} style={style}>
          {c.clock ? t(`clock.${c.key}`, { clock: c.clock }) : t(`clock.${c.key}`)}
        </Tag>
      ))}
    </>
  );
}

const STATUS_COLORS: Record<string, string> = {
  REGISTERED: 'red',
  DISPATCHED: 'orange',
  CONTACTED: 'gold',
  DONE: 'blue',
  RETURNED: 'green',
};

export function RequestCard({ request: r }: { request: DisconnectionRowFragment }) {
  const { t } = useTranslation('retention');
  const label = useEnumLabel();
  const late = (r.contactBreached && !r.contactedAt) || (r.finishBreached && !r.finishedAt);
  return (
    <Card size="small" data-testid="retention-card" style={{ marginBottom: 8, borderColor: late ? '#ff4d4f' : undefined }}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 4 }}>
        <Link to={`/retention/${encodeURIComponent(r.id)}`} style={{ fontWeight: 600 }}>
          {r.number}
        </Link>
        <Tag color={STATUS_COLORS[r.status]}>{label('DisconnectionStatus', r.status)}</Tag>
        {r.outcome && <Tag color={r.outcome === 'LOST' ? 'red' : 'green'}>{label('RetentionOutcome', r.outcome)}</Tag>}
        <RetentionClocks request={r} />
      </Flex>
      <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
        {r.groupName}
      </Typography.Text>
      <Typography.Text type="secondary"> · {r.memberName ?? r.line}</Typography.Text>
      <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0', overflowWrap: 'anywhere' }}>
        {r.counterReason}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('field.assignee')} {r.assignee?.displayName ?? '—'} · {t('field.registeredAt')} {formatDateTime(r.registeredAt)}
      </Typography.Text>
    </Card>
  );
}

interface RegisterValues extends CustomerValues {
  counterReason: string;
  firstRetentionFailed: boolean;
  firstRetentionNote?: string;
}

function RegisterDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (id: string) => void }) {
  const { t } = useTranslation('retention');
  const rules = useFieldRules('retention');
  const [form] = Form.useForm<RegisterValues>();
  const [run, busy] = useAction(RegisterDisconnectionDocument);
  return (
    <FormModal<RegisterValues>
      open={open}
      title={t('register')}
      okText={t('register')}
      form={form}
      busy={busy}
      onClose={onClose}
      initialValues={{ firstRetentionFailed: true }}
      onSubmit={async (v) => {
        const customer = customerInput(v);
        const r = await run(
          {
            input: {
              ...customer,
              counterReason: v.counterReason.trim(),
              firstRetentionFailed: !!v.firstRetentionFailed,
              firstRetentionNote: v.firstRetentionNote?.trim() || null,
            },
          },
          { form },
        );
        if (!r?.request) return false;
        onDone(r.request.id);
        return true;
      }}
    >
      <CustomerFields
        ns="retention"
        labels={{
          byPhone: t('form.byPhone'),
          byCode: t('form.byLine'),
          phone: t('form.phone'),
          phoneHint: t('form.phoneHint'),
          code: t('form.groupCode'),
          line: t('form.line'),
        }}
      />
      <Form.Item name="counterReason" label={t('form.counterReason')} rules={rules.required(500)}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="firstRetentionFailed" valuePropName="checked">
        <Checkbox>{t('form.firstFailed')}</Checkbox>
      </Form.Item>
      <Form.Item name="firstRetentionNote" label={t('form.firstNote')} rules={rules.optional(500)}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}

/** A BOSS export of disconnection requests: each new row registered, the report shown. */
function ImportDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('retention');
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ file?: UploadFile[] }>();
  const [run, busy] = useAction(ImportDisconnectionsDocument);
  return (
    <FormModal<{ file?: UploadFile[] }>
      open={open}
      title={t('import.title')}
      okText={t('import.start')}
      form={form}
      busy={busy}
      onClose={onClose}
      intro={<Typography.Paragraph type="secondary">{t('import.hint')}</Typography.Paragraph>}
      onSubmit={async (v) => {
        const file = v.file?.[0]?.originFileObj;
        if (!file) return false;
        const r = await run({ input: { file } }, { form });
        if (!r) return false;
        onDone();
        modal.info({
          title: t('import.done', { created: r.created, already: r.alreadyImported, problems: r.problems.length }),
          content: <ImportProblems problems={r.problems} say={(p) => t('import.problem', p)} />,
        });
        return true;
      }}
    >
      <CsvFileField choose={t('import.choose')} />
    </FormModal>
  );
}
