// 工作成果小结: this week's and this month's summary drafted by the system from the records,
// edited, saved and submitted; the list of summaries, and for a head those waiting for a comment.
import { Alert, Button, Card, Form, Input, List, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { formatDateTime } from '../../components/format';
import { FormModal } from '../../components/FormModal';
import { QueryState } from '../../components/QueryState';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  CommentWorkSummaryDocument,
  SaveWorkSummaryDocument,
  SubmitWorkSummaryDocument,
  SummaryDraftDocument,
  type SummaryPeriod,
  type SummaryStatus,
  type WorkSummaryFieldsFragment,
  WorkSummariesDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import './i18n';

const STATUS_COLORS: Record<SummaryStatus, string> = { DRAFT: 'default', SUBMITTED: 'blue', COMMENTED: 'green' };

function Recorded({ rows, done, total }: { rows: { kind: string; count: number }[]; done: number; total: number }) {
  const { t } = useTranslation('summaries');
  const label = useEnumLabel();
  return (
    <Space size={[6, 6]} wrap>
      <Typography.Text type="secondary">{t('recorded')}</Typography.Text>
      {rows.map((r) => (
        <Tag key={r.kind}>
          {label('LogKind', r.kind)} {r.count}
        </Tag>
      ))}
      <Tag color="blue">{t('plan', { done, total })}</Tag>
    </Space>
  );
}

/** This week's or this month's summary: the draft to edit, or the one saved. */
function Current({ period }: { period: SummaryPeriod }) {
  const { t } = useTranslation('summaries');
  const label = useEnumLabel();
  const rules = useFieldRules('summaries');
  const [result, reexecute] = useQuery({ query: SummaryDraftDocument, variables: { period }, requestPolicy: 'cache-and-network' });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const [save, saving] = useAction(SaveWorkSummaryDocument);
  const [submit, submitting] = useAction(SubmitWorkSummaryDocument);
  const [form] = Form.useForm<{ text: string }>();
  const d = result.data?.summaryDraft;
  const saved = d?.saved ?? null;
  useEffect(() => {
    if (d) form.setFieldsValue({ text: saved?.text ?? d.text });
  }, [d, saved, form]);
  const editable = !saved || saved.status === 'DRAFT';
  const store = (text: string) =>
    save({ input: { period, text, expectedVersion: saved?.version ?? null } }, { form, success: t('saved'), onConflict: refresh }).then(
      (r) => {
        refresh();
        return r;
      },
    );
  return (
    <QueryState result={result} onRetry={refresh}>
      {(data) => {
        const x = data.summaryDraft;
        return (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{t('period', { from: x.startsOn, to: x.endsOn })}</Typography.Text>
              {saved && <Tag color={STATUS_COLORS[saved.status]}>{label('SummaryStatus', saved.status)}</Tag>}
            </Space>
            {/* A draft's figures follow the records until it is submitted; then they are the ones sent. */}
            {editable ? (
              <Recorded rows={x.recorded} done={x.planDone} total={x.planTotal} />
            ) : (
              <Recorded rows={saved!.recorded} done={saved!.planDone} total={saved!.planTotal} />
            )}
            {!editable && <Alert type="info" showIcon title={t('readOnly')} />}
            <Form form={form} layout="vertical" initialValues={{ text: saved?.text ?? x.text }} onFinish={(v) => store(v.text)}>
              <Form.Item name="text" label={t('text')} rules={rules.required(8000)}>
                <Input.TextArea rows={12} maxLength={8000} showCount disabled={!editable} aria-label={t('text')} />
              </Form.Item>
              {editable && (
                <Space wrap>
                  <Button onClick={() => form.setFieldsValue({ text: x.text })}>{t('redraft')}</Button>
                  <Button htmlType="submit" loading={saving}>
                    {t('save')}
                  </Button>
                  <Button
                    type="primary"
                    loading={submitting || saving}
                    onClick={async () => {
                      const v = await form.validateFields().catch(() => null);
                      if (!v) return;
                      const kept = await store(v.text);
                      if (!kept) return;
                      await submit({ input: { id: kept.summary!.id, expectedVersion: kept.summary!.version } }, { success: t('submitted') });
                      refresh();
                    }}
                  >
                    {t('submit')}
                  </Button>
                </Space>
              )}
            </Form>
            {saved?.comment && (
              <Card size="small" title={t('headComment')}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{saved.comment}</Typography.Paragraph>
                <Typography.Text type="secondary">
                  {saved.commentedBy?.displayName} · {formatDateTime(saved.commentedAt)}
                </Typography.Text>
              </Card>
            )}
          </Space>
        );
      }}
    </QueryState>
  );
}

/** Summaries seen: one's own and, for a head, the team's, with the comment action. */
function SummaryList() {
  const { t } = useTranslation('summaries');
  const label = useEnumLabel();
  const rules = useFieldRules('summaries');
  const [status, setStatus] = useState<SummaryStatus | null>(null);
  const variables = useMemo(() => ({ status, first: 50 }), [status]);
  const [result, reexecute] = useQuery({ query: WorkSummariesDocument, variables, requestPolicy: 'cache-and-network' });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const [commentOn, setCommentOn] = useState<WorkSummaryFieldsFragment | null>(null);
  const [comment, commenting] = useAction(CommentWorkSummaryDocument);
  const [form] = Form.useForm<{ comment: string }>();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Tabs
        size="small"
        activeKey={status ?? 'ALL'}
        onChange={(k) => setStatus(k === 'ALL' ? null : (k as SummaryStatus))}
        items={[
          { key: 'ALL', label: t('all') },
          { key: 'SUBMITTED', label: t('waiting') },
        ]}
      />
      <QueryState result={result} onRetry={refresh} isEmpty={(d) => d.workSummaries.nodes.length === 0} emptyText={t('empty')}>
        {(d) => (
          <List
            dataSource={d.workSummaries.nodes}
            renderItem={(s) => (
              <List.Item
                data-testid="summary-row"
                actions={
                  s.canComment
                    ? [
                        <Button key="comment" size="small" type="primary" onClick={() => setCommentOn(s)}>
                          {t('comment')}
                        </Button>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={
                    <Space size={6} wrap>
                      {s.user?.displayName}
                      <Tag>{label('SummaryPeriod', s.period)}</Tag>
                      {t('period', { from: s.startsOn, to: s.endsOn })}
                      <Tag color={STATUS_COLORS[s.status]}>{label('SummaryStatus', s.status)}</Tag>
                    </Space>
                  }
                  description={
                    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                      <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                        {s.text}
                      </Typography.Paragraph>
                      {s.comment && (
                        <Typography.Text>
                          {t('headComment')}
                          {t('common:sep')}
                          {s.comment}
                        </Typography.Text>
                      )}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </QueryState>
      <FormModal<{ comment: string }>
        open={commentOn !== null}
        title={t('commentTitle', { name: commentOn?.user?.displayName ?? '' })}
        okText={t('comment')}
        busy={commenting}
        form={form}
        intro={commentOn && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{commentOn.text}</Typography.Paragraph>}
        onSubmit={(v) =>
          commentOn
            ? comment(
                { input: { id: commentOn.id, expectedVersion: commentOn.version, comment: v.comment } },
                { form, success: t('commented'), onConflict: refresh },
              ).then((r) => {
                refresh();
                return !!r;
              })
            : Promise.resolve(false)
        }
        onClose={() => setCommentOn(null)}
      >
        <Form.Item name="comment" label={t('comment')} rules={rules.required(1000)}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </FormModal>
    </Space>
  );
}

export function SummariesPage() {
  const { t } = useTranslation('summaries');
  return (
    <>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'week', label: t('tabs.week'), children: <Current period="WEEK" /> },
          { key: 'month', label: t('tabs.month'), children: <Current period="MONTH" /> },
          { key: 'list', label: t('tabs.list'), children: <SummaryList /> },
        ]}
      />
    </>
  );
}
