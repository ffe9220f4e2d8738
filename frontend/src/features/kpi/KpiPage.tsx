import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Dropdown, Empty, Result, Row, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useQuery } from 'urql';
import { useSession } from '../../auth/session';
import { formatMoney } from '../../components/format';
import { QueryState } from '../../components/QueryState';
import {
  KpiMonthDocument,
  KpiTeamDocument,
  KpiTrendDocument,
  type KpiMonthQuery,
  type KpiRowFragment,
  type Role,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { downloadCsv } from '../../components/files';
import {
  formatPercent,
  kpiCsv,
  methodCount,
  methodsOf,
  pipelineBars,
  scopeName,
  sumDecimals,
  teamSeries,
  trendSeries,
  type CsvLabels,
} from './kpiData';
import { currentMonth, isFutureMonth, isMonth, shiftMonth } from './month';
import { TargetDialog } from './TargetDialog';
import './i18n';

/** Roles that see their team's managers side by side and may look at one of them. */
export const KPI_HEADS: Role[] = ['DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'ADMIN'];
const TREND_MONTHS = 6;
const COLORS = {
  visits: '#1677ff',
  groups: '#13c2c2',
  onTime: '#52c41a',
  win: '#fa8c16',
  retention: '#722ed1',
  installs: '#eb2f96',
};

type MonthKpis = KpiMonthQuery['kpis'];

/**
 * 业绩指标: a month's figures for the viewer's scope (a head may pick one of the team's
 * managers), the last six months' trend, and for heads the team side by side; CSV export.
 * The month and the chosen manager are in the address (`?month=2026-10&owner=…`).
 */
export function KpiPage() {
  const { t } = useTranslation('kpi');
  const user = useSession()?.user;
  const [params, setParams] = useSearchParams();
  const asked = params.get('month') ?? '';
  // This month so far by default: the pipeline panel below is live, the figures should be too.
  const month = isMonth(asked) && !isFutureMonth(asked) ? asked : currentMonth();
  const isHead = !!user && KPI_HEADS.includes(user.role);
  const ownerId = isHead ? params.get('owner') || null : null;

  // Installers have no KPIs: nothing is asked for them.
  const none = !user || user.role === 'INSTALLER';
  const [monthResult, reMonth] = useQuery({ query: KpiMonthDocument, variables: { month, ownerId }, pause: none });
  const [trendResult, reTrend] = useQuery({
    query: KpiTrendDocument,
    variables: { endMonth: month, months: TREND_MONTHS, ownerId },
    pause: none,
  });
  const [teamResult, reTeam] = useQuery({ query: KpiTeamDocument, variables: { month }, pause: !isHead });

  const set = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p);
  };

  if (!user) return null;
  if (user.role === 'INSTALLER') return <Result status="info" title={t('title')} subTitle={t('noInstallers')} />;

  const team = teamResult.data?.teamKpis ?? [];
  return (
    <>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Space wrap>
          <MonthPicker month={month} onChange={(m) => set({ month: m })} />
          {isHead && (
            <ScopePicker
              ownerId={ownerId}
              team={team}
              chosen={monthResult.data?.kpis.user ?? null}
              onChange={(id) => set({ owner: id })}
            />
          )}
          <ExportMenu
            month={month}
            isHead={isHead}
            kpis={monthResult.data?.kpis}
            trend={trendResult.data?.kpiTrend}
            team={teamResult.data?.teamKpis}
          />
        </Space>
      </Space>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <QueryState result={monthResult} onRetry={() => reMonth({ requestPolicy: 'network-only' })}>
          {({ kpis }) => <Figures kpis={kpis} />}
        </QueryState>
        <Card size="small" title={t('trend.title')}>
          <QueryState
            result={trendResult}
            onRetry={() => reTrend({ requestPolicy: 'network-only' })}
            isEmpty={(d) => d.kpiTrend.length === 0}
          >
            {({ kpiTrend }) => <TrendChart rows={kpiTrend} />}
          </QueryState>
        </Card>
        {isHead && (
          <Card size="small" title={t('team.title')}>
            <QueryState
              result={teamResult}
              onRetry={() => reTeam({ requestPolicy: 'network-only' })}
              isEmpty={(d) => d.teamKpis.length === 0}
              emptyText={t('team.empty')}
            >
              {({ teamKpis }) => (
                <Team
                  rows={teamKpis}
                  chosen={ownerId}
                  onPick={(id) => set({ owner: id })}
                  onTargetsSet={() => {
                    reTeam({ requestPolicy: 'network-only' });
                    reMonth({ requestPolicy: 'network-only' });
                  }}
                />
              )}
            </QueryState>
          </Card>
        )}
      </Space>
    </>
  );
}

function MonthPicker({ month, onChange }: { month: string; onChange: (month: string) => void }) {
  const { t } = useTranslation('kpi');
  const now = currentMonth();
  return (
    <DatePicker
      picker="month"
      aria-label={t('month')}
      allowClear={false}
      value={dayjs(`${month}-01`)}
      disabledDate={(d: Dayjs) => d.format('YYYY-MM') > now}
      onChange={(d: Dayjs | null) => d && onChange(d.format('YYYY-MM'))}
    />
  );
}

function ScopePicker({
  ownerId,
  team,
  chosen,
  onChange,
}: {
  ownerId: string | null;
  team: readonly KpiRowFragment[];
  chosen: { id: string; displayName: string } | null;
  onChange: (ownerId: string | null) => void;
}) {
  const { t } = useTranslation('kpi');
  const managers = team.flatMap((r) => (r.user ? [r.user] : []));
  // The chosen manager stays listed when the month's rows no longer hold them.
  if (ownerId && chosen && chosen.id === ownerId && !managers.some((m) => m.id === ownerId)) managers.push(chosen);
  return (
    <Select
      aria-label={t('scope.label')}
      style={{ minWidth: 200 }}
      value={ownerId ?? ''}
      onChange={(v: string) => onChange(v || null)}
      showSearch={{ optionFilterProp: 'label' }}
      options={[
        { value: '', label: t('scope.own') },
        ...managers.map((m) => ({ value: m.id, label: t('scope.manager', { name: m.displayName }) })),
      ]}
    />
  );
}

function ExportMenu({
  month,
  isHead,
  kpis,
  trend,
  team,
}: {
  month: string;
  isHead: boolean;
  kpis?: MonthKpis;
  trend?: readonly KpiRowFragment[];
  team?: readonly KpiRowFragment[];
}) {
  const { t } = useTranslation('kpi');
  const label = useEnumLabel();
  const { message } = App.useApp();
  const labels: CsvLabels = {
    column: (k) => t(`col.${k}`),
    method: (m) => t('col.method', { method: label('VisitMethod', m) }),
  };
  const scope = kpis ? scopeName(kpis) || t('scope.own') : '';
  const save = (text: string, file: string) => {
    downloadCsv(text, file);
    message.success(t('export.done', { file }));
  };
  const items = [
    isHead
      ? { key: 'team', label: t('export.team'), disabled: !team?.length }
      : { key: 'table', label: t('export.table'), disabled: !kpis },
    { key: 'trend', label: t('export.trend'), disabled: !trend?.length },
  ];
  function onClick({ key }: { key: string }) {
    if (key === 'team' && team) save(kpiCsv(team, labels), t('export.teamFile', { month }));
    if (key === 'table' && kpis) save(kpiCsv([kpis], labels), t('export.tableFile', { scope, month }));
    if (key === 'trend' && trend?.length) {
      const from = trend[0]?.month ?? shiftMonth(month, 1 - TREND_MONTHS);
      save(kpiCsv(trend, labels), t('export.trendFile', { scope, from, to: month }));
    }
  }
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']}>
      <Button icon={<DownloadOutlined />}>{t('export.button')}</Button>
    </Dropdown>
  );
}

/** One figure: its name, the number, and what it is made of. */
function Figure({ title, value, sub, testId }: { title: string; value: ReactNode; sub?: ReactNode; testId?: string }) {
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={testId}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div style={{ fontSize: 26, fontWeight: 600, fontVariantNumeric: 'tabular-nums', lineHeight: 1.4 }}>{value}</div>
      {sub && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {sub}
        </Typography.Text>
      )}
    </Card>
  );
}

/** A manager's targets in one line: per day, groups, new groups, proposals, retention. */
function targetLine(g: NonNullable<KpiRowFragment['target']>, t: (key: string) => string): string {
  return [
    `${t('target.short.perDay')} ${g.visitsPerDay}`,
    `${t('target.short.groups')} ${g.groupsVisited}`,
    `${t('target.short.newGroups')} ${g.newGroups}`,
    `${t('target.short.proposals')} ${g.proposals}`,
    `${t('target.short.retention')} ${g.retentionPercent}%`,
  ].join(' · ');
}

function Figures({ kpis: k }: { kpis: MonthKpis }) {
  const { t } = useTranslation('kpi');
  const label = useEnumLabel();
  const percent = (v: string | null | undefined) => formatPercent(v);
  const breakdown = methodsOf([k])
    .map((m) => `${label('VisitMethod', m)} ${methodCount(k, m)}`)
    .join(' · ');
  const goal = k.target;
  /** A figure's note with its target beside it, when one is set. */
  const withGoal = (sub: ReactNode, value: string | number | undefined) =>
    value === undefined ? sub : (
      <>
        {sub}
        {sub ? ' · ' : null}
        <Typography.Text strong data-testid="kpi-goal">
          {t('target.of', { value })}
        </Typography.Text>
      </>
    );
  const figures: { key: string; title: string; value: ReactNode; sub?: ReactNode }[] = [
    { key: 'visits', title: t('card.visits'), value: k.visits, sub: breakdown },
    {
      key: 'perDay',
      title: t('card.perDay'),
      value: k.visitsPerWorkingDay,
      sub: withGoal(t('card.workingDays', { count: k.workingDays }), goal?.visitsPerDay),
    },
    { key: 'calls', title: t('card.calls'), value: k.calls },
    {
      key: 'groups',
      title: t('card.groupsVisited'),
      value: k.groupsVisited,
      sub: withGoal(t('card.ofPortfolio', { count: k.portfolio }), goal?.groupsVisited),
    },
    { key: 'newGroups', title: t('card.newGroups'), value: k.newGroups, sub: withGoal(null, goal?.newGroups) },
    {
      key: 'onTime',
      title: t('card.onTime'),
      value: percent(k.onTimePercent),
      sub: withGoal(
        k.proposalsDue ? t('card.onTimeOf', { done: k.proposalsOnTime, due: k.proposalsDue }) : t('card.noMeasure'),
        goal?.proposals,
      ),
    },
    {
      key: 'approval',
      title: t('card.approval'),
      value: k.medianApprovalHours == null ? '—' : t('card.hours', { value: k.medianApprovalHours }),
      sub: t('card.approvalsDecided', { count: k.approvalsDecided }),
    },
    {
      key: 'win',
      title: t('card.win'),
      value: percent(k.winPercent),
      sub: k.proposalsDecided ? t('card.winOf', { won: k.proposalsWon, decided: k.proposalsDecided }) : t('card.noMeasure'),
    },
    { key: 'installs', title: t('card.installs'), value: k.installsConfirmed },
    {
      key: 'retention',
      title: t('card.retention'),
      value: percent(k.retentionPercent),
      sub: withGoal(
        k.retentionBaseline ? t('card.retentionOf', { lost: k.retentionLost, baseline: k.retentionBaseline }) : t('card.noMeasure'),
        goal ? `${goal.retentionPercent}%` : undefined,
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {scopeName(k) || t('scope.own')} · {k.month}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col key={f.key} xs={24} sm={12} md={8} xl={6} xxl={4}>
            <Figure title={f.title} value={f.value} sub={f.sub} testId={`kpi-${f.key}`} />
          </Col>
        ))}
      </Row>
      <PipelineChart stages={k.pipeline} />
    </Space>
  );
}

function PipelineChart({ stages }: { stages: MonthKpis['pipeline'] }) {
  const { t, i18n } = useTranslation('kpi');
  const label = useEnumLabel();
  const compact = new Intl.NumberFormat(i18n.language, { notation: 'compact', style: 'currency', currency: 'CNY' });
  const bars = pipelineBars(stages, (s) => label('Stage', s));
  const count = stages.reduce((n, s) => n + s.count, 0);
  return (
    <Card
      size="small"
      title={t('pipeline.title')}
      extra={
        <Typography.Text type="secondary">
          {t('pipeline.total', { value: formatMoney(sumDecimals(stages.map((s) => s.value))), count })}
        </Typography.Text>
      }
    >
      {count === 0 ? (
        <Empty description={t('pipeline.empty')} />
      ) : (
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={bars}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" interval={0} tick={{ fontSize: 12 }} />
            <YAxis tickFormatter={(v: number) => compact.format(v)} width={70} />
            <Tooltip
              formatter={(_v, _n, item) => {
                const bar = item.payload as { exact: string; count: number };
                return [`${formatMoney(bar.exact)}（${bar.count}）`, t('pipeline.value')];
              }}
            />
            <Bar dataKey="value" name={t('pipeline.value')} fill={COLORS.visits} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </Card>
  );
}

/** Tooltip text of a percent series: the value with %, or — when undefined that month. */
function percentTip(v: unknown): string {
  return typeof v === 'number' ? `${v}%` : '—';
}

function TrendChart({ rows }: { rows: readonly KpiRowFragment[] }) {
  const { t } = useTranslation('kpi');
  const data = trendSeries(rows);
  return (
    <ResponsiveContainer width="100%" height={300}>
      <LineChart data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="month" />
        <YAxis yAxisId="count" allowDecimals={false} />
        <YAxis yAxisId="percent" orientation="right" domain={[0, 100]} unit="%" />
        <Tooltip
          formatter={(v, name, item) => [item.dataKey === 'visits' ? String(v) : percentTip(v), name]}
        />
        <Legend />
        <Line yAxisId="count" type="monotone" dataKey="visits" name={t('trend.visits')} stroke={COLORS.visits} />
        <Line yAxisId="percent" type="monotone" dataKey="onTime" name={t('trend.onTime')} stroke={COLORS.onTime} />
        <Line yAxisId="percent" type="monotone" dataKey="win" name={t('trend.win')} stroke={COLORS.win} />
        <Line yAxisId="percent" type="monotone" dataKey="retention" name={t('trend.retention')} stroke={COLORS.retention} />
      </LineChart>
    </ResponsiveContainer>
  );
}

function Team({
  rows,
  chosen,
  onPick,
  onTargetsSet,
}: {
  rows: readonly KpiRowFragment[];
  chosen: string | null;
  onPick: (ownerId: string) => void;
  onTargetsSet: () => void;
}) {
  const { t } = useTranslation('kpi');
  const [targetFor, setTargetFor] = useState<KpiRowFragment | null>(null);
  const data = useMemo(() => teamSeries(rows), [rows]);
  const num = (v: string | null | undefined) => (v == null ? null : Number(v));
  const byNumber =
    (f: (r: KpiRowFragment) => number | null) =>
    (a: KpiRowFragment, b: KpiRowFragment) =>
      (f(a) ?? -1) - (f(b) ?? -1);
  const columns: ColumnsType<KpiRowFragment> = [
    {
      key: 'name',
      title: t('col.scope'),
      fixed: 'left',
      render: (_, r) =>
        r.user ? (
          <Typography.Link strong={r.user.id === chosen} onClick={() => onPick(r.user!.id)}>
            {r.user.displayName}
          </Typography.Link>
        ) : (
          scopeName(r)
        ),
    },
    { key: 'visits', title: t('col.visits'), dataIndex: 'visits', align: 'right', sorter: byNumber((r) => r.visits) },
    {
      key: 'perDay',
      title: t('col.visitsPerWorkingDay'),
      dataIndex: 'visitsPerWorkingDay',
      align: 'right',
      sorter: byNumber((r) => num(r.visitsPerWorkingDay)),
    },
    { key: 'calls', title: t('col.calls'), dataIndex: 'calls', align: 'right', sorter: byNumber((r) => r.calls) },
    {
      key: 'groups',
      title: t('col.groupsVisited'),
      align: 'right',
      sorter: byNumber((r) => r.groupsVisited),
      render: (_, r) => `${r.groupsVisited} / ${r.portfolio}`,
    },
    { key: 'newGroups', title: t('col.newGroups'), dataIndex: 'newGroups', align: 'right', sorter: byNumber((r) => r.newGroups) },
    {
      key: 'onTime',
      title: t('col.onTimePercent'),
      align: 'right',
      sorter: byNumber((r) => num(r.onTimePercent)),
      render: (_, r) => `${formatPercent(r.onTimePercent)}（${r.proposalsOnTime}/${r.proposalsDue}）`,
    },
    {
      key: 'approval',
      title: t('col.medianApprovalHours'),
      align: 'right',
      sorter: byNumber((r) => num(r.medianApprovalHours)),
      render: (_, r) => r.medianApprovalHours ?? '—',
    },
    {
      key: 'win',
      title: t('col.winPercent'),
      align: 'right',
      sorter: byNumber((r) => num(r.winPercent)),
      render: (_, r) => `${formatPercent(r.winPercent)}（${r.proposalsWon}/${r.proposalsDecided}）`,
    },
    {
      key: 'installs',
      title: t('col.installsConfirmed'),
      dataIndex: 'installsConfirmed',
      align: 'right',
      sorter: byNumber((r) => r.installsConfirmed),
    },
    {
      key: 'retention',
      title: t('col.retentionPercent'),
      align: 'right',
      sorter: byNumber((r) => num(r.retentionPercent)),
      render: (_, r) => `${formatPercent(r.retentionPercent)}（${r.retentionLost}/${r.retentionBaseline}）`,
    },
    {
      key: 'target',
      title: t('target.col'),
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text type={r.target ? undefined : 'secondary'} data-testid="kpi-target">
            {r.target ? targetLine(r.target, t) : t('target.none')}
          </Typography.Text>
          {r.canSetTarget && (
            <Typography.Link onClick={() => setTargetFor(r)}>{t('target.set')}</Typography.Link>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ResponsiveContainer width="100%" height={300}>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
          <YAxis yAxisId="count" allowDecimals={false} />
          <YAxis yAxisId="percent" orientation="right" domain={[0, 100]} unit="%" />
          <Tooltip formatter={(v, name, item) => [item.dataKey === 'win' ? percentTip(v) : String(v), name]} />
          <Legend />
          <Bar yAxisId="count" dataKey="visits" name={t('team.visits')} fill={COLORS.visits} />
          <Bar yAxisId="count" dataKey="groupsVisited" name={t('team.groupsVisited')} fill={COLORS.groups} />
          <Bar yAxisId="percent" dataKey="win" name={t('team.win')} fill={COLORS.win} />
          <Bar yAxisId="count" dataKey="installs" name={t('team.installs')} fill={COLORS.installs} />
        </BarChart>
      </ResponsiveContainer>
      <Table
        rowKey={(r) => r.user?.id ?? r.orgUnit?.id ?? r.month}
        size="small"
        pagination={false}
        dataSource={[...rows]}
        columns={columns}
        scroll={{ x: 1300 }}
      />
      {targetFor && (
        <TargetDialog
          row={targetFor}
          onClose={() => setTargetFor(null)}
          onDone={() => {
            setTargetFor(null);
            onTargetsSet();
          }}
        />
      )}
    </Space>
  );
}
