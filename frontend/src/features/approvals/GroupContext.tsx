import { Card, Col, Descriptions, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { formatMoney } from '../../components/format';
import { Money } from '../../components/Money';
import { QueryState } from '../../components/QueryState';
import { ApprovalsGroupContextDocument, type ApprovalsGroupContextQuery } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { proposalPath } from '../proposals/parts';
import { revenueChange } from './context';

type Group = Extract<NonNullable<ApprovalsGroupContextQuery['node']>, { revenueTrend: unknown }>;

/**
 * 客户情况: what an approver weighs besides the request itself — the group's kind and tier,
 * whether it is at risk and why, its revenue and ARPU over six months, the competitors present,
 * and how its earlier proposals and contracts went.
 */
export function GroupContext({ groupId, currentProposalId }: { groupId: string; currentProposalId?: string | null }) {
  const { t } = useTranslation('approvals');
  const label = useEnumLabel();
  const [result, reexecute] = useQuery({ query: ApprovalsGroupContextDocument, variables: { id: groupId } });
  return (
    <Card size="small" title={t('context.title')} style={{ marginTop: 16 }} data-testid="group-context">
      <QueryState result={result} onRetry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(d) => {
          const g = d.node && 'revenueTrend' in d.node ? (d.node as Group) : null;
          if (!g) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
          const history = d.proposals.nodes.filter((p) => p.id !== currentProposalId);
          return (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2, lg: 3 }}
                items={[
                  { key: 'kind', label: t('detail.industryType'), children: label('GroupKind', g.kind) },
                  { key: 'industry', label: t('detail.industryName'), children: g.industry },
                  { key: 'segment', label: t('detail.segment'), children: label('Segment', g.segment) },
                  { key: 'tier', label: t('context.tier'), children: label('ServiceTier', g.tier) },
                  { key: 'value', label: t('context.valueClass'), children: label('ValueClass', g.valueClass) },
                  {
                    key: 'status',
                    label: t('context.status'),
                    children: (
                      <Tag color={g.status === 'AT_RISK' ? 'red' : g.status === 'ACTIVE' ? 'green' : 'default'}>
                        {label('GroupStatus', g.status)}
                      </Tag>
                    ),
                  },
                  {
                    key: 'competitors',
                    label: t('context.competitors'),
                    span: 'filled',
                    children: g.competitors.length ? (
                      <Space size={[4, 4]} wrap>
                        {g.competitors.map((c) => (
                          <Tag key={c} color="volcano">
                            {c}
                          </Tag>
                        ))}
                        {g.competitorNotes && <Typography.Text>{g.competitorNotes}</Typography.Text>}
                      </Space>
                    ) : (
                      <Typography.Text type="secondary">{g.competitorNotes ?? t('context.noCompetitors')}</Typography.Text>
                    ),
                  },
                ]}
              />
              <Row gutter={[16, 16]}>
                <Col xs={24} lg={12}>
                  <Typography.Text strong>{t('context.revenue')}</Typography.Text>
                  <RevenueTrend trend={g.revenueTrend} />
                </Col>
                <Col xs={24} lg={12}>
                  <Typography.Text strong>
                    {t('context.warnings')} {d.churnWarnings.totalCount > 0 && <Tag color="red">{d.churnWarnings.totalCount}</Tag>}
                  </Typography.Text>
                  {d.churnWarnings.nodes.length === 0 ? (
                    <Typography.Paragraph type="secondary">{t('context.noWarnings')}</Typography.Paragraph>
                  ) : (
                    <List
                      size="small"
                      dataSource={d.churnWarnings.nodes}
                      renderItem={(w) => (
                        <List.Item>
                          {t('context.warning', {
                            month: w.month,
                            who: w.member?.name ?? t('context.wholeGroup'),
                            percent: w.dropPercent,
                          })}
                        </List.Item>
                      )}
                    />
                  )}
                </Col>
              </Row>
              <div>
                <Typography.Text strong>{t('context.history')}</Typography.Text>
                {history.length === 0 ? (
                  <Typography.Paragraph type="secondary">{t('context.noHistory')}</Typography.Paragraph>
                ) : (
                  <List
                    size="small"
                    dataSource={history}
                    renderItem={(p) => (
                      <List.Item>
                        <Space wrap size={[8, 4]}>
                          <Link to={proposalPath(p.id)}>{p.title}</Link>
                          <Tag>{label('ProposalStatus', p.status)}</Tag>
                          <Typography.Text type="secondary">
                            {p.currentVersion && Number(p.currentVersion.discountMonthly) > 0
                              ? t('context.discount', {
                                  amount: formatMoney(p.currentVersion.discountMonthly),
                                  percent: p.currentVersion.discountPercent,
                                })
                              : t('context.noDiscount')}
                          </Typography.Text>
                          {p.contract && (
                            <>
                              <Link to={`/contracts/${encodeURIComponent(p.contract.id)}`}>{p.contract.number ?? '—'}</Link>
                              <Tag color={p.contract.status === 'ACTIVE' ? 'green' : p.contract.status === 'TERMINATED' ? 'red' : 'default'}>
                                {label('ContractStatus', p.contract.status)}
                              </Tag>
                              <Money value={p.contract.value} />
                              {p.contract.terminationReason && (
                                <Typography.Text type="danger">
                                  {t('context.terminated', { reason: p.contract.terminationReason })}
                                </Typography.Text>
                              )}
                            </>
                          )}
                        </Space>
                      </List.Item>
                    )}
                  />
                )}
              </div>
            </Space>
          );
        }}
      </QueryState>
    </Card>
  );
}

/** Six months of revenue as bars, with paying members and ARPU, and the change over the period. */
function RevenueTrend({ trend }: { trend: Group['revenueTrend'] }) {
  const { t } = useTranslation('approvals');
  if (trend.length === 0) return <Typography.Paragraph type="secondary">{t('context.noRevenue')}</Typography.Paragraph>;
  const top = Math.max(...trend.map((m) => Number(m.revenue)), 1);
  const change = revenueChange(trend);
  return (
    <div data-testid="revenue-trend">
      {trend.map((m) => (
        <div key={m.month} style={{ display: 'flex', alignItems: 'center', gap: 8, fontSize: 12, margin: '4px 0' }}>
          <span style={{ width: 56, flex: 'none' }}>{m.month}</span>
          <div style={{ flex: 1, minWidth: 0, background: 'rgba(0,0,0,0.04)', borderRadius: 2 }}>
            <div style={{ width: `${(Number(m.revenue) / top) * 100}%`, height: 10, background: '#1677ff', borderRadius: 2 }} />
          </div>
          <span style={{ width: 96, flex: 'none', textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
            {formatMoney(m.revenue)}
          </span>
          <span style={{ width: 92, flex: 'none', textAlign: 'right', color: 'rgba(0,0,0,0.45)' }}>
            {t('context.arpu')} {m.arpu ? formatMoney(m.arpu) : '—'}
          </span>
        </div>
      ))}
      {change && (
        <Typography.Text type={change.percent < 0 ? 'danger' : 'success'}>
          {t('context.trend', { from: change.from, change: `${change.percent > 0 ? '+' : ''}${change.percent}%` })}
        </Typography.Text>
      )}
    </div>
  );
}
