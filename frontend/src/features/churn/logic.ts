// 离网预警 and 集团保有分析报告: small display helpers.

/** A percentage the server sends as a decimal string (`"35.50"`), shown as `35.50%`; `—` when absent. */
export function formatPercent(value: string | null | undefined): string {
  if (value == null || value.trim() === '') return '—';
  return `${value.trim()}%`;
}

/** The retention analysis report page of a group. */
export function retentionPath(groupId: string): string {
  return `/groups/${encodeURIComponent(groupId)}/retention`;
}
