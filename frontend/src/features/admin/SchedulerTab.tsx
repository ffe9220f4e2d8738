import { PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { formatDateTime } from '../../components/format';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useAction } from '../../components/useAction';
import {
  AdminJobRunsDocument,
  AdminRunJobDocument,
  AdminScheduledJobsDocument,
  type AdminJobRunFragment,
  type AdminScheduledJobsQuery,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { every, leaseHeld, RUN_COLORS, runSeconds } from './logic';

type Job = AdminScheduledJobsQuery['scheduledJobs'][number];

/** 定时任务: the jobs with their lease and last run, a run-now button each, and the run history. */
export function SchedulerTab() {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [jobsResult, reJobs] = useQuery({ query: AdminScheduledJobsDocument });
  const [tick, setTick] = useState(0);
  const [running, setRunning] = useState<string | null>(null);
  const [runJob] = useAction(AdminRunJobDocument);
  const refresh = () => {
    reJobs({ requestPolicy: 'network-only' });
    setTick((n) => n + 1);
  };
  const jobs = jobsResult.data?.scheduledJobs ?? [];

  async function runNow(job: Job) {
    setRunning(job.name);
    const r = await runJob({ input: { name: job.name } });
    setRunning(null);
    if (!r) return;
    const run = r.run;
    const label = job.label;
    if (!run || run.status === 'RUNNING') message.info(t('jobs.ranStarted', { label }));
    else if (run.status === 'SUCCEEDED') message.success(t('jobs.ran', { label, summary: run.summary ?? '' }));
    else if (run.status === 'FAILED') message.error(t('jobs.ranFailed', { label, error: run.error ?? '' }));
    else message.warning(t('jobs.ranSkipped', { label, summary: run.summary ?? '' }));
    refresh();
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('tab.jobs')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={refresh}>
            {t('jobs.refresh')}
          </Button>
        }
      >
        <QueryState result={jobsResult} onRetry={refresh} isEmpty={(d) => d.scheduledJobs.length === 0}>
          {({ scheduledJobs }) => (
            <JobsTable jobs={scheduledJobs} running={running} onRun={runNow} />
          )}
        </QueryState>
      </Card>
      <Card size="small" title={t('jobs.history')}>
        <RunHistory jobs={jobs} tick={tick} />
      </Card>
    </Space>
  );
}

function RunStatus({ run }: { run: Pick<AdminJobRunFragment, 'status'> }) {
  const label = useEnumLabel();
  return <Tag color={RUN_COLORS[run.status]}>{label('JobRunStatus', run.status)}</Tag>;
}

function JobsTable({ jobs, running, onRun }: { jobs: readonly Job[]; running: string | null; onRun: (job: Job) => void }) {
  const { t } = useTranslation('admin');
  const now = Date.now();
  return (
    <Table
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={[...jobs]}
      scroll={{ x: 1000 }}
      columns={[
        {
          key: 'job',
          title: t('jobs.job'),
          render: (_, j) => (
            <div>
              <div>{j.label}</div>
              <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                {j.name}
              </Typography.Text>
            </div>
          ),
        },
        {
          key: 'every',
          title: t('jobs.every'),
          width: 120,
          render: (_, j) => {
            const e = every(j.everySeconds);
            return t(`jobs.everyValue.${e.unit}`, { n: e.n });
          },
        },
        {
          key: 'lease',
          title: t('jobs.lease'),
          width: 200,
          render: (_, j) =>
            leaseHeld(j, now) ? (
              <Typography.Text>
                {t('jobs.leasedUntil', { holder: j.leasedBy, until: formatDateTime(j.leasedUntil) })}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('jobs.idle')}</Typography.Text>
            ),
        },
        {
          key: 'last',
          title: t('jobs.lastRun'),
          width: 190,
          render: (_, j) =>
            j.lastRun ? (
              <Space orientation="vertical" size={0}>
                <RunStatus run={j.lastRun} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(j.lastRun.startedAt)}
                </Typography.Text>
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('jobs.never')}</Typography.Text>
            ),
        },
        {
          key: 'summary',
          title: t('jobs.summary'),
          render: (_, j) => <RunText run={j.lastRun} />,
        },
        {
          key: 'run',
          title: t('common:actions'),
          width: 120,
          render: (_, j) => (
            <Popconfirm
              title={t('jobs.runConfirm', { label: j.label })}
              okText={t('jobs.run')}
              cancelText={t('common:cancel')}
              onConfirm={() => onRun(j)}
            >
              <Button size="small" icon={<PlayCircleOutlined />} loading={running === j.name} disabled={!!running}>
                {t('jobs.run')}
              </Button>
            </Popconfirm>
          ),
        },
      ]}
    />
  );
}

/** A run's summary, or its error in red. */
function RunText({ run }: { run?: Pick<AdminJobRunFragment, 'summary' | 'error'> | null }) {
  if (!run) return <>—</>;
  return (
    <Space orientation="vertical" size={0}>
      {run.summary && <span style={{ whiteSpace: 'pre-wrap' }}>{run.summary}</span>}
      {run.error && (
        <Typography.Text type="danger" style={{ whiteSpace: 'pre-wrap' }}>
          {run.error}
        </Typography.Text>
      )}
      {!run.summary && !run.error && '—'}
    </Space>
  );
}

function RunHistory({ jobs, tick }: { jobs: readonly Job[]; tick: number }) {
  const { t } = useTranslation('admin');
  const [job, setJob] = useState<string | null>(null);
  const pager = useCursorPager(20);
  const variables = useMemo(() => ({ job, ...pager.variables }), [job, pager.variables]);
  const [result, reexecute] = useQuery({ query: AdminJobRunsDocument, variables });
  useEffect(() => {
    // A job was just run or the page refreshed: the history shows it.
    if (tick > 0) reexecute({ requestPolicy: 'network-only' });
  }, [tick, reexecute]);
  const labelOf = (name: string) => jobs.find((j) => j.name === name)?.label ?? name;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('jobs.filter')}
          style={{ minWidth: 240 }}
          value={job ?? ''}
          onChange={(v: string) => {
            pager.reset();
            setJob(v || null);
          }}
          options={[{ value: '', label: t('jobs.all') }, ...jobs.map((j) => ({ value: j.name, label: j.label }))]}
        />
        {result.data && (
          <Typography.Text type="secondary">{t('jobs.total', { count: result.data.jobRuns.totalCount })}</Typography.Text>
        )}
      </Space>
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.jobRuns.nodes.length === 0 && pager.page === 1}
        emptyText={t('jobs.emptyRuns')}
      >
        {(d) => (
          <>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.jobRuns.nodes}
              scroll={{ x: 1000 }}
              columns={[
                { key: 'job', title: t('jobs.job'), width: 160, render: (_, r) => labelOf(r.job) },
                { key: 'started', title: t('jobs.startedAt'), width: 150, render: (_, r) => formatDateTime(r.startedAt) },
                { key: 'finished', title: t('jobs.finishedAt'), width: 150, render: (_, r) => formatDateTime(r.finishedAt) },
                {
                  key: 'duration',
                  title: t('jobs.duration'),
                  width: 80,
                  align: 'right',
                  render: (_, r) => {
                    const s = runSeconds(r);
                    return s == null ? '—' : t('jobs.seconds', { n: s });
                  },
                },
                { key: 'holder', title: t('jobs.holder'), width: 130, dataIndex: 'holder' },
                { key: 'status', title: t('jobs.status'), width: 100, render: (_, r) => <RunStatus run={r} /> },
                { key: 'summary', title: t('jobs.summary'), render: (_, r) => <RunText run={r} /> },
              ]}
            />
            <Pager pager={pager} pageInfo={d.jobRuns.pageInfo} />
          </>
        )}
      </QueryState>
    </>
  );
}
