// The key monitored groups report as lines and as CSV, apart from the screen.
import type { MonitoredGroupsQuery } from '../../gql/graphql';
import { formatDateTime } from '../../components/format';
import { buildCsv } from '../kpi/kpiData';

export type Row = MonitoredGroupsQuery['monitoredGroups'][number];

/**
 * A group's warnings in one line: per kind, how many and the latest one's month and drop (the
 * warnings come newest first).
 */
export function warningsLine(
  r: Row,
  say: (kind: string, count: number, month: string, percent: string) => string,
  none: string,
): string {
  const kinds = [...new Set(r.warnings.map((w) => w.kind))];
  return kinds.length
    ? kinds
        .map((k) => {
          const of = r.warnings.filter((w) => w.kind === k);
          return say(k, of.length, of[0].month, of[0].dropPercent);
        })
        .join('；')
    : none;
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
