// 走访达标: one group's cadence as the table shows it.
import type { CadenceRowFragment } from '../../gql/graphql';

export interface CadenceCells {
  /** Calls this month, `done / required`. */
  calls: string;
  /** Calls still to make this month (0 when met). */
  callsMissing: number;
  /** Onsite visits in the period, `done / required`. */
  onsite: string;
  /** Onsite visits still to make in the period (0 when met). */
  onsiteMissing: number;
  /** The onsite period's days, `2026-10-01 ~ 2026-12-31` (both inclusive). */
  period: string;
}

type Counts = Pick<
  CadenceRowFragment,
  'callsDone' | 'callsRequired' | 'onsiteDone' | 'onsiteRequired' | 'onsitePeriodStart' | 'onsitePeriodEnd'
>;

export function cadenceCells(s: Counts): CadenceCells {
  return {
    calls: `${s.callsDone} / ${s.callsRequired}`,
    callsMissing: Math.max(0, s.callsRequired - s.callsDone),
    onsite: `${s.onsiteDone} / ${s.onsiteRequired}`,
    onsiteMissing: Math.max(0, s.onsiteRequired - s.onsiteDone),
    period: s.onsitePeriodStart === s.onsitePeriodEnd ? s.onsitePeriodStart : `${s.onsitePeriodStart} ~ ${s.onsitePeriodEnd}`,
  };
}

/** How many rows are behind, and the month they are counted for (the first row's). */
export function cadenceSummary(rows: readonly Pick<CadenceRowFragment, 'compliant' | 'month'>[]) {
  return { total: rows.length, behind: rows.filter((r) => !r.compliant).length, month: rows[0]?.month ?? null };
}
