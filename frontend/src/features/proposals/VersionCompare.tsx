// Version history side by side (方案版本对比): pick two versions; their lines and totals in two
// columns, what differs highlighted.
import { Card, Col, Empty, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import { Money } from '../../components/Money';
import type { ProposalVersionFieldsFragment } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { type LineField, type LineRow, diffVersions } from './versionDiff';

const CHANGED = { background: '#fffbe6' };
const ADDED = { background: '#f6ffed' };
const REMOVED = { background: '#fff1f0' };
const ABSENT = { background: '#fafafa', color: '#bfbfbf' };

export function VersionCompare({ versions }: { versions: readonly ProposalVersionFieldsFragment[] }) {
  const { t } = useTranslation('proposals');
  const sorted = useMemo(() => [...versions].sort((a, b) => a.number - b.number), [versions]);
  const last = sorted[sorted.length - 1]?.number;
  const [leftNo, setLeftNo] = useState<number | undefined>(sorted.length > 1 ? sorted[sorted.length - 2].number : last);
  const [rightNo, setRightNo] = useState<number | undefined>(last);
  if (sorted.length < 2) return <Empty description={t('versions.onlyOne')} />;
  const left = sorted.find((v) => v.number === leftNo) ?? sorted[0];
  const right = sorted.find((v) => v.number === rightNo) ?? sorted[sorted.length - 1];
  const diff = diffVersions(left, right);
  const options = sorted.map((v) => ({
    value: v.number,
    label: `${t('versionN', { n: v.number })} · ${formatDateTime(v.createdAt)}${v.locked ? ` · ${t('detail.locked')}` : ''}`,
  }));

  return (
    <div data-testid="version-compare">
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('versions.left')}</span>
        <Select aria-label={t('versions.left')} style={{ width: 340 }} value={left.number} options={options} onChange={setLeftNo} />
        <span>{t('versions.right')}</span>
        <Select aria-label={t('versions.right')} style={{ width: 340 }} value={right.number} options={options} onChange={setRightNo} />
        {diff.same && <Tag color="green">{t('versions.same')}</Tag>}
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <VersionColumn version={left} rows={diff.rows} side="left" />
        </Col>
        <Col xs={24} lg={12}>
          <VersionColumn version={right} rows={diff.rows} side="right" />
        </Col>
      </Row>
      <Card size="small" title={t('versions.totals')} style={{ marginTop: 16 }}>
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={diff.totals}
          columns={[
            { key: 'f', title: t('versions.field'), render: (_, r) => t(`totals.${r.field}`) },
            {
              key: 'l',
              title: t('versionN', { n: left.number }),
              align: 'right',
              onCell: (r) => ({ style: r.changed ? CHANGED : undefined }),
              render: (_, r) => (r.field.endsWith('Percent') ? `${r.left}%` : <Money value={r.left} />),
            },
            {
              key: 'r',
              title: t('versionN', { n: right.number }),
              align: 'right',
              onCell: (r) => ({ style: r.changed ? CHANGED : undefined }),
              render: (_, r) => (r.field.endsWith('Percent') ? `${r.right}%` : <Money value={r.right} />),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('versions.texts')} style={{ marginTop: 16 }}>
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={diff.texts}
          columns={[
            {
              key: 'f',
              title: t('versions.field'),
              width: 120,
              render: (_, r) => t(r.field === 'title' ? 'builder.title' : `builder.${r.field}`),
            },
            {
              key: 'l',
              title: t('versionN', { n: left.number }),
              onCell: (r) => ({ style: r.changed ? CHANGED : undefined }),
              render: (_, r) => <span style={{ whiteSpace: 'pre-wrap' }}>{r.left ?? '—'}</span>,
            },
            {
              key: 'r',
              title: t('versionN', { n: right.number }),
              onCell: (r) => ({ style: r.changed ? CHANGED : undefined }),
              render: (_, r) => <span style={{ whiteSpace: 'pre-wrap' }}>{r.right ?? '—'}</span>,
            },
          ]}
        />
      </Card>
    </div>
  );
}

function VersionColumn({
  version,
  rows,
  side,
}: {
  version: ProposalVersionFieldsFragment;
  rows: LineRow[];
  side: 'left' | 'right';
}) {
  const { t } = useTranslation('proposals');
  const label = useEnumLabel();
  // Every row on both sides, so that the two columns line up; a line this side lacks is left blank.
  const cell = (r: LineRow, f: LineField | LineField[]) => {
    const fields = Array.isArray(f) ? f : [f];
    if (!(side === 'left' ? r.left : r.right)) return { style: ABSENT };
    if (r.kind === 'added') return { style: ADDED };
    if (r.kind === 'removed') return { style: REMOVED };
    return { style: fields.some((x) => r.changed.includes(x)) ? CHANGED : undefined };
  };
  return (
    <Card
      size="small"
      title={
        <Space>
          <span>{t('versionN', { n: version.number })}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {version.createdBy?.displayName} · {formatDateTime(version.createdAt)}
          </Typography.Text>
        </Space>
      }
    >
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => `${r.kind}-${r.left?.position ?? ''}-${r.right?.position ?? ''}`}
        dataSource={rows}
        scroll={{ x: 560 }}
        columns={[
          {
            key: 'product',
            title: t('builder.product'),
            onCell: (r) => cell(r, []),
            render: (_, r) => {
              const l = side === 'left' ? r.left : r.right;
              if (!l) return '—';
              return (
                <Space size={4} wrap>
                  <span>{l?.product?.name ?? '—'}</span>
                  {r.kind === 'added' && <Tag color="green">{t('versions.added')}</Tag>}
                  {r.kind === 'removed' && <Tag color="red">{t('versions.removed')}</Tag>}
                </Space>
              );
            },
          },
          {
            key: 'qty',
            title: t('builder.quantity'),
            align: 'right',
            onCell: (r) => cell(r, 'quantity'),
            render: (_, r) => (side === 'left' ? r.left : r.right)?.quantity ?? '—',
          },
          {
            key: 'term',
            title: t('builder.termMonths'),
            align: 'right',
            onCell: (r) => cell(r, 'termMonths'),
            render: (_, r) => {
              const l = side === 'left' ? r.left : r.right;
              if (!l) return '—';
              return l.termMonths ? l.termMonths : t('builder.oneOff');
            },
          },
          {
            key: 'discount',
            title: t('builder.discountValue'),
            onCell: (r) => cell(r, ['discountKind', 'discountPercent', 'discountAmount']),
            render: (_, r) => {
              const l = side === 'left' ? r.left : r.right;
              if (!l) return '—';
              if (l.discountKind === 'NONE') return label('DiscountKind', 'NONE');
              return l.discountKind === 'PERCENT' ? `${l.discountPercent}%` : <Money value={l.discountAmount} />;
            },
          },
          {
            key: 'net',
            title: t('builder.netUnitPrice'),
            align: 'right',
            onCell: (r) => cell(r, ['netUnitPrice', 'unitPrice']),
            render: (_, r) => <Money value={(side === 'left' ? r.left : r.right)?.netUnitPrice ?? null} />,
          },
          {
            key: 'total',
            title: t('builder.netTotal'),
            align: 'right',
            onCell: (r) => cell(r, 'netTotal'),
            render: (_, r) => <Money value={(side === 'left' ? r.left : r.right)?.netTotal} />,
          },
        ]}
      />
    </Card>
  );
}
