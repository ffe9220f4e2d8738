// Figures of the approver's customer panel.

/**
 * The revenue change over the trend: from its first month with revenue to its last month, in
 * percent to one decimal; `null` when there is nothing to compare.
 */
export function revenueChange(trend: readonly { month: string; revenue: string }[]): { from: string; percent: number } | null {
  const first = trend.find((m) => Number(m.revenue) > 0);
  const last = trend.at(-1);
  if (!first || !last || first === last) return null;
  const from = Number(first.revenue);
  return { from: first.month, percent: Math.round(((Number(last.revenue) - from) / from) * 1000) / 10 };
}
