import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { Button, Descriptions, Grid, Divider, Drawer, Space, Table, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../components/format';
import { InstallsJobDocument, type InstallsDetailFragment, type InstallsJobQuery } from '../../gql/graphql';
import { JobStatusTag } from '../contracts/parts';
import { Faults } from './Faults';
import type { Job } from './JobDialogs';
import { NumberSection } from './NumberSection';
import { canSelectNumber } from './number';
import { MoveButtons } from './MoveButtons';
import { jobTimeline, mapLink, type JobMove, type TimelineEntry } from './logic';

export function jobOf(d: InstallsJobQuery | undefined): InstallsDetailFragment | null {
  const n = d?.node;
  return n && 'id' in n && 'siteAddress' in n ? (n as InstallsDetailFragment) : null;
}

interface Props {
  jobId: string | null;
  onClose: () => void;
  onAction: (job: Job, action: JobMove) => void;
  busyJob: string | null;
  onChanged: () => void;
}

/** One job: what to install, where, its progress and its fault tickets. */
export function JobDrawer({ jobId, onClose, onAction, busyJob, onChanged }: Props) {
  const { t } = useTranslation('installs');
  const [result, reexecute] = useQuery({ query: InstallsJobDocument, variables: { id: jobId ?? '' }, pause: !jobId });
  const refresh = () => {
    reexecute({ requestPolicy: 'network-only' });
    onChanged();
  };
  return (
    <Drawer open={!!jobId} onClose={onClose} size={680} title={t('drawer.title')} destroyOnHidden>
      {jobId && (
        <QueryState
          result={result}
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
          isEmpty={(d) => !jobOf(d)}
          emptyText={t('drawer.notFound')}
        >
          {(d) => <JobDetail job={jobOf(d)!} onAction={onAction} busyJob={busyJob} onChanged={refresh} />}
        </QueryState>
      )}
    </Drawer>
  );
}

export function JobDetail({
  job,
  onAction,
  busyJob,
  onChanged,
}: {
  job: InstallsDetailFragment;
  onAction: (job: Job, action: JobMove) => void;
  busyJob: string | null;
  onChanged: () => void;
}) {
  const { t } = useTranslation('installs');
  const phone = !Grid.useBreakpoint().md;
  return (
    <div>
      <Space align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {job.groupName}
        </Typography.Title>
        <JobStatusTag status={job.status} />
      </Space>
      <Space wrap style={{ display: 'flex', marginBottom: 12 }}>
        <MoveButtons job={job} busy={busyJob === job.id} onAction={onAction} large={phone} />
      </Space>
      {/* On site: the way there and the person to call, one tap each. */}
      <Space wrap style={{ display: 'flex', marginBottom: 16 }}>
        {job.sitePhone && (
          <Button icon={<PhoneOutlined />} href={`tel:${job.sitePhone}`} size="large">
            {t('list.call')} {job.siteContact ?? job.sitePhone}
          </Button>
        )}
        <Button icon={<EnvironmentOutlined />} href={mapLink(job.siteAddress)} target="_blank" rel="noreferrer" size="large">
          {t('drawer.map')}
        </Button>
      </Space>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        bordered
        items={[
          {
            key: 'group',
            label: t('drawer.group'),
            children: job.group ? <Link to={`/groups/${encodeURIComponent(job.group.id)}`}>{job.group.name}</Link> : job.groupName,
          },
          {
            key: 'contract',
            label: t('drawer.contract'),
            children: job.contract ? (
              <Link to={`/contracts/${encodeURIComponent(job.contract.id)}`}>{job.contract.number ?? job.contract.title}</Link>
            ) : (
              '—'
            ),
          },
          {
            key: 'site',
            label: t('drawer.site'),
            span: 2,
            children: (
              <Space wrap size={4}>
                {job.siteAddress}
                <a href={mapLink(job.siteAddress)} target="_blank" rel="noreferrer">
                  <EnvironmentOutlined /> {t('drawer.map')}
                </a>
              </Space>
            ),
          },
          { key: 'contact', label: t('drawer.siteContact'), children: job.siteContact ?? '—' },
          {
            key: 'phone',
            label: t('drawer.sitePhone'),
            children: job.sitePhone ? <a href={`tel:${job.sitePhone}`}>{job.sitePhone}</a> : '—',
          },
          { key: 'lead', label: t('drawer.lead'), children: job.lead?.displayName ?? t('card.noLead') },
          { key: 'scheduled', label: t('drawer.scheduledOn'), children: job.scheduledOn ?? '—' },
          ...(job.postponedReason
            ? [{ key: 'postponed', label: t('drawer.postponedReason'), span: 2, children: job.postponedReason }]
            : []),
          ...(job.cancelReason ? [{ key: 'cancel', label: t('drawer.cancelReason'), span: 2, children: job.cancelReason }] : []),
          ...(job.notes ? [{ key: 'notes', label: t('drawer.notes'), span: 2, children: job.notes }] : []),
        ]}
      />
      {(job.number || job.numberStatus !== 'NONE' || canSelectNumber(job)) && (
        <>
          <Divider titlePlacement="start">{t('number.title')}</Divider>
          <NumberSection job={job} onChanged={onChanged} />
        </>
      )}
      {/* Faults first once installed: they run against a 10-minute clock. */}
      {(job.faults.length > 0 || job.status === 'COMPLETED' || job.status === 'CONFIRMED') && (
        <>
          <Divider titlePlacement="start">{t('drawer.faults')}</Divider>
          <Faults job={job} onChanged={onChanged} />
        </>
      )}
      <Divider titlePlacement="start">{t('drawer.lines')}</Divider>
      <Table
        scroll={{ x: 'max-content' }}
        rowKey={(l) => String(l.line.position)}
        size="small"
        pagination={false}
        dataSource={job.lines}
        columns={[
          {
            title: t('drawer.product'),
            key: 'product',
            render: (_, l) => `${l.line.position}. ${l.line.product?.name ?? '—'}`,
          },
          { title: t('drawer.quantity'), dataIndex: 'quantity', align: 'right', width: 100 },
          { title: t('drawer.contractQuantity'), key: 'cq', align: 'right', width: 100, render: (_, l) => l.line.quantity },
        ]}
      />
      <Divider titlePlacement="start">{t('drawer.timeline')}</Divider>
      <JobTimeline entries={jobTimeline(job)} />
    </div>
  );
}

function JobTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation('installs');
  const color = (e: TimelineEntry) =>
    e.key === 'fault' || e.key === 'cancelled' ? 'red' : e.key === 'postponed' ? 'gray' : e.key === 'confirmed' ? 'green' : 'blue';
  return (
    <Timeline
      items={entries.map((e, i) => ({
        key: `${e.key}-${i}`,
        color: color(e),
        content: (
          <>
            <div>{t(`timeline.${e.key}`, { day: e.day ?? '', text: e.text ?? '—' })}</div>
            {e.at && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.at)}
              </Typography.Text>
            )}
          </>
        ),
      }))}
    />
  );
}
