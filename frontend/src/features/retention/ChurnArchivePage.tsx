// 离网建档: the members lost after retention, counted by reason, competitor, month and manager
// over a span of months, with the list and its CSV.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Input, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useClient, useQuery } from 'urql';
import { downloadCsv } from '../../components/files';
import { beijingDate, formatMoney } from '../../components/format';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { ChurnArchiveDocument, type ChurnArchiveQuery } from '../../gql/graphql';
import { buildCsv } from '../kpi/kpiData';
import { useEnumLabel } from '../../i18n/enums';
import './i18n';

type Bucket = ChurnArchiveQuery['churnSummary']['byReason'][number];

function monthsBack(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const idx = y * 12 + (m - 1) - n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

export function ChurnArchivePage() {
  const { t } = useTranslation('retention');
  const label = useEnumLabel();
  const thisMonth = beijingDate().slice(0, 7);
  const [from, setFrom] = useState(() => monthsBack(thisMonth, 5));
  const [to, setTo] = useState(thisMonth);
  const pager = useCursorPager(20);
  const client = useClient();
  const [exporting, setExporting] = useState(false);
  // Every record of the span, a hundred a page, for the CSV.
  async function exportAll() {
    setExporting(true);
    const all: ChurnArchiveQuery['churnRecords']['nodes'] = [];
    let after: string | null | undefined = null;
    for (let page = 0; page < 100; page += 1) {
      const r: { data?: ChurnArchiveQuery } = await client
        .query(ChurnArchiveDocument, { from, to, first: 100, after }, { requestPolicy: 'network-only' })
        .toPromise();
      const c: ChurnArchiveQuery['churnRecords'] | undefined = r.data?.churnRecords;
      if (!c) break;
      all.push(...c.nodes);
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    setExporting(false);
    downloadCsv(
      buildCsv(
        (['subject', 'group', 'lostOn', 'reason', 'competitor', 'revenue', 'by'] as const).map((k) => t(`archive.col.${k}`)),
        all.map((r) => [
          r.subject,
          r.group?.name ?? '',
          r.lostOn,
          `${label('ChurnReason', r.reason)}${t('common:sep')}${r.reasonText}`,
          r.competitor ?? '',
          r.monthlyRevenue,
          r.handledBy?.displayName ?? '',
        ]),
      ),
      `${t('archive.title')}-${from}-${to}.csv`,
    );
  }
  const [result, reexecute] = useQuery({
    query: ChurnArchiveDocument,
    variables: { from, to, first: pager.variables.first, after: pager.variables.after },
  });
  return (
    <>
      <Typography.Title level={3}>{t('archive.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('archive.intro')}</Typography.Paragraph>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <Input type="month" aria-label={t('archive.from')} value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} style={{ width: 160 }} />
        <span>—</span>
        <Input type="month" aria-label={t('archive.to')} value={to} onChange={(e) => e.target.value && setTo(e.target.value)} style={{ width: 160 }} />
      </Flex>
      <QueryState result={result} onRetry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(d) => {
          const s = d.churnSummary;
          const rows = d.churnRecords.nodes;
          return (
            <>
              <Typography.Text strong>{t('archive.total', { count: s.total, revenue: formatMoney(s.revenue) })}</Typography.Text>
              {s.total === 0 ? (
                <Empty description={t('archive.empty')} style={{ margin: 24 }} />
              ) : (
                <Row gutter={[16, 16]} style={{ marginTop: 12 }}>
                  <Col xs={24} lg={12}>
                    <Chart title={t('archive.byReason')} data={s.byReason} />
                  </Col>
                  <Col xs={24} lg={12}>
                    <Chart title={t('archive.byMonth')} data={s.byMonth} />
                  </Col>
                  <Col xs={24} lg={12}>
                    <Chart title={t('archive.byCompetitor')} data={s.byCompetitor} />
                  </Col>
                  <Col xs={24} lg={12}>
                    <Chart title={t('archive.byManager')} data={s.byManager} />
                  </Col>
                </Row>
              )}
              <Flex justify="space-between" align="center" style={{ margin: '16px 0 8px' }}>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {t('archive.list')}
                </Typography.Title>
                <Button
                  icon={<DownloadOutlined />}
                  disabled={rows.length === 0}
                  loading={exporting}
                  onClick={exportAll}
                >
                  CSV
                </Button>
              </Flex>
              {rows.map((r, i) => (
                <Card key={i} size="small" style={{ marginBottom: 8 }}>
                  <Typography.Text strong>{r.subject}</Typography.Text>
                  {r.group && (
                    <>
                      {' · '}
                      <Link to={`/groups/${encodeURIComponent(r.group.id)}`}>{r.group.name}</Link>
                    </>
                  )}
                  <div>
                    {label('ChurnReason', r.reason)}
                    {t('common:sep')}
                    {r.reasonText}
                    {r.competitor ? ` · ${r.competitor}` : ''}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.lostOn} · {formatMoney(r.monthlyRevenue)} · {r.handledBy?.displayName ?? '—'}
                  </Typography.Text>
                </Card>
              ))}
              <Pager pager={pager} pageInfo={d.churnRecords.pageInfo} />
            </>
          );
        }}
      </QueryState>
    </>
  );
}

function Chart({ title, data }: { title: string; data: readonly Bucket[] }) {
  const { t } = useTranslation('retention');
  return (
    <Card size="small" title={title}>
      {data.length === 0 ? (
        <Empty />
      ) : (
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={data.map((b) => ({ label: b.label, count: b.count }))}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" interval={0} tick={{ fontSize: 11 }} />
            <YAxis allowDecimals={false} width={30} />
            <Tooltip />
            <Bar dataKey="count" name={t('archive.count')} fill="#cf1322" />
          </BarChart>
        </ResponsiveContainer>
      )}
    </Card>
  );
}
