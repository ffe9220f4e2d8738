// A few figures as horizontal bars, one under another, so the chart reads on a phone as on a
// desk: each row its label and its figure (the server's text), then a bar in proportion to the
// largest. Only the bar's width is worked out from a number.
import { Empty, Typography } from 'antd';
import type { ReactNode } from 'react';

export interface BarRow {
  key: string;
  label: ReactNode;
  /** What the bar's length shows (e.g. a count, or an amount read for plotting only). */
  value: number;
  /** The figure as shown beside the label. */
  text: ReactNode;
}

export function Bars({ rows, color = '#1677ff', emptyText, testId }: { rows: readonly BarRow[]; color?: string; emptyText?: ReactNode; testId?: string }) {
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />;
  const top = Math.max(...rows.map((r) => Math.abs(r.value)), 0);
  return (
    <div data-testid={testId}>
      {rows.map((r) => (
        <div key={r.key} style={{ margin: '6px 0' }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: '0 8px', fontSize: 13 }}>
            <span style={{ overflowWrap: 'anywhere', minWidth: 0 }}>{r.label}</span>
            <Typography.Text style={{ fontVariantNumeric: 'tabular-nums', fontSize: 13 }}>{r.text}</Typography.Text>
          </div>
          <div style={{ background: 'rgba(0,0,0,0.04)', borderRadius: 2, marginTop: 2 }}>
            <div
              style={{
                width: `${top > 0 ? (Math.abs(r.value) / top) * 100 : 0}%`,
                minWidth: r.value ? 2 : 0,
                height: 10,
                background: color,
                borderRadius: 2,
              }}
            />
          </div>
        </div>
      ))}
    </div>
  );
}
