import { Card, Col, Row, Segmented, Space, Statistic, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery, useSubscription } from 'urql';
import { useSession } from '../../auth/session';
import { formatMoney } from '../../components/format';
import { Money } from '../../components/Money';
import { QueryState } from '../../components/QueryState';
import { PipelineBoardDocument, PipelineLiveDocument } from '../../gql/graphql';
import { chartRows } from './chart';
import './i18n';

/** 商机看板: deals by stage with count and value; refreshed live when a deal moves. */
export function PipelinePage() {
  const { t, i18n } = useTranslation('pipeline');
  const compact = new Intl.NumberFormat(i18n.language, { notation: 'compact', style: 'currency', currency: 'CNY' });
  const user = useSession()!.user;
  const [scope, setScope] = useState<'mine' | 'team'>(user.role === 'ACCOUNT_MANAGER' ? 'mine' : 'team');
  const [result, reexecute] = useQuery({
    query: PipelineBoardDocument,
    variables: { ownerId: scope === 'mine' ? user.id : null },
  });
  const board = useRef<HTMLDivElement>(null);
  // Every stage is named above the board (it is wider than the screen): choosing one scrolls to it.
  const showStage = (stage: string) =>
    board.current
      ?.querySelector<HTMLElement>(`[data-stage="${stage}"]`)
      ?.scrollIntoView({ behavior: 'smooth', inline: 'start', block: 'nearest' });
  useSubscription({ query: PipelineLiveDocument }, () => {
    reexecute({ requestPolicy: 'network-only' });
    return null;
  });

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{t('title')}</Typography.Title>
        <Segmented
          value={scope}
          onChange={(v) => setScope(v as 'mine' | 'team')}
          options={[
            { value: 'mine', label: t('mine') },
            { value: 'team', label: t('team') },
          ]}
        />
      </Space>
      <QueryState result={result} onRetry={() => reexecute({ requestPolicy: 'network-only' })}>
        {({ pipeline }) => (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Row gutter={16}>
              <Col>
                <Card size="small">
                  <Statistic title={t('total')} value={pipeline.totalCount} />
                </Card>
              </Col>
              <Col>
                <Card size="small">
                  <Statistic title={t('totalValue')} value={formatMoney(pipeline.totalValue)} />
                </Card>
              </Col>
            </Row>
            <div>
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }}>
                {t('stages', { count: pipeline.stages.length })}
              </Typography.Text>
              <Space size={[6, 6]} wrap data-testid="stage-strip">
                {pipeline.stages.map((s) => (
                  <Tag.CheckableTag key={s.stage} checked={false} onChange={() => showStage(s.stage)} style={{ border: '1px solid #d9d9d9' }}>
                    {s.label} {s.count}
                  </Tag.CheckableTag>
                ))}
              </Space>
            </div>
            <div
              ref={board}
              style={{ display: 'flex', gap: 12, overflowX: 'auto', paddingBottom: 8, scrollSnapType: 'x proximity' }}
              role="list"
              aria-label={t('title')}
            >
              {pipeline.stages.map((s) => (
                <Card
                  key={s.stage}
                  role="listitem"
                  size="small"
                  data-stage={s.stage}
                  style={{ minWidth: 200, flex: '0 0 200px', background: '#fafafa', scrollSnapAlign: 'start' }}
                  title={
                    <Space orientation="vertical" size={0}>
                      <span>{s.label}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                        {t('count', { count: s.count })} · <Money value={s.value} />
                      </Typography.Text>
                    </Space>
                  }
                >
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    {s.deals.nodes.map((d) => (
                      <Card key={d.id} size="small" hoverable>
                        <Link to={`/proposals/${encodeURIComponent(d.id)}`}>{d.title}</Link>
                        <div style={{ fontSize: 12, color: '#666' }}>{d.group?.name}</div>
                        <Space size={4} wrap>
                          <Money value={d.value} />
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('monthly', { value: formatMoney(d.monthlyValue) })}
                          </Typography.Text>
                          {d.isLate && <Tag color="red">{t('late')}</Tag>}
                        </Space>
                      </Card>
                    ))}
                    {s.count > s.deals.nodes.length && (
                      <Typography.Text type="secondary">{t('more', { count: s.count - s.deals.nodes.length })}</Typography.Text>
                    )}
                  </Space>
                </Card>
              ))}
            </div>
            <Card title={t('chart')} size="small">
              <ResponsiveContainer width="100%" height={280}>
                <BarChart data={chartRows(pipeline.stages)}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" interval={0} tick={{ fontSize: 12 }} />
                  <YAxis tickFormatter={(v: number) => compact.format(v)} width={70} />
                  <Tooltip formatter={(v) => formatMoney(String(v))} />
                  <Bar dataKey="value" name={t('value')} fill="#1677ff" />
                </BarChart>
              </ResponsiveContainer>
            </Card>
          </Space>
        )}
      </QueryState>
    </>
  );
}
