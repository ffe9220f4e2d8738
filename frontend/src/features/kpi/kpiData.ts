// Pure shaping of the KPI figures: the CSV export, the chart series and the small display
// helpers. Figures stay the server's strings everywhere except the charts' plotted numbers.
import type { KpiRowFragment, Stage, VisitMethod } from '../../gql/graphql';

export type Cell = string | number | null | undefined;

/** One CSV field: empty for a missing value, quoted when it holds a comma, quote or line break. */
export function csvCell(v: Cell): string {
  if (v == null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A CSV file's text: a byte-order mark (so Excel reads UTF-8), the header row, then the rows,
 * each line ended by CRLF.
 */
export function buildCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Visit methods in the order the visit card lists them. */
export const METHODS: VisitMethod[] = ['ONSITE', 'PHONE', 'SMS', 'EVENT'];

/** The methods of these rows: the card's four, then any other the server reports. */
export function methodsOf(rows: readonly Pick<KpiRowFragment, 'visitsByMethod'>[]): VisitMethod[] {
  const out = [...METHODS];
  for (const r of rows) for (const m of r.visitsByMethod) if (!out.includes(m.method)) out.push(m.method);
  return out;
}

/** Visits made by `method` (0 when the server lists none). */
export function methodCount(row: Pick<KpiRowFragment, 'visitsByMethod'>, method: VisitMethod): number {
  return row.visitsByMethod.find((m) => m.method === method)?.count ?? 0;
}

/** Whose figures a row holds: the manager, else the department, branch or company. */
export function scopeName(row: Pick<KpiRowFragment, 'user' | 'orgUnit'>): string {
  return row.user?.displayName ?? row.orgUnit?.name ?? '';
}

/** The columns of the KPI table and its CSV, after the month, the scope and the visits by method. */
export const KPI_FIGURES = [
  'visits',
  'workingDays',
  'visitsPerWorkingDay',
  'calls',
  'groupsVisited',
  'portfolio',
  'newGroups',
  'proposalsDue',
  'proposalsOnTime',
  'onTimePercent',
  'approvalsDecided',
  'medianApprovalHours',
  'proposalsDecided',
  'proposalsWon',
  'winPercent',
  'installsConfirmed',
  'retentionBaseline',
  'retentionLost',
  'retentionPercent',
] as const satisfies readonly (keyof KpiRowFragment)[];

export type KpiFigure = (typeof KPI_FIGURES)[number];

export interface CsvLabels {
  /** Header of a column: `month`, `scope` or a figure's name. */
  column: (key: 'month' | 'scope' | KpiFigure) => string;
  /** Header of the visits-by-method column of `method`. */
  method: (method: VisitMethod) => string;
}

/**
 * The KPI rows as CSV, headers in the UI's language: month, scope, each figure (decimals and
 * percents exactly as the server wrote them; an empty cell where a percent is undefined), then
 * the visits by method.
 */
export function kpiCsv(rows: readonly KpiRowFragment[], labels: CsvLabels): string {
  const methods = methodsOf(rows);
  const header = [
    labels.column('month'),
    labels.column('scope'),
    ...KPI_FIGURES.map((k) => labels.column(k)),
    ...methods.map((m) => labels.method(m)),
  ];
  const body = rows.map((r) => [
    r.month,
    scopeName(r),
    ...KPI_FIGURES.map((k) => r[k]),
    ...methods.map((m) => methodCount(r, m)),
  ]);
  return buildCsv(header, body);
}

/** A decimal string as a plotted number; null (a gap in the chart) when undefined. */
export function plotted(v: string | null | undefined): number | null {
  if (v == null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export interface TrendPoint {
  month: string;
  visits: number;
  onTime: number | null;
  win: number | null;
  retention: number | null;
}

/** The trend chart's points, oldest month first; an undefined percent is a gap, not a zero. */
export function trendSeries(
  rows: readonly Pick<KpiRowFragment, 'month' | 'visits' | 'onTimePercent' | 'winPercent' | 'retentionPercent'>[],
): TrendPoint[] {
  return [...rows]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((r) => ({
      month: r.month,
      visits: r.visits,
      onTime: plotted(r.onTimePercent),
      win: plotted(r.winPercent),
      retention: plotted(r.retentionPercent),
    }));
}

export interface TeamPoint {
  id: string;
  name: string;
  visits: number;
  groupsVisited: number;
  win: number | null;
  installs: number;
}

/** The team comparison's bars, one per manager, in the server's order. */
export function teamSeries(rows: readonly KpiRowFragment[]): TeamPoint[] {
  return rows.map((r, i) => ({
    id: r.user?.id ?? r.orgUnit?.id ?? String(i),
    name: scopeName(r),
    visits: r.visits,
    groupsVisited: r.groupsVisited,
    win: plotted(r.winPercent),
    installs: r.installsConfirmed,
  }));
}

/** `"87.50"` → `87.50%`; an undefined percent (nothing to measure) → `—`. */
export function formatPercent(v: string | null | undefined): string {
  return v == null || v === '' ? '—' : `${v}%`;
}

/**
 * The sum of decimal strings, exact (scaled integers, never floats): the pipeline's total value.
 */
export function sumDecimals(values: readonly string[]): string {
  const parsed = values.map((v) => {
    const s = v.trim();
    const negative = s.startsWith('-');
    const [i, f = ''] = (negative || s.startsWith('+') ? s.slice(1) : s).split('.');
    return { negative, int: i || '0', frac: f };
  });
  const scale = Math.max(2, ...parsed.map((p) => p.frac.length));
  let total = 0n;
  for (const p of parsed) {
    const n = BigInt(p.int + p.frac.padEnd(scale, '0'));
    total += p.negative ? -n : n;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export interface PipelineBar {
  stage: Stage;
  label: string;
  count: number;
  value: number;
  exact: string;
}

/** The pipeline chart's bars in board order, labelled in the UI's language. */
export function pipelineBars(
  stages: readonly { stage: Stage; count: number; value: string }[],
  label: (stage: Stage) => string,
): PipelineBar[] {
  return stages.map((s) => ({
    stage: s.stage,
    label: label(s.stage),
    count: s.count,
    value: plotted(s.value) ?? 0,
    exact: s.value,
  }));
}
