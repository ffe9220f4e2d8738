// A competition report as a card (with the head's review button), the filing dialog and the
// group's list; the page of all reports for heads.
import { Button, Card, Descriptions, Flex, Form, Input, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { FormModal } from '../../components/FormModal';
import { PagedCards } from '../../components/PagedCards';
import { QueryState } from '../../components/QueryState';
import { beijingDate, formatDateTime } from '../../components/format';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  CompetitionByMonthDocument,
  type CompetitionReportFieldsFragment,
  CompetitionReportsDocument,
  type CompetitionReportStatus,
  FileCompetitionReportDocument,
  GroupCompetitionDocument,
  ReviewCompetitionReportDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import './i18n';

export function ReportCard({ report: r, onChanged }: { report: CompetitionReportFieldsFragment; onChanged: () => void }) {
  const { t } = useTranslation('competition');
  const label = useEnumLabel();
  const [reviewing, setReviewing] = useState(false);
  return (
    <Card size="small" data-testid="competition-card" style={{ marginBottom: 8 }}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 4 }}>
        <Typography.Text strong>{r.competitor}</Typography.Text>
        <Tag color={r.status === 'SUBMITTED' ? 'orange' : 'green'}>{label('CompetitionReportStatus', r.status)}</Tag>
        {r.group && <Link to={`/groups/${encodeURIComponent(r.group.id)}?tab=competition`}>{r.group.name}</Link>}
        {r.canReview && (
          <Button size="small" type="primary" onClick={() => setReviewing(true)}>
            {t('review')}
          </Button>
        )}
      </Flex>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'offer', label: t('field.offer'), children: r.offer },
          { key: 'affected', label: t('field.affected'), children: r.affected },
          { key: 'measures', label: t('field.countermeasures'), children: r.countermeasures },
          ...(r.supportNeeded ? [{ key: 'support', label: t('field.supportNeeded'), children: r.supportNeeded }] : []),
          { key: 'author', label: t('field.author'), children: `${r.author?.displayName ?? '—'} · ${formatDateTime(r.createdAt)}` },
          ...(r.reviewComment
            ? [{ key: 'comment', label: t('field.comment'), children: `${r.reviewComment}（${r.reviewedBy?.displayName ?? ''} · ${formatDateTime(r.reviewedAt)}）` }]
            : []),
        ]}
      />
      <ReviewDialog
        report={reviewing ? r : null}
        onClose={() => setReviewing(false)}
        onDone={() => {
          setReviewing(false);
          onChanged();
        }}
      />
    </Card>
  );
}

function ReviewDialog({ report, onClose, onDone }: { report: CompetitionReportFieldsFragment | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('competition');
  const rules = useFieldRules('competition');
  const [form] = Form.useForm<{ comment: string }>();
  const [run, busy] = useAction(ReviewCompetitionReportDocument);
  return (
    <FormModal<{ comment: string }>
      open={!!report}
      title={t('review')}
      form={form}
      busy={busy}
      onClose={onClose}
      onDone={onDone}
      onSubmit={async (v) => {
        if (!report) return false;
        const r = await run({ input: { id: report.id, expectedVersion: report.version, comment: v.comment.trim() } }, { form, success: t('reviewed') });
        return !!r?.report;
      }}
    >
      <Form.Item name="comment" label={t('field.comment')} rules={rules.required(1000)}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

interface FileValues {
  competitor: string;
  offer: string;
  affected: string;
  countermeasures: string;
  supportNeeded?: string;
}

/** The group's reports, with the manager's button to file one. */
export function GroupCompetition({ groupId, writable }: { groupId: string; writable: boolean }) {
  const { t } = useTranslation('competition');
  const rules = useFieldRules('competition');
  const [filing, setFiling] = useState(false);
  const [form] = Form.useForm<FileValues>();
  const [run, busy] = useAction(FileCompetitionReportDocument);
  const [result, reexecute] = useQuery({ query: GroupCompetitionDocument, variables: { id: groupId } });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  const rows = (d: typeof result.data): CompetitionReportFieldsFragment[] =>
    d?.node && 'competitionReports' in d.node ? (d.node.competitionReports as CompetitionReportFieldsFragment[]) : [];
  return (
    <>
      {writable && (
        <Button type="primary" onClick={() => setFiling(true)} style={{ marginBottom: 12 }}>
          {t('file')}
        </Button>
      )}
      <QueryState result={result} onRetry={refetch} isEmpty={(d) => rows(d).length === 0} emptyText={t('empty')}>
        {(d) => rows(d).map((r) => <ReportCard key={r.id} report={r} onChanged={refetch} />)}
      </QueryState>
      <FormModal<FileValues>
        open={filing}
        title={t('file')}
        form={form}
        busy={busy}
        onClose={() => setFiling(false)}
        onDone={() => {
          setFiling(false);
          refetch();
        }}
        onSubmit={async (v) => {
          const r = await run(
            {
              input: {
                groupId,
                competitor: v.competitor.trim(),
                offer: v.offer.trim(),
                affected: v.affected.trim(),
                countermeasures: v.countermeasures.trim(),
                supportNeeded: v.supportNeeded?.trim() || null,
              },
            },
            { form, success: t('filed') },
          );
          return !!r?.report;
        }}
      >
        <Form.Item name="competitor" label={t('field.competitor')} rules={rules.required(100)}>
          <Input />
        </Form.Item>
        <Form.Item name="offer" label={t('field.offer')} rules={rules.required(1000)}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="affected" label={t('field.affected')} rules={rules.required(1000)}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="countermeasures" label={t('field.countermeasures')} rules={rules.required(2000)}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="supportNeeded" label={t('field.supportNeeded')} rules={rules.optional(1000)}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </FormModal>
    </>
  );
}

function monthsBack(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const idx = y * 12 + (m - 1) - n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** All reports in the viewer's scope: those waiting for review first; the count by month. */
export function CompetitionPage() {
  const { t } = useTranslation('competition');
  const [tab, setTab] = useState<'waiting' | 'all'>('waiting');
  const [version, setVersion] = useState(0);
  const to = beijingDate().slice(0, 7);
  const [months] = useQuery({ query: CompetitionByMonthDocument, variables: { from: monthsBack(to, 5), to } });
  const filter: CompetitionReportStatus | null = tab === 'waiting' ? 'SUBMITTED' : null;
  return (
    <>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {months.data && (
        <Flex wrap gap={8} style={{ marginBottom: 12 }} aria-label={t('byMonth')}>
          <Typography.Text type="secondary">{t('byMonth')}
            {t('common:sep')}
          </Typography.Text>
          {months.data.competitionReportsByMonth.map((m) => (
            <Tag key={m.month}>
              {m.month} · {m.count}
            </Tag>
          ))}
        </Flex>
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'waiting' | 'all')}
        items={(['waiting', 'all'] as const).map((key) => ({
          key,
          label: t(`tabs.${key}`),
          children: (
            <PagedCards
              key={version}
              query={CompetitionReportsDocument}
              args={{ filter }}
              connection={(d) => d.competitionReports}
              emptyText={t('empty')}
              totalText={(count) => t('total', { count })}
              render={(r) => <ReportCard key={r.id} report={r} onChanged={() => setVersion((v) => v + 1)} />}
            />
          ),
        }))}
        destroyOnHidden
      />
    </>
  );
}
