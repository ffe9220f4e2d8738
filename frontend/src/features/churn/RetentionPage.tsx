// 集团保有分析报告 (rule 9): a group's retention analysis against its baseline month (拍照月),
// laid out as a document to print or export, with the causes, measures and outcome written here.
// Without a baseline month the page asks for one first.
import { ArrowLeftOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Result,
  Space,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { formatDateTime } from '../../components/format';
import { FormModal } from '../../components/FormModal';
import { Money } from '../../components/Money';
import { QueryState } from '../../components/QueryState';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  type RetentionGroupFragment,
  RetentionReportDocument,
  type RetentionReportFieldsFragment,
  RetentionSetBaselineDocument,
  RetentionUpdateDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { downloadCsv } from '../../components/files';
import { formatPercent } from './logic';
import { isFutureMonth } from './month';
import './i18n';
import './retention.css';

type Report = RetentionReportFieldsFragment;

export function RetentionPage() {
  const { t } = useTranslation('churn');
  const id = useParams().id ?? '';
  const [result, reexecute] = useQuery({ query: RetentionReportDocument, variables: { id } });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);

  return (
    <div className="retention-report">
      <Link to={`/groups/${encodeURIComponent(id)}`} className="no-print">
        <ArrowLeftOutlined /> {t('retention.back')}
      </Link>
      <QueryState result={result} onRetry={refresh}>
        {(d) => {
          const g = d.group;
          if (!g) return <Result status="404" title={t('retention.notFound')} />;
          if (!g.baselineMonth || !g.retentionReport) return <NoBaseline group={g} onDone={refresh} />;
          return <ReportDocument group={g} report={g.retentionReport} onChanged={refresh} />;
        }}
      </QueryState>
    </div>
  );
}

/** The month picker of the baseline month: a month, not after this one. */
function BaselineField() {
  const { t } = useTranslation('churn');
  return (
    <Form.Item
      name="month"
      label={t('retention.baselineMonth')}
      extra={t('retention.baselineHint')}
      rules={[{ required: true, message: t('common:required') }]}
    >
      <DatePicker
        picker="month"
        format="YYYY-MM"
        placeholder={t('retention.pickMonth')}
        disabledDate={(d: Dayjs) => isFutureMonth(d.format('YYYY-MM'))}
        aria-label={t('retention.baselineMonth')}
      />
    </Form.Item>
  );
}

function useSetBaseline(group: RetentionGroupFragment) {
  const { t } = useTranslation('churn');
  const [run, busy] = useAction(RetentionSetBaselineDocument);
  const [form] = Form.useForm<{ month: Dayjs }>();
  const submit = async (values: { month: Dayjs }, onConflict: () => void) =>
    !!(await run(
      { input: { groupId: group.id, expectedVersion: group.version, month: values.month.format('YYYY-MM') } },
      { form, success: t('retention.baselineSaved'), onConflict },
    ));
  return { form, busy, submit };
}

function NoBaseline({ group, onDone }: { group: RetentionGroupFragment; onDone: () => void }) {
  const { t } = useTranslation('churn');
  const { form, busy, submit } = useSetBaseline(group);
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 8 }}>
        {t('retention.title')}
      </Typography.Title>
      <Typography.Paragraph>
        {group.name} · {group.code}
      </Typography.Paragraph>
      <Card title={t('retention.setBaseline')} style={{ maxWidth: 560 }}>
        <Alert type="info" showIcon title={t('retention.noBaseline')} style={{ marginBottom: 16 }} />
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v) => {
            if (await submit(v, onDone)) onDone();
          }}
        >
          <BaselineField />
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('retention.setBaseline')}
          </Button>
        </Form>
      </Card>
    </>
  );
}

function ReportDocument({ group, report, onChanged }: { group: RetentionGroupFragment; report: Report; onChanged: () => void }) {
  const { t } = useTranslation('churn');
  const label = useEnumLabel();
  const baseline = useSetBaseline(group);
  const [changing, setChanging] = useState(false);
  const navigate = useNavigate();
  const current = report.currentMonth ?? t('retention.noCurrent');

  return (
    <>
      <Flex className="no-print" justify="flex-end" wrap gap={8} style={{ marginTop: 8 }}>
        <Button onClick={() => navigate(`/churn?groupId=${encodeURIComponent(group.id)}`)}>{t('retention.warnings')}</Button>
        <Button onClick={() => setChanging(true)}>{t('retention.changeBaseline')}</Button>
        <Button icon={<DownloadOutlined />} onClick={() => downloadCsv(report.csv, 'report.csv')}>
          {t('retention.exportCsv')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('retention.print')}
        </Button>
      </Flex>

      <article className="retention-document">
        <Typography.Title level={2} style={{ textAlign: 'center', marginTop: 8 }}>
          {t('retention.title')}
        </Typography.Title>
        <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 24 }}>
          <Descriptions.Item label={t('retention.group')}>{group.name}</Descriptions.Item>
          <Descriptions.Item label={t('retention.code')}>{group.code}</Descriptions.Item>
          <Descriptions.Item label={t('retention.baselineMonth')}>{report.baselineMonth}</Descriptions.Item>
          <Descriptions.Item label={t('retention.currentMonth')}>{current}</Descriptions.Item>
        </Descriptions>

        <Typography.Title level={4}>{t('retention.section.overview')}</Typography.Title>
        <Table
          size="small"
          bordered
          pagination={false}
          rowKey="key"
          style={{ marginBottom: 24 }}
          dataSource={[
            { key: 'members', item: t('retention.members'), baseline: report.baselineMembers, current: report.currentMembers },
            {
              key: 'revenue',
              item: t('retention.revenue'),
              baseline: <Money value={report.baselineRevenue} />,
              current: <Money value={report.currentRevenue} />,
            },
          ]}
          columns={[
            { title: t('retention.item'), dataIndex: 'item' },
            { title: `${t('retention.baseline')}（${report.baselineMonth}）`, dataIndex: 'baseline', align: 'right' },
            { title: `${t('retention.current')}（${report.currentMonth ?? '—'}）`, dataIndex: 'current', align: 'right' },
          ]}
        />

        <Typography.Title level={4}>{t('retention.section.status')}</Typography.Title>
        <Descriptions bordered size="small" column={{ xs: 2, sm: 5 }} layout="vertical" style={{ marginBottom: 24 }}>
          <Descriptions.Item label={label('MemberStatus', 'ACTIVE')}>{report.activeCount}</Descriptions.Item>
          <Descriptions.Item label={label('MemberStatus', 'SUSPENDED')}>{report.suspendedCount}</Descriptions.Item>
          <Descriptions.Item label={label('MemberStatus', 'PENDING_CLOSE')}>{report.pendingCloseCount}</Descriptions.Item>
          <Descriptions.Item label={label('MemberStatus', 'FORWARDED')}>{report.forwardedCount}</Descriptions.Item>
          <Descriptions.Item label={label('MemberStatus', 'CLOSED')}>{report.closedCount}</Descriptions.Item>
        </Descriptions>

        <Typography.Title level={4}>{t('retention.section.loss')}</Typography.Title>
        <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 24 }}>
          <Descriptions.Item label={t('retention.revenueLoss')}>{formatPercent(report.revenueLossPercent)}</Descriptions.Item>
          <Descriptions.Item label={t('retention.numberLoss')}>{formatPercent(report.numberLossPercent)}</Descriptions.Item>
        </Descriptions>

        <Typography.Title level={4}>{t('retention.section.falling')}</Typography.Title>
        <Table
          size="small"
          bordered
          pagination={false}
          rowKey={(f) => f.member.id}
          style={{ marginBottom: 24 }}
          dataSource={report.fallingMembers}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('retention.noFalling')} /> }}
          columns={[
            { title: t('retention.memberName'), key: 'name', render: (_, f) => f.member.name },
            { title: t('retention.phone'), key: 'phone', render: (_, f) => f.member.phone },
            { title: t('retention.referenceAmount'), key: 'ref', align: 'right', render: (_, f) => <Money value={f.referenceAmount} /> },
            { title: t('retention.currentAmount'), key: 'cur', align: 'right', render: (_, f) => <Money value={f.currentAmount} /> },
            { title: t('retention.drop'), key: 'drop', align: 'right', render: (_, f) => formatPercent(f.dropPercent) },
          ]}
        />

        <Typography.Title level={4}>{t('retention.section.lost')}</Typography.Title>
        <Table
          size="small"
          bordered
          pagination={false}
          rowKey={(l) => `${l.subject}-${l.lostOn}`}
          style={{ marginBottom: 24 }}
          dataSource={report.lostMembers}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('retention.noLost')} /> }}
          columns={[
            { title: t('retention.phone'), dataIndex: 'subject' },
            { title: t('retention.lostOn'), dataIndex: 'lostOn' },
            { title: t('retention.reason'), key: 'reason', render: (_, l) => `${label('ChurnReason', l.reason)}${t('common:sep')}${l.reasonText}` },
            { title: t('retention.competitor'), key: 'competitor', render: (_, l) => l.competitor ?? '—' },
            { title: t('retention.revenue'), key: 'revenue', align: 'right', render: (_, l) => <Money value={l.monthlyRevenue} /> },
          ]}
        />

        <Typography.Title level={4}>{t('retention.section.complaints')}</Typography.Title>
        <Table
          size="small"
          bordered
          pagination={false}
          rowKey="id"
          style={{ marginBottom: 24 }}
          dataSource={report.complaints}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('retention.noComplaints')} /> }}
          columns={[
            { title: t('retention.complaint'), key: 'n', render: (_, c) => <Link to={`/complaints/${encodeURIComponent(c.id)}`}>{c.number}</Link> },
            { title: t('retention.status'), key: 's', render: (_, c) => `${label('ComplaintStatus', c.status)} · ${label('ComplaintCategory', c.category)}` },
            { title: t('retention.item'), dataIndex: 'customerSaid' },
          ]}
        />

        <AnalysisForm key={report.version} groupId={group.id} report={report} onChanged={onChanged} />
      </article>

      <FormModal<{ month: Dayjs }>
        open={changing}
        title={t('retention.changeBaseline')}
        busy={baseline.busy}
        form={baseline.form}
        initialValues={{ month: dayjs(`${report.baselineMonth}-01`) }}
        onSubmit={(v) => baseline.submit(v, onChanged)}
        onClose={() => setChanging(false)}
        onDone={() => {
          setChanging(false);
          onChanged();
        }}
      >
        <BaselineField />
      </FormModal>
    </>
  );
}

const ANALYSIS = ['causes', 'measures', 'outcome'] as const;
type Analysis = Record<(typeof ANALYSIS)[number], string | undefined>;

/** 原因分析 / 保有措施 / 保有结果: written on screen, printed as text. */
function AnalysisForm({ groupId, report, onChanged }: { groupId: string; report: Report; onChanged: () => void }) {
  const { t } = useTranslation('churn');
  const rules = useFieldRules('churn', 'retention.validation.max');
  const [form] = Form.useForm<Analysis>();
  const [save, saving] = useAction(RetentionUpdateDocument);

  async function submit(v: Analysis) {
    const ok = await save(
      {
        input: {
          groupId,
          expectedVersion: report.version,
          causes: v.causes?.trim() ?? '',
          measures: v.measures?.trim() ?? '',
          outcome: v.outcome?.trim() ?? '',
        },
      },
      { form, success: t('retention.saved'), onConflict: onChanged },
    );
    if (ok) onChanged();
  }

  return (
    <>
      <Form
        form={form}
        layout="vertical"
        className="no-print"
        initialValues={{ causes: report.causes ?? '', measures: report.measures ?? '', outcome: report.outcome ?? '' }}
        onFinish={submit}
      >
        {ANALYSIS.map((k, i) => (
          <div key={k}>
            <Typography.Title level={4}>{t(`retention.section.${k}`)}</Typography.Title>
            <Form.Item name={k} rules={rules.optional(2000)} style={{ marginBottom: i === 2 ? 12 : 24 }}>
              <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t(`retention.${k}Placeholder`)} aria-label={t(`retention.${k}`)} />
            </Form.Item>
          </div>
        ))}
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('retention.save')}
          </Button>
          {report.updatedAt && (
            <Typography.Text type="secondary">
              {t('retention.updatedAt')} {formatDateTime(report.updatedAt)}
            </Typography.Text>
          )}
        </Space>
      </Form>
      <div className="print-only">
        {ANALYSIS.map((k) => (
          <section key={k}>
            <Typography.Title level={4}>{t(`retention.section.${k}`)}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{report[k] || t('retention.notWritten')}</Typography.Paragraph>
          </section>
        ))}
        {report.updatedAt && (
          <Typography.Paragraph type="secondary">
            {t('retention.updatedAt')} {formatDateTime(report.updatedAt)}
          </Typography.Paragraph>
        )}
      </div>
    </>
  );
}
