import { App, Badge, Button, Card, Col, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery, useSubscription } from 'urql';
import { useSession } from '../../auth/session';
import { beijingDate, beijingToIso, formatDateTime } from '../../components/format';
import { Money } from '../../components/Money';
import { QueryState } from '../../components/QueryState';
import { WorkbenchDocument, WorkbenchLiveDocument, WorkbenchMoneyDocument, type Role } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { ArrearsStatusTag, ImportArrearsDialog } from '../arrears/parts';
import { AdjustmentCard } from '../billing/parts';
import { ComplaintCard } from '../complaints/parts';
import { DayPlanPanel } from '../dayplan/DayPlanPanel';
import { ResourcesWaiting } from '../resources/Waiting';
import { reportPath } from '../reports/parts';
import { RequestCard } from '../retention/RetentionRequestsPage';
import { SlaClock } from '../installs/Faults';
import { isOverdue, missingOf, sections } from './sections';
import { TaskPanel } from './TaskPanel';
import './i18n';

const link = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

/** Brings a section of the page into view (a count tile opens its list). */
function reveal(id: string) {
  const el = document.getElementById(id);
  el?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  el?.focus({ preventScroll: true });
}

/** A section's card: reachable from its tile, with the whole list's page when there is one. */
function Section({ id, title, all, children }: { id: string; title: React.ReactNode; all?: string; children: React.ReactNode }) {
  const { t } = useTranslation('workbench');
  return (
    <Card
      id={id}
      tabIndex={-1}
      title={title}
      size="small"
      extra={all ? <Link to={all}>{t('all')}</Link> : undefined}
      style={{ scrollMarginTop: 72 }}
    >
      {children}
    </Card>
  );
}

/** 今日工作: everything due for the signed-in user, each with the action that handles it. */
export function WorkbenchPage() {
  const { t } = useTranslation('workbench');
  const label = useEnumLabel();
  const user = useSession()!.user;
  const seller = (['ACCOUNT_MANAGER', 'DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'ADMIN'] as Role[]).includes(user.role);
  const head = (['DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'ADMIN'] as Role[]).includes(user.role);
  const manager = user.role === 'ACCOUNT_MANAGER';
  // Billing's clerks keep no groups: their day is the adjustments to execute or check and the arrears lists.
  const billing = user.role === 'BILLING';
  const today = beijingDate();
  const variables = useMemo(
    () => ({ me: user.id, dayStart: beijingToIso(today), dayEnd: beijingToIso(today, '23:59'), seller, head }),
    [user.id, today, seller, head],
  );
  const moneyVariables = useMemo(() => ({ manager, billing }), [manager, billing]);
  const [importing, setImporting] = useState(false);
  const [result, reexecute] = useQuery({ query: WorkbenchDocument, variables });
  const [money, reexecuteMoney] = useQuery({ query: WorkbenchMoneyDocument, variables: moneyVariables, pause: !manager && !billing });
  const retry = () => {
    reexecute({ requestPolicy: 'network-only' });
    if (manager || billing) reexecuteMoney({ requestPolicy: 'network-only' });
  };
  const installer = user.role === 'INSTALLER';
  const desk = user.role === 'SERVICE_DESK';
  /** Installations and faults are no business of the desk's or billing's. */
  const field = !desk && !billing;
  /** Complaints and retention are no business of installers or billing. */
  const service = !installer && !billing;

  // Live: something of mine changed, or a step now waits on me: the lists follow, and what
  // needs me at once (an approval, a fault on its 10-minute clock) is said.
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const last = useRef(0);
  const [heard, setHeard] = useState(0);
  useSubscription({ query: WorkbenchLiveDocument }, (_, ev) => {
    const e = ev.myPipelineEvents;
    if (e.topic === 'APPROVAL_WAITING') {
      notification.info({ key: 'wb-approval', title: t('live.approval'), description: t('live.approvalBody'), placement: 'topRight' });
    } else if (e.action === 'complaint.escalate' || e.action === 'complaint.reject') {
      notification.warning({ key: 'wb-complaint', title: t('live.complaint'), description: t('live.complaintBody'), placement: 'topRight' });
    } else if (e.action === 'disconnection.register' || e.action === 'disconnection.dispatch') {
      notification.info({ key: 'wb-retention', title: t('live.retention'), description: t('live.retentionBody'), placement: 'topRight' });
    } else if (e.topic === 'URGENT_REPORT') {
      // The notice lives outside the router: it opens the report by navigating, not by a link.
      const key = `wb-report-${e.objectId}`;
      notification.error({
        key,
        title: t('reports:live.title'),
        description: (
          <>
            {t('reports:live.body')}
            <Button
              type="link"
              size="small"
              onClick={() => {
                notification.destroy(key);
                navigate(reportPath(e.objectId));
              }}
            >
              {t('reports:live.open')}
            </Button>
          </>
        ),
        placement: 'topRight',
      });
    } else if (e.action === 'resource.request') {
      notification.info({ key: 'wb-resource', title: t('resources:workbench.title'), description: t('live.resourceBody'), placement: 'topRight' });
    } else if (e.action === 'fault.report') {
      notification.warning({ key: 'wb-fault', title: t('live.fault'), description: t('live.faultBody'), placement: 'topRight' });
    }
    if (Date.now() - last.current > 1000) {
      last.current = Date.now();
      setHeard((n) => n + 1);
      retry();
    }
    return ev;
  });

  return (
    <>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('greeting', { name: user.displayName })}</Typography.Paragraph>
      <QueryState result={result} onRetry={retry}>
        {(data) => {
          const now = new Date();
          const s = sections({ ...data, ...money.data }, now);
          const tasks = (
            <div id="wb-tasks" tabIndex={-1} style={{ scrollMarginTop: 72 }}>
              <TaskPanel onChanged={retry} />
            </div>
          );
          const jobs = installer ? [...s.jobsToday, ...s.toSchedule] : [...s.toSchedule, ...s.toConfirm];
          const stats = [
            seller && { key: 'visits', value: s.visits.length, target: 'wb-visits' },
            seller && { key: 'drafts', value: s.drafts.length, target: 'wb-drafts' },
            seller && { key: 'late', value: s.late, warn: s.late > 0, target: 'wb-drafts' },
            { key: 'tasks', value: s.tasksDue.length, warn: s.tasksDue.some((x) => isOverdue(x.dueAt, now)), target: 'wb-tasks' },
            seller && { key: 'approvals', value: s.waitingCount, target: 'wb-waiting' },
            seller && { key: 'contracts', value: s.contracts.length, target: 'wb-contracts' },
            installer && { key: 'jobsToday', value: s.jobsToday.length, target: 'wb-jobs' },
            installer && { key: 'toSchedule', value: s.toSchedule.length, target: 'wb-jobs' },
            !installer && field && { key: 'installs', value: jobs.length, target: 'wb-jobs' },
            field && { key: 'faults', value: s.faults.length, warn: s.faults.length > 0, target: 'wb-faults' },
            manager && {
              key: 'collection',
              value: s.collectionCount,
              warn: s.collection.some((a) => a.monthsOverdue >= 3),
              target: 'wb-collection',
            },
            billing && { key: 'billingQueue', value: s.billingQueueCount, target: 'wb-billing' },
            service && {
              key: 'retention',
              value: (data.retentionQueue ?? data.myRetention)?.totalCount ?? 0,
              warn: ((data.retentionQueue ?? data.myRetention)?.nodes ?? []).some((r) => r.contactBreached || r.finishBreached),
              target: 'wb-retention',
            },
            service && {
              key: 'complaints',
              value: data.myComplaints.totalCount,
              warn: data.myComplaints.nodes.some((c) => c.breached && !c.resolvedAt),
              target: 'wb-complaints',
            },
          ].filter(Boolean) as { key: string; value: number; warn?: boolean; target: string }[];
          return (
            <Space orientation="vertical" size="large" style={{ width: '100%' }}>
              <Row gutter={[16, 16]}>
                {stats.map((x) => (
                  <Col key={x.key} xs={12} sm={8} md={6} xl={3}>
                    <Card
                      size="small"
                      hoverable
                      role="button"
                      tabIndex={0}
                      aria-label={`${t(`summary.${x.key}`)} ${x.value}`}
                      onClick={() => reveal(x.target)}
                      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), reveal(x.target))}
                    >
                      <Statistic
                        title={t(`summary.${x.key}`)}
                        value={x.value}
                        styles={{ content: x.warn ? { color: '#cf1322' } : undefined }}
                      />
                    </Card>
                  </Col>
                ))}
              </Row>
              <ResourcesWaiting stamp={heard} />
              {seller && <DayPlanPanel onChanged={retry} />}
              {!installer && tasks}
              <Row gutter={[16, 16]}>
                {seller && (
                  <Col xs={24} lg={12}>
                    <Section id="wb-visits" title={t('visitsToday')}>
                      <List
                        dataSource={s.visits}
                        locale={{ emptyText: t('common:empty') }}
                        renderItem={(v) => (
                          <List.Item
                            actions={
                              v.group
                                ? [
                                    <Link key="card" to={`${link('/groups', v.group.id)}?tab=visits`}>
                                      {t('logVisit')}
                                    </Link>,
                                  ]
                                : []
                            }
                          >
                            <List.Item.Meta
                              title={v.group ? <Link to={link('/groups', v.group.id)}>{v.group.name}</Link> : '—'}
                              description={`${formatDateTime(v.plannedAt)} · ${label('VisitMethod', v.method)} · ${label('VisitPurpose', v.purpose)}`}
                            />
                          </List.Item>
                        )}
                      />
                    </Section>
                  </Col>
                )}
                {seller && (
                  <Col xs={24} lg={12}>
                    <Section id="wb-drafts" title={t('drafts')} all="/proposals">
                      <List
                        dataSource={s.drafts}
                        locale={{ emptyText: t('common:empty') }}
                        renderItem={(p) => (
                          <List.Item extra={p.isLate ? <Tag color="red">{t('late')}</Tag> : null}>
                            <List.Item.Meta
                              title={<Link to={link('/proposals', p.id)}>{p.title}</Link>}
                              description={[p.group?.name, p.dueAt && t('dueAt', { time: formatDateTime(p.dueAt) })]
                                .filter(Boolean)
                                .join(' · ')}
                            />
                          </List.Item>
                        )}
                      />
                    </Section>
                  </Col>
                )}
                {seller && (
                  <Col xs={24} lg={12}>
                    <Section
                      id="wb-waiting"
                      all="/approvals"
                      title={
                        <Space>
                          {t('waiting')}
                          <Badge count={s.waitingCount} />
                        </Space>
                      }
                    >
                      <List
                        dataSource={s.waiting}
                        locale={{ emptyText: t('common:empty') }}
                        renderItem={(r) => (
                          <List.Item actions={[<Link key="open" to={link('/approvals', r.id)}>{t('open')}</Link>]}>
                            <List.Item.Meta
                              title={`${r.group?.name ?? r.billingAdjustment?.customerName ?? '—'} · ${
                                r.proposal?.title ?? r.contract?.title ?? r.billingAdjustment?.code ?? ''
                              }`}
                              description={
                                <Space>
                                  <Tag>{label('RequestKind', r.kind)}</Tag>
                                  {t('requester')} {r.requester?.displayName}
                                  {r.kind === 'DISCOUNT' && <Money value={r.monthlyDiscount} />}
                                  {r.billingAdjustment && <Money value={r.billingAdjustment.amount} />}
                                </Space>
                              }
                            />
                          </List.Item>
                        )}
                      />
                    </Section>
                  </Col>
                )}
                {seller && (
                  <Col xs={24} lg={12}>
                    <Section id="wb-contracts" title={t('contracts')} all="/contracts">
                      <List
                        dataSource={s.contracts}
                        locale={{ emptyText: t('common:empty') }}
                        renderItem={(c) => {
                          const m = missingOf(c);
                          return (
                            <List.Item>
                              <List.Item.Meta
                                title={<Link to={link('/contracts', c.id)}>{`${c.number ?? ''} ${c.title}`}</Link>}
                                description={
                                  <Space>
                                    {c.group?.name}
                                    {m.documents > 0 && <Tag color="orange">{t('missingDocs', { count: m.documents })}</Tag>}
                                    {m.unpaid && <Tag color="orange">{t('unpaid')}</Tag>}
                                  </Space>
                                }
                              />
                            </List.Item>
                          );
                        }}
                      />
                    </Section>
                  </Col>
                )}
                {billing && (
                  <Col xs={24} lg={12}>
                    <Section id="wb-billing" title={t('billing:workbench.title')} all="/adjustments">
                      {s.billingQueue.length === 0 ? (
                        <Typography.Text type="secondary">{t('billing:workbench.empty')}</Typography.Text>
                      ) : (
                        s.billingQueue.map((a) => <AdjustmentCard key={a.id} adjustment={a} />)
                      )}
                    </Section>
                  </Col>
                )}
                {billing && (
                  <Col xs={24} lg={12}>
                    <Section id="wb-arrears-import" title={t('arrears:import.title')} all="/arrears">
                      <Typography.Paragraph type="secondary">{t('arrears:import.hint')}</Typography.Paragraph>
                      <Button type="primary" onClick={() => setImporting(true)}>
                        {t('arrears:import.button')}
                      </Button>
                      <ImportArrearsDialog open={importing} onClose={() => setImporting(false)} onDone={() => undefined} />
                    </Section>
                  </Col>
                )}
                {manager && (
                  <Col xs={24} lg={12}>
                    <Section id="wb-collection" title={t('arrears:workbench.title')} all="/arrears">
                      <List
                        dataSource={s.collection}
                        locale={{ emptyText: t('arrears:workbench.empty') }}
                        renderItem={(a) => (
                          <List.Item actions={[<Link key="open" to="/arrears">{t('open')}</Link>]}>
                            <List.Item.Meta
                              title={a.group ? <Link to={link('/groups', a.group.id)}>{a.group.name}</Link> : a.accountNo}
                              description={
                                <Space wrap size={[8, 2]}>
                                  <ArrearsStatusTag status={a.status} />
                                  <Tag color={a.monthsOverdue >= 3 ? 'red' : 'orange'}>
                                    {t('arrears:field.age', { count: a.monthsOverdue })}
                                  </Tag>
                                  <span>
                                    {t('arrears:field.outstanding')}
                                    {t('common:sep')}
                                    <Money value={a.outstanding} strong />
                                  </span>
                                  <span>
                                    {t('arrears:field.account')}
                                    {t('common:sep')}
                                    {a.accountNo}
                                  </span>
                                </Space>
                              }
                            />
                          </List.Item>
                        )}
                      />
                    </Section>
                  </Col>
                )}
                {service && (
                  <Col xs={24} lg={12}>
                    <Section id="wb-complaints" title={t('complaints:workbench.title')} all="/complaints">
                      {data.myComplaints.nodes.length === 0 ? (
                        <Typography.Text type="secondary">{t('complaints:workbench.empty')}</Typography.Text>
                      ) : (
                        data.myComplaints.nodes.map((c) => <ComplaintCard key={c.id} complaint={c} />)
                      )}
                    </Section>
                  </Col>
                )}
                {service && (
                  <Col xs={24} lg={12}>
                    <Section id="wb-retention" title={t('retention:workbench.title')} all="/retention">
                      {((data.retentionQueue ?? data.myRetention)?.nodes ?? []).length === 0 ? (
                        <Typography.Text type="secondary">{t('retention:workbench.empty')}</Typography.Text>
                      ) : (
                        (data.retentionQueue ?? data.myRetention)?.nodes.map((r) => <RequestCard key={r.id} request={r} />)
                      )}
                    </Section>
                  </Col>
                )}
                {field && (
                  <Col xs={24} lg={12}>
                    <Section id="wb-faults" title={t('faults')} all="/installations">
                      <List
                        dataSource={s.faults}
                        locale={{ emptyText: t('common:empty') }}
                        renderItem={({ job, fault }) => (
                          <List.Item actions={[<Link key="open" to={link('/installations', job.id)}>{t('open')}</Link>]}>
                            <List.Item.Meta
                              title={job.groupName}
                              description={
                                <Space wrap>
                                  <SlaClock fault={fault} />
                                  {fault.description}
                                  {job.siteAddress}
                                </Space>
                              }
                            />
                          </List.Item>
                        )}
                      />
                    </Section>
                  </Col>
                )}
                {field && (
                  <Col xs={24} lg={12}>
                    <Section
                      id="wb-jobs"
                      title={installer ? `${t('jobsToday')} / ${t('toSchedule')}` : `${t('toSchedule')} / ${t('toConfirm')}`}
                      all="/installations"
                    >
                      <List
                        dataSource={jobs}
                        locale={{ emptyText: t('common:empty') }}
                        renderItem={(j) => (
                          <List.Item actions={[<Link key="open" to={link('/installations', j.id)}>{t('open')}</Link>]}>
                            <List.Item.Meta
                              title={j.groupName}
                              description={
                                <Space wrap>
                                  <Tag color={j.status === 'COMPLETED' ? 'green' : 'blue'}>{label('JobStatus', j.status)}</Tag>
                                  {j.siteAddress}
                                  {j.scheduledOn ? t('scheduledOn', { date: j.scheduledOn }) : null}
                                  {j.lead?.displayName ?? t('noLead')}
                                </Space>
                              }
                            />
                          </List.Item>
                        )}
                      />
                    </Section>
                  </Col>
                )}
              </Row>
              {/* An installer's day is the jobs and faults above; reminders come after them. */}
              {installer && tasks}
            </Space>
          );
        }}
      </QueryState>
    </>
  );
}
