// 投诉 (rule 13): the complaints the viewer owns or sees, with their reply clocks, the
// registration dialog, and the month's figures by first responder and department.
import { Button, Flex, Input, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { PagedCards } from '../../components/PagedCards';
import { QueryState } from '../../components/QueryState';
import { beijingDate } from '../../components/format';
import {
  ComplaintFiguresDocument,
  type ComplaintFilter,
  ComplaintsDocument,
} from '../../gql/graphql';
import { ComplaintCard, RegisterComplaintDialog } from './parts';
import './i18n';

const TABS = ['mine', 'open', 'all', 'figures'] as const;
type Tab = (typeof TABS)[number];

const FILTERS: Record<Exclude<Tab, 'figures'>, ComplaintFilter> = {
  mine: { mine: true, open: true },
  open: { open: true },
  all: {},
};

export function ComplaintsPage() {
  const { t } = useTranslation('complaints');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'mine';
  const [registering, setRegistering] = useState(false);
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setRegistering(true)}>
          {t('register')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('intro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          const next = new URLSearchParams(params);
          if (k === 'mine') next.delete('tab');
          else next.set('tab', k);
          setParams(next, { replace: true });
        }}
        items={TABS.map((key) => ({
          key,
          label: t(`tabs.${key}`),
          children: key === 'figures' ? <Figures /> : <ComplaintList filter={FILTERS[key]} />,
        }))}
        destroyOnHidden
      />
      <RegisterComplaintDialog
        open={registering}
        onClose={() => setRegistering(false)}
        onDone={(id) => {
          setRegistering(false);
          navigate(`/complaints/${encodeURIComponent(id)}`);
        }}
      />
    </>
  );
}

function ComplaintList({ filter }: { filter: ComplaintFilter }) {
  const { t } = useTranslation('complaints');
  return (
    <PagedCards
      query={ComplaintsDocument}
      args={{ filter }}
      connection={(d) => d.complaints}
      emptyText={t('empty')}
      totalText={(count) => t('total', { count })}
      render={(c) => <ComplaintCard key={c.id} complaint={c} />}
    />
  );
}

function Figures() {
  const { t } = useTranslation('complaints');
  const [month, setMonth] = useState(() => beijingDate().slice(0, 7));
  const [result, reexecute] = useQuery({ query: ComplaintFiguresDocument, variables: { month } });
  return (
    <>
      <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text>{t('figures.month')}</Typography.Text>
        <Input
          type="month"
          aria-label={t('figures.month')}
          value={month}
          onChange={(e) => e.target.value && setMonth(e.target.value)}
          style={{ width: 160 }}
        />
      </Flex>
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => d.complaintFigures.byResponder.length === 0}
        emptyText={t('figures.none')}
      >
        {(d) => (
          <>
            <Typography.Title level={5}>{t('figures.byResponder')}</Typography.Title>
            <FigureTable rows={d.complaintFigures.byResponder} who={(r) => r.user?.displayName} whoTitle={t('figures.who')} />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('figures.byDepartment')}
            </Typography.Title>
            <FigureTable rows={d.complaintFigures.byDepartment} who={(r) => r.department?.name} whoTitle={t('figures.department')} />
          </>
        )}
      </QueryState>
    </>
  );
}

type Row = {
  count: number;
  onTime: number;
  onTimePercent?: string | null;
  escalated: number;
  companyFault: number;
  user?: { displayName: string } | null;
  department?: { name: string } | null;
};

function FigureTable({ rows, who, whoTitle }: { rows: Row[]; who: (r: Row) => string | undefined; whoTitle: string }) {
  const { t } = useTranslation('complaints');
  // Five narrow number columns beside the name: it fits a phone's width without scrolling.
  return (
    <Table<Row>
      size="small"
      pagination={false}
      rowKey={(r) => who(r) ?? ''}
      dataSource={rows}
      columns={[
        { title: whoTitle, key: 'who', render: (_, r) => who(r) ?? '—' },
        { title: t('figures.count'), dataIndex: 'count', align: 'right' },
        { title: t('figures.onTimePercent'), key: 'rate', align: 'right', render: (_, r) => (r.onTimePercent ? `${r.onTimePercent}%` : '—') },
        { title: t('figures.escalated'), dataIndex: 'escalated', align: 'right' },
        { title: t('figures.companyFault'), dataIndex: 'companyFault', align: 'right' },
      ]}
    />
  );
}
