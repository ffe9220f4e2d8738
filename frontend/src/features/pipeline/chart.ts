/** Chart rows from the board's stages: value in yuan as a number (display only; the board shows exact strings). */
export function chartRows(stages: { stage: string; label: string; value: string; count: number }[]) {
  return stages.map((s) => ({ stage: s.stage, label: s.label, value: Number(s.value), count: s.count }));
}
