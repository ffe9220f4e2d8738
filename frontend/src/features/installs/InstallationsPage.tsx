import { App, Badge, Button, Card, Grid, Space, Switch, Tag, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router-dom';
import { useQuery, useSubscription } from 'urql';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { InstallsBoardDocument, InstallsLiveDocument, type JobStatus } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { ExactLabels } from '../contracts/parts';
import { FaultBadge } from './Faults';
import { JobDrawer } from './JobDrawer';
import { JobList, jobPath } from './JobList';
import { useJobActions, useViewer, type Job } from './JobDialogs';
import { boardColumns, byColumn, dropAction, type JobMove } from './logic';
import { MoveButtons } from './MoveButtons';

const PAGE = 100;
const OPEN_STATUSES: JobStatus[] = ['CREATED', 'ACCEPTED', 'SCHEDULED', 'POSTPONED', 'IN_PROGRESS', 'COMPLETED', 'CONFIRMED'];

/**
 * 装机: the installation jobs as a board by status, for managers and installers alike; on a
 * phone, one list in the order the day is worked, each job opening its own page.
 */
export function InstallationsPage() {
  const { t } = useTranslation('installs');
  const viewer = useViewer();
  const [params, setParams] = useSearchParams();
  const phone = !Grid.useBreakpoint().md;
  const [showCancelled, setShowCancelled] = useState(false);
  const pager = useCursorPager(PAGE);
  const variables = useMemo(
    () => ({
      filter: showCancelled ? null : { status: OPEN_STATUSES },
      first: pager.variables.first,
      after: pager.variables.after,
    }),
    [showCancelled, pager.variables.first, pager.variables.after],
  );
  const [result, reexecute] = useQuery({ query: InstallsBoardDocument, variables });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);

  // Live: a job of mine changed elsewhere (the installer accepted, the manager confirmed…),
  // or live updates were interrupted and some may have been missed.
  const last = useRef(0);
  useSubscription({ query: InstallsLiveDocument }, (_, ev) => {
    const e = ev.myPipelineEvents;
    if ((e.objectType === 'InstallationJob' || e.topic === 'RESYNC') && Date.now() - last.current > 1000) {
      last.current = Date.now();
      refresh();
    }
    return ev;
  });

  const { trigger, dialogs, busyJob } = useJobActions(refresh);

  const openJob = params.get('job');
  const setOpenJob = (id: string | null) => {
    const p = new URLSearchParams(params);
    if (id) p.set('job', id);
    else p.delete('job');
    setParams(p, { replace: !id });
  };

  if (!viewer) return null;
  if (phone && openJob) return <Navigate to={jobPath(openJob)} replace />;
  return (
    <ExactLabels>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text strong>{viewer.role === 'INSTALLER' ? t('mine') : t('subtitle')}</Typography.Text>
        {result.data && (
          <Typography.Text type="secondary">{t('total', { count: result.data.installationJobs.totalCount })}</Typography.Text>
        )}
        <Switch
          checked={showCancelled}
          onChange={(v) => {
            pager.reset();
            setShowCancelled(v);
          }}
          aria-label={t('showCancelled')}
        />
        <Typography.Text>{t('showCancelled')}</Typography.Text>
        <Button onClick={refresh}>{t('refresh')}</Button>
        <Typography.Text type="secondary">{phone ? t('list.hint') : t('dragHint')}</Typography.Text>
      </Space>
      <QueryState
        result={result}
        onRetry={refresh}
        isEmpty={(d) => d.installationJobs.nodes.length === 0}
        emptyText={t('empty')}
      >
        {(d) => (
          <>
            {phone ? (
              <JobList jobs={d.installationJobs.nodes} onAction={trigger} busyJob={busyJob} showClosed={showCancelled} />
            ) : (
              <Board
                jobs={d.installationJobs.nodes}
                columns={boardColumns(showCancelled)}
                onAction={trigger}
                onOpen={setOpenJob}
                busyJob={busyJob}
              />
            )}
            {(pager.page > 1 || d.installationJobs.pageInfo.hasNextPage) && (
              <div>
                <Pager pager={pager} pageInfo={d.installationJobs.pageInfo} />
                <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
                  {t('pageHint', { size: PAGE })}
                </Typography.Text>
              </div>
            )}
          </>
        )}
      </QueryState>
      <JobDrawer
        jobId={openJob}
        onClose={() => setOpenJob(null)}
        onAction={trigger}
        busyJob={busyJob}
        onChanged={refresh}
      />
      {dialogs}
    </ExactLabels>
  );
}

interface BoardProps {
  jobs: Job[];
  columns: JobStatus[];
  onAction: (job: Job, action: JobMove) => void;
  onOpen: (id: string) => void;
  busyJob: string | null;
}

/**
 * The kanban: a column per status. Cards move with their buttons (only the allowed moves) or
 * by native drag and drop; a drop on a column no allowed move leads to is refused, saying why.
 */
export function Board({ jobs, columns, onAction, onOpen, busyJob }: BoardProps) {
  const { t } = useTranslation('installs');
  const label = useEnumLabel();
  const { message } = App.useApp();
  const [dragging, setDragging] = useState<Job | null>(null);
  const [over, setOver] = useState<JobStatus | null>(null);
  const grouped = byColumn(jobs, columns);

  function onDrop(e: DragEvent, column: JobStatus) {
    e.preventDefault();
    setOver(null);
    const id = e.dataTransfer?.getData('text/plain') || dragging?.id;
    setDragging(null);
    const job = jobs.find((j) => j.id === id);
    if (!job) return;
    const r = dropAction(job, column);
    if (!('refused' in r)) {
      onAction(job, r.action);
      return;
    }
    if (r.refused === 'same') return;
    message.warning(
      r.refused === 'blocked' && r.reason
        ? r.reason
        : t('drop.notAllowed', { from: label('JobStatus', job.status), to: label('JobStatus', column) }),
    );
  }

  return (
    <div style={{ display: 'flex', gap: 8, overflowX: 'auto', paddingBottom: 8, alignItems: 'flex-start' }}>
      {columns.map((column) => {
        const cards = grouped.get(column) ?? [];
        const verdict = dragging ? dropAction(dragging, column) : null;
        const acceptable = !!verdict && !('refused' in verdict);
        return (
          <section
            key={column}
            aria-label={label('JobStatus', column)}
            data-testid={`column-${column}`}
            onDragOver={(e) => {
              // Every column takes the drop (so a refused one can say why); the colour tells in advance.
              e.preventDefault();
              if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
              if (over !== column) setOver(column);
            }}
            onDragLeave={() => setOver((o) => (o === column ? null : o))}
            onDrop={(e) => onDrop(e, column)}
            style={{
              flex: '1 1 0',
              minWidth: 160,
              minHeight: 320,
              background: over === column ? (acceptable ? '#f6ffed' : '#fff1f0') : 'rgba(0, 0, 0, 0.04)',
              border: `1px ${dragging ? 'dashed' : 'solid'} ${
                dragging ? (acceptable ? '#52c41a' : '#d9d9d9') : 'transparent'
              }`,
              borderRadius: 8,
              padding: 8,
            }}
          >
            <Space style={{ marginBottom: 8, paddingInline: 4 }}>
              <Typography.Text strong>{label('JobStatus', column)}</Typography.Text>
              <Badge count={cards.length} showZero color={cards.length ? '#1677ff' : '#bfbfbf'} />
            </Space>
            {cards.length === 0 && (
              <Typography.Text type="secondary" style={{ display: 'block', padding: 8 }}>
                {t('columnEmpty')}
              </Typography.Text>
            )}
            {cards.map((job) => (
              <JobCard
                key={job.id}
                job={job}
                busy={busyJob === job.id}
                onAction={onAction}
                onOpen={onOpen}
                onDragStart={() => setDragging(job)}
                onDragEnd={() => {
                  setDragging(null);
                  setOver(null);
                }}
              />
            ))}
          </section>
        );
      })}
    </div>
  );
}

function JobCard({
  job,
  busy,
  onAction,
  onOpen,
  onDragStart,
  onDragEnd,
}: {
  job: Job;
  busy: boolean;
  onAction: (job: Job, action: JobMove) => void;
  onOpen: (id: string) => void;
  onDragStart: () => void;
  onDragEnd: () => void;
}) {
  const { t } = useTranslation('installs');
  return (
    <Card
      size="small"
      draggable
      onDragStart={(e) => {
        e.dataTransfer?.setData('text/plain', job.id);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      data-testid="job-card"
      aria-label={`${job.groupName} ${job.siteAddress}`}
      style={{ marginBottom: 8, cursor: 'grab' }}
      styles={{ body: { padding: 10 } }}
    >
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Link strong onClick={() => onOpen(job.id)}>
          {job.groupName}
        </Typography.Link>
        <FaultBadge faults={job.faults} />
      </Space>
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '4px 0', fontSize: 12 }}>
        {job.siteAddress}
      </Typography.Paragraph>
      <div style={{ fontSize: 12 }}>
        <div>
          {t('card.scheduledOn')}
          {job.scheduledOn ?? '—'}
        </div>
        <div>
          {t('card.lead')}
          {job.lead ? job.lead.displayName : <Typography.Text type="warning">{t('card.noLead')}</Typography.Text>}
        </div>
        {job.numberStatus === 'PENDING_APPROVAL' && <Tag color="processing">{t('number.cardPending')}</Tag>}
        {job.numberStatus === 'REJECTED' && <Tag color="error">{t('number.cardRejected')}</Tag>}
      </div>
      <Space wrap size={4} style={{ marginTop: 8 }}>
        <MoveButtons job={job} busy={busy} onAction={onAction} small />
        <Button size="small" type="link" onClick={() => onOpen(job.id)}>
          {t('card.open')}
        </Button>
      </Space>
    </Card>
  );
}
