import { Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal';
import { formatDateTime } from '../../components/format';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  InstallsAcknowledgeFaultDocument,
  InstallsConfirmFaultDocument,
  InstallsReportFaultDocument,
  InstallsResolveFaultDocument,
  type FaultStatus,
  type InstallsFaultFragment,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { canReportFault, faultBadge, faultMoves, slaClock, type FaultMove } from './logic';
import type { Job } from './JobDialogs';

/** The current time, ticking every second while `active`. */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const h = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(h);
  }, [active]);
  return now;
}

/** The 10-minute engineering-contact clock of a fault, ticking live; red once breached. */
export function SlaClock({ fault }: { fault: InstallsFaultFragment }) {
  const { t } = useTranslation('installs');
  const now = useNow(!fault.contactedAt);
  const s = slaClock(fault, now);
  if (s.kind === 'counting') {
    return (
      <Tag color="orange" role="timer" aria-live="off" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {t('fault.remaining', { clock: s.clock })}
      </Tag>
    );
  }
  if (s.kind === 'overdue') {
    return (
      <Tag color="red" role="timer" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {t('fault.overdue', { clock: s.clock })}
      </Tag>
    );
  }
  const at = formatDateTime(fault.contactedAt);
  return s.breached ? (
    <Space size={4}>
      <Tag color="red">{t('fault.breached')}</Tag>
      <Typography.Text type="danger">{t('fault.contactedLate', { at, clock: s.clock })}</Typography.Text>
    </Space>
  ) : (
    <Typography.Text type="success">{t('fault.contactedInTime', { at, clock: s.clock })}</Typography.Text>
  );
}

/** The card's fault marker: open faults, red when one is past its clock. */
export function FaultBadge({ faults }: { faults: InstallsFaultFragment[] }) {
  const { t } = useTranslation('installs');
  const ticking = faults.some((f) => f.status !== 'CLOSED' && !f.contactedAt);
  const now = useNow(ticking);
  const b = faultBadge(faults, now);
  if (!b.open) return null;
  return <Tag color={b.breached ? 'red' : 'orange'}>{t('card.faults', { count: b.open })}</Tag>;
}

const FAULT_COLORS: Record<FaultStatus, string> = {
  OPEN: 'red',
  CONTACTED: 'orange',
  RESOLVED: 'blue',
  CLOSED: 'green',
};

/** The job's fault tickets, with the report button and each ticket's moves. */
export function Faults({ job, onChanged }: { job: Job; onChanged: () => void }) {
  const { t } = useTranslation('installs');
  const label = useEnumLabel();
  const [reporting, setReporting] = useState(false);
  const [resolving, setResolving] = useState<InstallsFaultFragment | null>(null);
  const [acknowledge] = useAction(InstallsAcknowledgeFaultDocument);
  const [confirm] = useAction(InstallsConfirmFaultDocument);
  const [busy, setBusy] = useState<string | null>(null);

  async function act(f: InstallsFaultFragment, a: FaultMove) {
    if (a === 'resolve') return setResolving(f);
    setBusy(f.id);
    const run = a === 'acknowledge' ? acknowledge : confirm;
    const r = await run({ input: { id: f.id, expectedVersion: f.version } }, { success: t(`fault.done.${a}`) });
    setBusy(null);
    if (r) onChanged();
  }

  return (
    <div>
      {canReportFault(job) && (
        <Button danger onClick={() => setReporting(true)} style={{ marginBottom: 12 }}>
          {t('fault.report')}
        </Button>
      )}
      {job.faults.length === 0 && <Typography.Text type="secondary">{t('drawer.noFaults')}</Typography.Text>}
      {[...job.faults].reverse().map((f) => (
        <Card
          key={f.id}
          size="small"
          style={{ marginBottom: 8, borderColor: f.breached ? '#ff4d4f' : undefined }}
        >
          {/* The state and the clock may take two lines on a phone; the buttons follow them. */}
          <Space wrap size={[8, 4]} style={{ marginBottom: 8 }}>
            <Tag color={FAULT_COLORS[f.status]}>{label('FaultStatus', f.status)}</Tag>
            <SlaClock fault={f} />
          </Space>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{f.description}</Typography.Paragraph>
          {faultMoves(f).length > 0 && (
            <Space wrap style={{ marginBottom: 8 }}>
              {faultMoves(f).map((a) => (
                <Button key={a} type="primary" disabled={busy === f.id} onClick={() => act(f, a)}>
                  {t(`fault.${a}`)}
                </Button>
              ))}
            </Space>
          )}
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'reported', label: t('fault.reportedAt'), children: formatDateTime(f.reportedAt) },
              { key: 'due', label: t('fault.contactDueAt'), children: formatDateTime(f.contactDueAt) },
              ...(f.resolvedAt
                ? [
                    { key: 'resolved', label: t('fault.resolvedAt'), children: formatDateTime(f.resolvedAt) },
                    { key: 'resolution', label: t('fault.resolution'), children: f.resolution ?? '—' },
                  ]
                : []),
              ...(f.confirmedAt
                ? [{ key: 'confirmed', label: t('fault.confirmedAt'), children: formatDateTime(f.confirmedAt) }]
                : []),
            ]}
          />
        </Card>
      ))}
      <ReportFaultDialog
        job={reporting ? job : null}
        onClose={() => setReporting(false)}
        onDone={() => {
          setReporting(false);
          onChanged();
        }}
      />
      <ResolveFaultDialog
        fault={resolving}
        onClose={() => setResolving(null)}
        onDone={() => {
          setResolving(null);
          onChanged();
        }}
      />
    </div>
  );
}

function ReportFaultDialog({ job, onClose, onDone }: { job: Job | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('installs');
  const rules = useFieldRules('installs');
  const [form] = Form.useForm<{ description: string }>();
  const [run, busy] = useAction(InstallsReportFaultDocument);
  return (
    <FormModal
      open={!!job}
      title={t('fault.reportTitle')}
      okText={t('fault.report')}
      form={form}
      busy={busy}
      onClose={onClose}
      onDone={onDone}
      onSubmit={async (v) => {
        if (!job) return false;
        const r = await run({ input: { jobId: job.id, description: v.description.trim() } }, { form, success: t('fault.reported') });
        return !!r?.fault;
      }}
    >
      <Form.Item name="description" label={t('fault.description')} rules={rules.required(2000)}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

function ResolveFaultDialog({
  fault,
  onClose,
  onDone,
}: {
  fault: InstallsFaultFragment | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('installs');
  const rules = useFieldRules('installs');
  const [form] = Form.useForm<{ resolution: string }>();
  const [run, busy] = useAction(InstallsResolveFaultDocument);
  return (
    <FormModal
      open={!!fault}
      title={t('fault.resolveTitle')}
      form={form}
      busy={busy}
      onClose={onClose}
      onDone={onDone}
      onSubmit={async (v) => {
        if (!fault) return false;
        const r = await run(
          { input: { id: fault.id, expectedVersion: fault.version, resolution: v.resolution.trim() } },
          { form, success: t('fault.done.resolve') },
        );
        return !!r?.fault;
      }}
    >
      <Form.Item name="resolution" label={t('fault.resolution')} rules={rules.required(2000)}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
