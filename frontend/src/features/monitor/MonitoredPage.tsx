// 重点服务监控集团报表: a page to work from, a CSV to pass on, and a layout to print.
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { downloadCsv } from '../../components/files';
import { beijingDate, formatDateTime } from '../../components/format';
import { QueryState } from '../../components/QueryState';
import { MonitoredGroupsDocument } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import '../churn/retention.css';
import { monitorCsv, type Row, warningsLine } from './report';
import './i18n';

const COLORS = { UNHANDLED: 'red', IN_HAND: 'orange', HANDLED: 'green' } as const;

export function MonitoredPage() {
  const { t } = useTranslation('monitor');
  const label = useEnumLabel();
  const [result, reexecute] = useQuery({ query: MonitoredGroupsDocument, requestPolicy: 'cache-and-network' });
  const warnings = (r: Row) =>
    warningsLine(
      r,
      (kind, count, month, percent) => t('warning', { kind: label('ChurnWarningKind', kind), count, month, percent }),
      t('noWarning'),
    );
  const columns: ColumnsType<Row> = [
    {
      key: 'group',
      title: t('col.group'),
      render: (_, r) => (
        <>
          <Link to={`/groups/${encodeURIComponent(r.group.id)}`}>{r.group.name}</Link>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {r.group.code}
          </Typography.Text>
        </>
      ),
    },
    { key: 'owner', title: t('col.owner'), render: (_, r) => r.group.owner?.displayName },
    { key: 'status', title: t('col.status'), render: (_, r) => label('GroupStatus', r.group.status) },
    { key: 'warnings', title: t('col.warnings'), width: 300, render: (_, r) => <span style={{ overflowWrap: 'anywhere' }}>{warnings(r)}</span> },
    {
      key: 'handling',
      title: t('col.handling'),
      render: (_, r) => <Tag color={COLORS[r.handling]}>{label('Handling', r.handling)}</Tag>,
    },
    { key: 'tasks', title: t('col.tasks'), align: 'right', render: (_, r) => `${r.openTasks}/${r.doneTasks}` },
    { key: 'retention', title: t('col.retention'), align: 'right', dataIndex: 'openRetention' },
    { key: 'complaints', title: t('col.complaints'), align: 'right', dataIndex: 'openComplaints' },
    {
      key: 'lastContact',
      title: t('col.lastContact'),
      render: (_, r) => (r.lastContactAt ? formatDateTime(r.lastContactAt) : <Typography.Text type="danger">{t('never')}</Typography.Text>),
    },
  ];
  return (
    <div className="retention-report">
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary" className="no-print">
        {t('intro')}
      </Typography.Paragraph>
      <QueryState result={result} onRetry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(d) => {
          const rows = d.monitoredGroups;
          const waiting = rows.filter((r) => r.handling === 'UNHANDLED').length;
          const csv = () =>
            downloadCsv(
              monitorCsv(rows, {
                column: (k) => t(`col.${k}`),
                handling: (h) => label('Handling', h),
                status: (s) => label('GroupStatus', s),
                warnings,
                never: t('never'),
              }),
              t('file', { date: beijingDate() }),
            );
          return (
            <>
              <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
                <Typography.Text strong data-testid="monitor-total">
                  {t('total', { count: rows.length, waiting })}
                </Typography.Text>
                <Flex gap={8} wrap className="no-print">
                  <Button icon={<DownloadOutlined />} onClick={csv} disabled={rows.length === 0}>
                    {t('csv')}
                  </Button>
                  <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
                    {t('print')}
                  </Button>
                </Flex>
              </Flex>
              <Typography.Paragraph type="secondary" className="print-only">
                {t('printedAt', { time: formatDateTime(new Date().toISOString()) })}
              </Typography.Paragraph>
              <Table
                size="small"
                rowKey={(r) => r.group.id}
                dataSource={[...rows]}
                columns={columns}
                pagination={false}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: t('empty') }}
              />
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
