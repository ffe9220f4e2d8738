// 催缴统计: a cycle's collection figures over the items the viewer sees — the total, what is
// still owed by age as bars, by manager and by department (items, overdue, collected, rate) —
// and the whole as a CSV.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Input, List, Row, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Bars } from '../../components/Bars';
import { downloadCsv } from '../../components/files';
import { formatMoney } from '../../components/format';
import { QueryState } from '../../components/QueryState';
import { type CollectionFiguresFieldsFragment, CollectionReportDocument, type CollectionReportQuery } from '../../gql/graphql';
import { currentMonth, isMonth, shiftMonth } from '../kpi/month';
import { type FiguresRow, ageBand, reportCsv } from './logic';
import './i18n';

type Report = CollectionReportQuery['collectionReport'];

export function CollectionReportPage() {
  const { t } = useTranslation('arrears');
  // Billing's list of a month comes once the month has closed: the last one is last month's.
  const [cycle, setCycle] = useState(() => shiftMonth(currentMonth(), -1));
  const [result, reexecute] = useQuery({ query: CollectionReportDocument, variables: { cycle } });
  return (
    <>
      <Typography.Title level={3}>{t('report.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('report.intro')}</Typography.Paragraph>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('report.cycle')}</Typography.Text>
        <Input
          type="month"
          aria-label={t('report.cycle')}
          value={cycle}
          onChange={(e) => isMonth(e.target.value) && setCycle(e.target.value)}
          style={{ width: 180 }}
        />
      </Flex>
      <QueryState result={result} onRetry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(d) => <ReportView report={d.collectionReport} />}
      </QueryState>
    </>
  );
}

function useAgeText() {
  const { t } = useTranslation('arrears');
  return (fromMonths: number, toMonths: number | null | undefined) => {
    const b = ageBand(fromMonths, toMonths);
    if (b.kind === 'single') return t('report.ageSingle', { n: b.n });
    if (b.kind === 'range') return t('report.ageRange', { from: b.from, to: b.to });
    return t('report.ageOver', { n: b.n });
  };
}

const rate = (f: CollectionFiguresFieldsFragment) => (f.collectionRatePercent != null ? `${f.collectionRatePercent}%` : '—');

function ReportView({ report: r }: { report: Report }) {
  const { t } = useTranslation('arrears');
  const ageText = useAgeText();
  const figures = (name: string, f: CollectionFiguresFieldsFragment): FiguresRow => ({
    name,
    items: f.items,
    overdue: f.overdue,
    collected: f.collected,
    rate: f.collectionRatePercent,
    outstanding: f.outstanding,
  });
  const managers = r.byManager.map((m) => figures(m.manager?.displayName ?? t('report.unknown'), m.figures));
  const departments = r.byDepartment.map((d) => figures(d.department?.name ?? t('report.unknown'), d.figures));
  const exportCsv = () =>
    downloadCsv(
      reportCsv(
        (['section', 'name', 'items', 'overdue', 'collected', 'rate', 'outstanding'] as const).map((k) => t(`report.col.${k}`)),
        [
          { title: t('report.total'), rows: [figures(r.cycle, r.total)] },
          { title: t('report.byManager'), rows: managers },
          { title: t('report.byDepartment'), rows: departments },
          { title: t('report.byAge'), rows: r.total.byAge.map((b) => ({ name: ageText(b.fromMonths, b.toMonths), outstanding: b.outstanding })) },
        ],
      ),
      `${t('report.title')}-${r.cycle}.csv`,
    );
  const total = r.total;
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={total.items === 0}>
          CSV
        </Button>
      </Flex>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('report.items')} value={total.items} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('report.rate')} value={rate(total)} />
          </Card>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Card size="small">
            <Statistic title={t('report.overdue')} value={formatMoney(total.overdue)} styles={{ content: { fontSize: 18 } }} />
          </Card>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Card size="small">
            <Statistic title={t('report.collected')} value={formatMoney(total.collected)} styles={{ content: { fontSize: 18 } }} />
          </Card>
        </Col>
      </Row>
      {total.items === 0 ? (
        <Empty description={t('report.empty')} style={{ margin: 24 }} />
      ) : (
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} lg={8}>
            <Card size="small" title={t('report.byAge')}>
              <Bars
                testId="by-age"
                color="#cf1322"
                rows={total.byAge.map((b) => ({
                  key: String(b.fromMonths),
                  label: ageText(b.fromMonths, b.toMonths),
                  value: Number(b.outstanding),
                  text: formatMoney(b.outstanding),
                }))}
              />
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <FiguresCard title={t('report.byManager')} rows={managers} testId="by-manager" />
          </Col>
          <Col xs={24} lg={8}>
            <FiguresCard title={t('report.byDepartment')} rows={departments} testId="by-department" />
          </Col>
        </Row>
      )}
    </>
  );
}

/** One row per manager or department: the name, then its figures (wrapping on a phone). */
function FiguresCard({ title, rows, testId }: { title: string; rows: FiguresRow[]; testId: string }) {
  const { t } = useTranslation('arrears');
  return (
    <Card size="small" title={title}>
      <List
        size="small"
        data-testid={testId}
        dataSource={rows}
        locale={{ emptyText: t('common:empty') }}
        renderItem={(r, i) => (
          <List.Item key={`${r.name}-${i}`} style={{ paddingInline: 0 }}>
            <div style={{ minWidth: 0 }}>
              <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                {r.name}
              </Typography.Text>
              <div style={{ fontSize: 12, overflowWrap: 'anywhere', fontVariantNumeric: 'tabular-nums' }}>
                {t('report.row', {
                  items: r.items,
                  overdue: formatMoney(r.overdue),
                  collected: formatMoney(r.collected),
                  rate: r.rate != null ? `${r.rate}%` : '—',
                })}
              </div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
