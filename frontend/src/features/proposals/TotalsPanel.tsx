// The proposal's totals: the live estimate (priced in the browser) beside the saved figures
// (the server's, authoritative); a figure that differs is highlighted.
import { Alert, Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Money } from '../../components/Money';
import type { ProposalVersionFieldsFragment } from '../../gql/graphql';
import type { Totals } from './pricing';
import { sameValue } from './versionDiff';

type TotalKey =
  | 'listMonthly'
  | 'monthlyTotal'
  | 'discountMonthly'
  | 'oneOffTotal'
  | 'listTermTotal'
  | 'termTotal'
  | 'discountTerm'
  | 'discountPercent'
  | 'maxLineDiscountPercent';

const ROWS: { key: TotalKey; money: boolean; strong?: boolean }[] = [
  { key: 'listMonthly', money: true },
  { key: 'monthlyTotal', money: true, strong: true },
  { key: 'discountMonthly', money: true, strong: true },
  { key: 'oneOffTotal', money: true },
  { key: 'listTermTotal', money: true },
  { key: 'termTotal', money: true, strong: true },
  { key: 'discountTerm', money: true },
  { key: 'discountPercent', money: false },
  { key: 'maxLineDiscountPercent', money: false, strong: true },
];

type Saved = Pick<ProposalVersionFieldsFragment, TotalKey>;

export function TotalsPanel({
  live,
  saved,
  dirty,
  invalidCount = 0,
}: {
  live?: Totals | null;
  saved?: Saved | null;
  dirty?: boolean;
  invalidCount?: number;
}) {
  const { t } = useTranslation('proposals');
  const show = (v: string | undefined, money: boolean, strong: boolean | undefined, testId: string) => (
    <span data-testid={testId}>
      {v == null ? '—' : money ? <Money value={v} strong={strong} /> : <span style={{ fontWeight: strong ? 600 : undefined }}>{v}%</span>}
    </span>
  );
  const data = ROWS.map((r) => {
    const l = live?.[r.key];
    const s = saved?.[r.key];
    return { ...r, live: l, saved: s, differs: l != null && s != null && !sameValue(l, s) };
  });
  return (
    <Card size="small" title={t('totals.title')} data-testid="proposal-totals">
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={data}
        columns={[
          { key: 'label', render: (_, r) => t(`totals.${r.key}`) },
          ...(live
            ? [
                {
                  key: 'live',
                  title: t('totals.live'),
                  align: 'right' as const,
                  onCell: (r: (typeof data)[number]) => ({
                    style: r.differs ? { background: '#fffbe6' } : undefined,
                  }),
                  render: (_: unknown, r: (typeof data)[number]) => show(r.live, r.money, r.strong, `live-${r.key}`),
                },
              ]
            : []),
          ...(saved
            ? [
                {
                  key: 'saved',
                  title: t('totals.saved'),
                  align: 'right' as const,
                  render: (_: unknown, r: (typeof data)[number]) => show(r.saved, r.money, r.strong, `saved-${r.key}`),
                },
              ]
            : []),
        ]}
      />
      {invalidCount > 0 && (
        <Typography.Text type="danger" style={{ display: 'block', marginTop: 8 }}>
          {t('totals.invalidLines', { count: invalidCount })}
        </Typography.Text>
      )}
      {dirty && saved && <Alert type="warning" showIcon title={t('totals.unsaved')} style={{ marginTop: 8 }} />}
    </Card>
  );
}
