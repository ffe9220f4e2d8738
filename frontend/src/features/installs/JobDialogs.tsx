import { Alert, DatePicker, Form, Input, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { useSession } from '../../auth/session';
import { FormModal } from '../../components/FormModal';
import { beijingDate } from '../../components/format';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  InstallsAcceptDocument,
  InstallsAssignLeadDocument,
  InstallsCancelDocument,
  InstallsCompleteDocument,
  InstallsConfirmDocument,
  InstallsLeadCandidatesDocument,
  InstallsPostponeDocument,
  InstallsScheduleDocument,
  InstallsStartDocument,
  type InstallsCardFragment,
} from '../../gql/graphql';
import { schedulable, type JobMove } from './logic';

export type Job = InstallsCardFragment;
export type Lead = { id: string; displayName: string };

/** Days a lead may book: today (Beijing) to a year ahead. */
function disabledDay(d: Dayjs) {
  return !schedulable(d.format('YYYY-MM-DD'), beijingDate());
}

/** A required date field offering only the days a lead may book. */
function BookingDayField({ name, label, extra }: { name: string; label: string; extra?: string }) {
  const { t } = useTranslation('installs');
  return (
    <Form.Item
      name={name}
      label={label}
      extra={extra}
      rules={[
        { required: true, message: t('common:required') },
        {
          validator: (_, d: Dayjs | undefined) =>
            !d || !disabledDay(d) ? Promise.resolve() : Promise.reject(new Error(t('schedule.dateRange'))),
        },
      ]}
    >
      <DatePicker style={{ width: '100%' }} disabledDate={disabledDay} />
    </Form.Item>
  );
}

/**
 * Runs the moves of the board and the drawer: one-click moves (accept, start) at once, the
 * others through their dialog.
 */
export function useJobActions(onChanged: () => void) {
  const { t } = useTranslation('installs');
  const [accept] = useAction(InstallsAcceptDocument);
  const [start] = useAction(InstallsStartDocument);
  const [open, setOpen] = useState<{ job: Job; action: JobMove } | null>(null);
  const [busyJob, setBusyJob] = useState<string | null>(null);

  const trigger = useCallback(
    async (job: Job, action: JobMove) => {
      if (action === 'accept' || action === 'start') {
        setBusyJob(job.id);
        const run = action === 'accept' ? accept : start;
        const r = await run({ input: { id: job.id, expectedVersion: job.version } }, { success: t(`done.${action}`) });
        setBusyJob(null);
        if (r) onChanged();
        return;
      }
      setOpen({ job, action });
    },
    [accept, start, t, onChanged],
  );

  const close = () => setOpen(null);
  const done = () => {
    setOpen(null);
    onChanged();
  };
  const dialogs = (
    <>
      <AssignDialog job={open?.action === 'assign' ? open.job : null} onClose={close} onDone={done} />
      <ScheduleDialog job={open?.action === 'schedule' ? open.job : null} onClose={close} onDone={done} />
      <PostponeDialog job={open?.action === 'postpone' ? open.job : null} onClose={close} onDone={done} />
      <ConfirmStepDialog job={open?.action === 'complete' ? open.job : null} step="complete" onClose={close} onDone={done} />
      <ConfirmStepDialog job={open?.action === 'confirm' ? open.job : null} step="confirm" onClose={close} onDone={done} />
      <CancelDialog job={open?.action === 'cancel' ? open.job : null} onClose={close} onDone={done} />
    </>
  );
  return { trigger, dialogs, busyJob };
}

interface DialogProps {
  job: Job | null;
  onClose: () => void;
  onDone: () => void;
}

/** Installers the user may pick: the job's candidates, plus its current lead (who may since have left). */
export function leadOptions(listed: readonly Lead[], known: readonly Lead[]): { value: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const u of [...listed, ...known]) if (!seen.has(u.id)) seen.set(u.id, u.displayName);
  return [...seen].map(([value, label]) => ({ value, label }));
}

/** Which job a dialog is about: its group and site. */
function JobSite({ job }: { job: Job | null }) {
  return job && <Typography.Paragraph type="secondary">{job.groupName} · {job.siteAddress}</Typography.Paragraph>;
}

function AssignDialog({ job, onClose, onDone }: DialogProps) {
  const { t } = useTranslation('installs');
  const [form] = Form.useForm<{ leadId: string }>();
  const [run, busy] = useAction(InstallsAssignLeadDocument);
  const [installers] = useQuery({
    query: InstallsLeadCandidatesDocument,
    variables: { id: job?.id ?? '' },
    pause: !job,
    requestPolicy: 'network-only',
  });
  const node = installers.data?.node;
  const listed = node && 'leadCandidates' in node ? node.leadCandidates : [];
  const options = leadOptions(listed, job?.lead ? [job.lead] : []);
  return (
    <FormModal
      open={!!job}
      title={t('assign.title')}
      intro={
        installers.data &&
        listed.length === 0 && (
          <Alert type="info" showIcon title={t('assign.noneVisible')} style={{ marginBottom: 16 }} />
        )
      }
      form={form}
      initialValues={{ leadId: job?.lead?.id }}
      busy={busy}
      onClose={onClose}
      onDone={onDone}
      onSubmit={async (v) => {
        if (!job) return false;
        const r = await run(
          { input: { id: job.id, expectedVersion: job.version, leadId: v.leadId } },
          { form, success: t('done.assign') },
        );
        return !!r?.job;
      }}
    >
      <Form.Item name="leadId" label={t('assign.lead')} rules={[{ required: true, message: t('common:required') }]}>
        <Select
          options={options}
          placeholder={t('assign.placeholder')}
          loading={installers.fetching}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
    </FormModal>
  );
}

function ScheduleDialog({ job, onClose, onDone }: DialogProps) {
  const { t } = useTranslation('installs');
  const [form] = Form.useForm<{ scheduledOn: Dayjs }>();
  const [run, busy] = useAction(InstallsScheduleDocument);
  return (
    <FormModal
      open={!!job}
      title={t('schedule.title')}
      intro={<JobSite job={job} />}
      form={form}
      initialValues={{ scheduledOn: job?.scheduledOn ? dayjs(job.scheduledOn, 'YYYY-MM-DD') : undefined }}
      busy={busy}
      onClose={onClose}
      onDone={onDone}
      onSubmit={async (v) => {
        if (!job) return false;
        const r = await run(
          { input: { id: job.id, expectedVersion: job.version, scheduledOn: v.scheduledOn.format('YYYY-MM-DD') } },
          { form, success: t('done.schedule') },
        );
        return !!r?.job;
      }}
    >
      <BookingDayField name="scheduledOn" label={t('schedule.date')} extra={t('schedule.hint')} />
    </FormModal>
  );
}

function PostponeDialog({ job, onClose, onDone }: DialogProps) {
  const { t } = useTranslation('installs');
  const rules = useFieldRules('installs');
  const [form] = Form.useForm<{ newDate: Dayjs; reason: string }>();
  const [run, busy] = useAction(InstallsPostponeDocument);
  return (
    <FormModal
      open={!!job}
      title={t('postpone.title')}
      intro={<JobSite job={job} />}
      form={form}
      busy={busy}
      onClose={onClose}
      onDone={onDone}
      onSubmit={async (v) => {
        if (!job) return false;
        const r = await run(
          {
            input: {
              id: job.id,
              expectedVersion: job.version,
              newDate: v.newDate.format('YYYY-MM-DD'),
              reason: v.reason.trim(),
            },
          },
          { form, success: t('done.postpone') },
        );
        return !!r?.job;
      }}
    >
      <BookingDayField name="newDate" label={t('postpone.newDate')} />
      <Form.Item name="reason" label={t('postpone.reason')} rules={rules.required(500)}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}

function ConfirmStepDialog({ job, step, onClose, onDone }: DialogProps & { step: 'complete' | 'confirm' }) {
  const { t } = useTranslation('installs');
  const [complete, completing] = useAction(InstallsCompleteDocument);
  const [confirm, confirming] = useAction(InstallsConfirmDocument);
  return (
    <FormModal
      open={!!job}
      title={t(`${step}.title`)}
      intro={job && <Typography.Paragraph>{t(`${step}.body`, { site: job.siteAddress })}</Typography.Paragraph>}
      busy={completing || confirming}
      onClose={onClose}
      onDone={onDone}
      onSubmit={async () => {
        if (!job) return false;
        const run = step === 'complete' ? complete : confirm;
        const r = await run({ input: { id: job.id, expectedVersion: job.version } }, { success: t(`done.${step}`) });
        return !!r?.job;
      }}
    />
  );
}

function CancelDialog({ job, onClose, onDone }: DialogProps) {
  const { t } = useTranslation('installs');
  const rules = useFieldRules('installs');
  const [form] = Form.useForm<{ reason: string }>();
  const [run, busy] = useAction(InstallsCancelDocument);
  return (
    <FormModal
      open={!!job}
      title={t('cancel.title')}
      okText={t('actions.cancel')}
      danger
      intro={<JobSite job={job} />}
      form={form}
      busy={busy}
      onClose={onClose}
      onDone={onDone}
      onSubmit={async (v) => {
        if (!job) return false;
        const r = await run(
          { input: { id: job.id, expectedVersion: job.version, reason: v.reason.trim() } },
          { form, success: t('done.cancel') },
        );
        return !!r?.job;
      }}
    >
      <Form.Item name="reason" label={t('cancel.reason')} rules={rules.required(500)}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}

/** The signed-in user as the board's rules see them. */
export function useViewer() {
  const user = useSession()?.user;
  return user ? { id: user.id, role: user.role } : null;
}

