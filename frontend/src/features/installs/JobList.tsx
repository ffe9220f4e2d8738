import { Button, Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { beijingDate } from '../../components/format';
import { OfferedButton } from '../../components/OfferedButton';
import { offer } from '../../components/offers';
import { JobStatusTag } from '../contracts/parts';
import { FaultBadge } from './Faults';
import type { Job } from './JobDialogs';
import { DAY_SECTIONS, daySections, MOVE_ACTION, primaryMove, type JobMove } from './logic';

export const jobPath = (id: string) => `/installations/${encodeURIComponent(id)}`;

/**
 * The phone's view of the jobs ("my jobs today"): one column in the order the day is worked,
 * each job with its one next step; the job's page has the rest.
 */
export function JobList({
  jobs,
  onAction,
  busyJob,
  showClosed,
}: {
  jobs: Job[];
  onAction: (job: Job, action: JobMove) => void;
  busyJob: string | null;
  showClosed: boolean;
}) {
  const { t } = useTranslation('installs');
  const sections = daySections(jobs, beijingDate());
  return (
    <div data-testid="job-list">
      {DAY_SECTIONS.filter((s) => s !== 'closed' || showClosed).map((key) => {
        const list = sections.get(key)!;
        return (
          <section key={key} aria-label={t(`list.${key}`)} style={{ marginBottom: 16 }}>
            <Typography.Title level={5} style={{ margin: '0 0 8px' }}>
              {t(`list.${key}`)} <Typography.Text type="secondary">{list.length}</Typography.Text>
            </Typography.Title>
            {list.length === 0 && (
              <Typography.Text type="secondary" style={{ display: 'block', padding: '0 4px 4px' }}>
                {t('columnEmpty')}
              </Typography.Text>
            )}
            {list.map((job) => (
              <JobRow key={job.id} job={job} busy={busyJob === job.id} onAction={onAction} />
            ))}
          </section>
        );
      })}
    </div>
  );
}

function JobRow({ job, busy, onAction }: { job: Job; busy: boolean; onAction: (job: Job, action: JobMove) => void }) {
  const { t } = useTranslation('installs');
  const next = primaryMove(job);
  const navigate = useNavigate();
  return (
    <Card size="small" data-testid="job-row" aria-label={`${job.groupName} ${job.siteAddress}`} style={{ marginBottom: 8 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Link to={jobPath(job.id)} style={{ fontWeight: 600, fontSize: 16 }}>
          {job.groupName}
        </Link>
        <Space size={4}>
          <FaultBadge faults={job.faults} />
          <JobStatusTag status={job.status} />
        </Space>
      </Space>
      <Typography.Paragraph style={{ margin: '6px 0', overflowWrap: 'anywhere' }}>{job.siteAddress}</Typography.Paragraph>
      <Space wrap size={[8, 4]} style={{ fontSize: 13 }}>
        <span>
          {t('card.scheduledOn')}
          {job.scheduledOn ?? '—'}
        </span>
        {job.number && <span>{t('list.number', { number: job.number })}</span>}
        {job.numberStatus === 'PENDING_APPROVAL' && <Tag color="processing">{t('number.cardPending')}</Tag>}
        {job.numberStatus === 'REJECTED' && <Tag color="error">{t('number.cardRejected')}</Tag>}
      </Space>
      <div style={{ display: 'flex', gap: 8, marginTop: 10 }}>
        {next ? (
          <OfferedButton
            offer={offer(job, MOVE_ACTION[next])}
            type="primary"
            size="large"
            style={{ flex: 1 }}
            disabled={busy}
            onClick={() => onAction(job, next)}
          >
            {t(`actions.${next}`)}
          </OfferedButton>
        ) : null}
        <Button size="large" style={{ flex: next ? '0 0 auto' : 1 }} onClick={() => navigate(jobPath(job.id))}>
          {t('card.open')}
        </Button>
      </div>
    </Card>
  );
}
