// 补退费分析: a bill month's approved adjustments — the totals, by cause, by the requester's
// department and by size band as bars, then each adjustment with its rectification proposal;
// the list as a CSV.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Input, Row, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { Bars } from '../../components/Bars';
import { downloadCsv } from '../../components/files';
import { formatMoney } from '../../components/format';
import { QueryState } from '../../components/QueryState';
import { type AdjustmentTallyFieldsFragment, BillingAdjustmentAnalysisDocument, type BillingAdjustmentAnalysisQuery } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { currentMonth, isMonth } from '../kpi/month';
import { analysisCsv, bands } from './logic';
import { AdjustmentAmount, AdjustmentStatusTag, adjustmentPath } from './parts';
import './i18n';

type Analysis = BillingAdjustmentAnalysisQuery['billingAdjustmentAnalysis'];

export function AnalysisPage() {
  const { t } = useTranslation('billing');
  const [month, setMonth] = useState(() => currentMonth());
  const [result, reexecute] = useQuery({ query: BillingAdjustmentAnalysisDocument, variables: { month } });
  return (
    <>
      <Typography.Title level={3}>{t('analysis.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('analysis.intro')}</Typography.Paragraph>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('analysis.month')}</Typography.Text>
        <Input
          type="month"
          aria-label={t('analysis.month')}
          value={month}
          onChange={(e) => isMonth(e.target.value) && setMonth(e.target.value)}
          style={{ width: 180 }}
        />
      </Flex>
      <QueryState result={result} onRetry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(d) => <Analysis analysis={d.billingAdjustmentAnalysis} />}
      </QueryState>
    </>
  );
}

function Analysis({ analysis: a }: { analysis: Analysis }) {
  const { t } = useTranslation('billing');
  const label = useEnumLabel();
  const tally = (x: AdjustmentTallyFieldsFragment) =>
    t('analysis.tally', { count: x.count, refunded: formatMoney(x.refunded), backCharged: formatMoney(x.backCharged) });
  const exportCsv = () =>
    downloadCsv(
      analysisCsv(
        (['code', 'month', 'customer', 'account', 'amount', 'cause', 'causeText', 'rectification', 'status', 'requester', 'department'] as const).map(
          (k) => t(`analysis.col.${k}`),
        ),
        a.adjustments.map((x) => ({
          code: x.code,
          month: x.month,
          customerName: x.customerName,
          accountNo: x.accountNo,
          amount: x.amount,
          cause: label('AdjustmentCause', x.cause),
          causeText: x.causeText,
          rectification: x.rectification,
          status: label('AdjustmentStatus', x.status),
          requester: x.requester?.displayName,
          department: x.department?.name,
        })),
      ),
      `${t('analysis.title')}-${a.month}.csv`,
    );
  const bandRows = bands(a.byBand.map((b) => b.from)).map((range, i) => ({ range, tally: a.byBand[i].tally }));
  return (
    <>
      <Row gutter={[12, 12]}>
        <Col xs={24} sm={8}>
          <Card size="small">
            <Statistic title={t('analysis.count')} value={a.total.count} />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card size="small">
            <Statistic title={t('analysis.refunded')} value={formatMoney(a.total.refunded)} styles={{ content: { fontSize: 16 } }} />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card size="small">
            <Statistic title={t('analysis.backCharged')} value={formatMoney(a.total.backCharged)} styles={{ content: { fontSize: 16 } }} />
          </Card>
        </Col>
      </Row>
      {a.total.count === 0 ? (
        <Empty description={t('analysis.empty')} style={{ margin: 24 }} />
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('analysis.byCause')}>
                <Bars
                  testId="by-cause"
                  rows={a.byCause.map((c) => ({ key: c.cause, label: label('AdjustmentCause', c.cause), value: c.tally.count, text: tally(c.tally) }))}
                />
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('analysis.byDepartment')}>
                <Bars
                  testId="by-department"
                  color="#722ed1"
                  rows={a.byDepartment.map((d, i) => ({
                    key: d.department?.id ?? `none-${i}`,
                    label: d.department?.name ?? t('analysis.noDepartment'),
                    value: d.tally.count,
                    text: tally(d.tally),
                  }))}
                />
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('analysis.byBand')}>
                <Bars
                  testId="by-band"
                  color="#fa8c16"
                  rows={bandRows.map(({ range, tally: x }) => ({
                    key: range.from,
                    label: range.to
                      ? t('analysis.band', { from: formatMoney(range.from), to: formatMoney(range.to) })
                      : t('analysis.bandOpen', { from: formatMoney(range.from) }),
                    value: x.count,
                    text: tally(x),
                  }))}
                />
              </Card>
            </Col>
          </Row>
          <Flex justify="space-between" align="center" wrap gap={8} style={{ margin: '16px 0 8px' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('analysis.list')}
            </Typography.Title>
            <Button icon={<DownloadOutlined />} onClick={exportCsv}>
              CSV
            </Button>
          </Flex>
          {a.adjustments.map((x) => (
            <Card key={x.id} size="small" style={{ marginBottom: 8 }} data-testid="analysis-adjustment">
              <Flex wrap gap={8} align="center" style={{ marginBottom: 4 }}>
                <Link to={adjustmentPath(x.id)} style={{ fontWeight: 600 }}>
                  {x.code}
                </Link>
                <AdjustmentStatusTag status={x.status} />
                <AdjustmentAmount amount={x.amount} />
                <span>{label('AdjustmentCause', x.cause)}</span>
              </Flex>
              <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                {x.customerName}
              </Typography.Text>
              <Typography.Text type="secondary">
                {' · '}
                {x.accountNo} · {x.requester?.displayName ?? '—'}
                {x.department ? ` · ${x.department.name}` : ''}
              </Typography.Text>
              <Typography.Paragraph style={{ margin: '4px 0 0', overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                <Typography.Text type="secondary">
                  {t('field.rectification')}
                  {t('common:sep')}
                </Typography.Text>
                {x.rectification}
              </Typography.Paragraph>
            </Card>
          ))}
        </>
      )}
    </>
  );
}
