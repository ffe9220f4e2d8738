// The key monitored groups report as lines and as CSV, apart from the screen.
import type { MonitoredGroupsQuery } from '../../gql/graphql';
import { formatDateTime } from '../../components/format';
import { buildCsv } from '../kpi/kpiData';

export type Row = MonitoredGroupsQuery['monitoredGroups'][number];

/** A group's warnings in one line, each with its kind, month and drop. */
export function warningsLine(r: Row, say: (kind: string, month: string, percent: string) => string, none: string): string {
  return r.warnings.length ? r.warnings.map((w) => say(w.kind, w.month, w.dropPercent)).join('；') : none;
}

export interface Labels {
  column: (key: string) => string;
  handling: (h: Row['handling']) => string;
  status: (s: Row['group']['status']) => string;
  warnings: (r: Row) => string;
  never: string;
}

/** The report as CSV, in the order shown. */
export function monitorCsv(rows: readonly Row[], l: Labels): string {
  const keys = ['group', 'code', 'owner', 'status', 'warnings', 'handling', 'tasks', 'retention', 'complaints', 'lastContact'];
  return buildCsv(
    keys.map(l.column),
    rows.map((r) => [
      r.group.name,
      r.group.code,
      r.group.owner?.displayName ?? '',
      l.status(r.group.status),
      l.warnings(r),
      l.handling(r.handling),
      `${r.openTasks}/${r.doneTasks}`,
      r.openRetention,
      r.openComplaints,
      r.lastContactAt ? formatDateTime(r.lastContactAt) : l.never,
    ]),
  );
}
