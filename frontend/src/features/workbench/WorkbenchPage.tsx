import { Badge, Card, Col, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { useSession } from '../../auth/session';
import { beijingDate, beijingToIso, formatDateTime } from '../../components/format';
import { Money } from '../../components/Money';
import { QueryState } from '../../components/QueryState';
import { WorkbenchDocument, type Role } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { isOverdue, missingOf, sections } from './sections';
import { TaskPanel } from './TaskPanel';
import './i18n';

const link = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

/** 今日工作: everything due for the signed-in user, each with the action that handles it. */
export function WorkbenchPage() {
  const { t } = useTranslation('workbench');
  const label = useEnumLabel();
  const user = useSession()!.user;
  const seller = (['ACCOUNT_MANAGER', 'DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'ADMIN'] as Role[]).includes(user.role);
  const today = beijingDate();
  const variables = useMemo(
    () => ({ me: user.id, dayStart: beijingToIso(today), dayEnd: beijingToIso(today, '23:59'), seller }),
    [user.id, today, seller],
  );
  const [result, reexecute] = useQuery({ query: WorkbenchDocument, variables });
  const retry = () => reexecute({ requestPolicy: 'network-only' });

  return (
    <>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('greeting', { name: user.displayName })}</Typography.Paragraph>
      <QueryState result={result} onRetry={retry}>
        {(data) => {
          const now = new Date();
          const s = sections(data, now);
          const stats = [
            seller && { key: 'visits', value: s.visits.length },
            seller && { key: 'drafts', value: s.drafts.length },
            seller && { key: 'late', value: s.late, warn: s.late > 0 },
            { key: 'tasks', value: s.tasksDue.length, warn: s.tasksDue.some((x) => isOverdue(x.dueAt, now)) },
            seller && { key: 'approvals', value: s.waitingCount },
            seller && { key: 'contracts', value: s.contracts.length },
            { key: 'installs', value: s.toSchedule.length + s.toConfirm.length },
          ].filter(Boolean) as { key: string; value: number; warn?: boolean }[];
          return (
            <Space orientation="vertical" size="large" style={{ width: '100%' }}>
              <Row gutter={[16, 16]}>
                {stats.map((x) => (
                  <Col key={x.key} xs={12} sm={8} md={6} xl={3}>
                    <Card size="small">
                      <Statistic
                        title={t(`summary.${x.key}`)}
                        value={x.value}
                        styles={{ content: x.warn ? { color: '#cf1322' } : undefined }}
                      />
                    </Card>
                  </Col>
                ))}
              </Row>
              <TaskPanel onChanged={retry} />
              <Row gutter={[16, 16]}>
                {seller && (
                  <Col xs={24} lg={12}>
                    <Card title={t('visitsToday')} size="small">
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
                    </Card>
                  </Col>
                )}
                {seller && (
                  <Col xs={24} lg={12}>
                    <Card title={t('drafts')} size="small">
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
                    </Card>
                  </Col>
                )}
                {seller && (
                  <Col xs={24} lg={12}>
                    <Card
                      title={
                        <Space>
                          {t('waiting')}
                          <Badge count={s.waitingCount} />
                        </Space>
                      }
                      size="small"
                    >
                      <List
                        dataSource={s.waiting}
                        locale={{ emptyText: t('common:empty') }}
                        renderItem={(r) => (
                          <List.Item actions={[<Link key="open" to={link('/approvals', r.id)}>{t('open')}</Link>]}>
                            <List.Item.Meta
                              title={`${r.group?.name ?? '—'} · ${r.proposal?.title ?? r.contract?.title ?? ''}`}
                              description={
                                <Space>
                                  <Tag>{label('RequestKind', r.kind)}</Tag>
                                  {t('requester')} {r.requester?.displayName}
                                  {r.kind === 'DISCOUNT' && <Money value={r.monthlyDiscount} />}
                                </Space>
                              }
                            />
                          </List.Item>
                        )}
                      />
                    </Card>
                  </Col>
                )}
                {seller && (
                  <Col xs={24} lg={12}>
                    <Card title={t('contracts')} size="small">
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
                    </Card>
                  </Col>
                )}
                <Col xs={24} lg={12}>
                  <Card title={`${t('toSchedule')} / ${t('toConfirm')}`} size="small">
                    <List
                      dataSource={[...s.toSchedule, ...s.toConfirm]}
                      locale={{ emptyText: t('common:empty') }}
                      renderItem={(j) => (
                        <List.Item actions={[<Link key="open" to="/installations">{t('open')}</Link>]}>
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
                  </Card>
                </Col>
              </Row>
            </Space>
          );
        }}
      </QueryState>
    </>
  );
}
