// One important information report: what was reported, its photos and documents, who it reached
// and who has read it, the comments, and the moves open to the viewer (send up, close, forward).
// Opening a report sent to you is its read receipt.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Form, Input, List, Result, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { FormModal } from '../../components/FormModal';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../components/format';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  CloseInfoReportDocument,
  CommentInfoReportDocument,
  EscalateInfoReportDocument,
  ForwardChoicesDocument,
  ForwardInfoReportDocument,
  InfoReportDocument,
  type InfoReportFieldsFragment,
  InfoReportFileDocument,
  MarkInfoReportReadDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { FileList } from '../billing/parts';
import { STATUS_COLORS, URGENCY_COLORS } from './parts';
import './i18n';

type Report = InfoReportFieldsFragment;
type Dialog = 'escalate' | 'close' | 'forward' | null;

function Receipts({ report }: { report: Report }) {
  const { t } = useTranslation('reports');
  const label = useEnumLabel();
  return (
    <List
      size="small"
      dataSource={[...report.recipients]}
      renderItem={(r) => (
        <List.Item data-testid="report-receipt">
          <Flex wrap gap={6} align="center" style={{ width: '100%' }}>
            <Typography.Text strong>{r.user?.displayName}</Typography.Text>
            <Tag>{r.level ? label('InfoReportStatus', r.level) : label('InfoRecipientReason', r.reason)}</Tag>
            {r.sentBy && <Typography.Text type="secondary">{t('sentBy', { name: r.sentBy.displayName })}</Typography.Text>}
            <Typography.Text type={r.readAt ? 'success' : 'warning'} style={{ marginLeft: 'auto' }}>
              {r.readAt ? t('read', { at: formatDateTime(r.readAt) }) : t('notRead')}
            </Typography.Text>
            {r.note && (
              <Typography.Paragraph type="secondary" style={{ width: '100%', marginBottom: 0 }}>
                {r.note}
              </Typography.Paragraph>
            )}
          </Flex>
        </List.Item>
      )}
    />
  );
}

function Comments({ report, onChanged }: { report: Report; onChanged: () => void }) {
  const { t } = useTranslation('reports');
  const rules = useFieldRules('reports');
  const [form] = Form.useForm<{ text: string }>();
  const [run, busy] = useAction(CommentInfoReportDocument);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {report.comments.length === 0 ? (
        <Typography.Text type="secondary">{t('noComments')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={[...report.comments]}
          renderItem={(c, i) => (
            <List.Item key={i} data-testid="report-comment">
              <Space orientation="vertical" size={0}>
                <Typography.Text type="secondary">
                  {c.author?.displayName} · {formatDateTime(c.createdAt)}
                </Typography.Text>
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const r = await run({ input: { id: report.id, text: v.text.trim() } }, { form, success: t('commented') });
          if (r?.report) {
            form.resetFields();
            onChanged();
          }
        }}
      >
        <Form.Item name="text" rules={rules.required(1000)} style={{ marginBottom: 8 }}>
          <Input.TextArea rows={2} maxLength={1000} showCount aria-label={t('comment')} />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          {t('comment')}
        </Button>
      </Form>
    </Space>
  );
}

/** Send up, close (each with a note kept as a comment) or forward to people in one's scope. */
function MoveDialog({ report, dialog, onClose, onDone }: { report: Report; dialog: Dialog; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('reports');
  const rules = useFieldRules('reports');
  const [form] = Form.useForm<{ note?: string; userIds?: string[] }>();
  const [escalate, escalating] = useAction(EscalateInfoReportDocument);
  const [close, closing] = useAction(CloseInfoReportDocument);
  const [forward, forwarding] = useAction(ForwardInfoReportDocument);
  const [people] = useQuery({ query: ForwardChoicesDocument, pause: dialog !== 'forward' });
  const had = new Set(report.recipients.map((r) => r.user?.id).concat(report.author?.id));
  const options = (people.data?.users.nodes ?? []).filter((u) => !had.has(u.id)).map((u) => ({ value: u.id, label: u.displayName }));
  const title = dialog === 'forward' ? t('forwardTitle') : dialog === 'close' ? t('closeTitle') : t('escalateTitle');
  return (
    <FormModal<{ note?: string; userIds?: string[] }>
      open={dialog !== null}
      title={title}
      okText={dialog ? t(dialog) : undefined}
      busy={escalating || closing || forwarding}
      form={form}
      onClose={onClose}
      onDone={onDone}
      onSubmit={async (v) => {
        const note = v.note?.trim() || null;
        if (dialog === 'forward') {
          const r = await forward({ input: { id: report.id, userIds: v.userIds ?? [], note } }, { form, success: t('forwarded') });
          return !!r?.report;
        }
        const input = { id: report.id, expectedVersion: report.version, note };
        const r =
          dialog === 'close'
            ? await close({ input }, { form, success: t('closed'), onConflict: onDone })
            : await escalate({ input }, { form, success: t('escalated'), onConflict: onDone });
        return !!r?.report;
      }}
    >
      {dialog === 'forward' && (
        <Form.Item name="userIds" label={t('field.users')} rules={[{ required: true, message: t('common:required') }]}>
          <Select mode="multiple" aria-label={t('field.users')} options={options} loading={people.fetching} maxCount={10} optionFilterProp="label" />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('field.note')} rules={rules.optional(dialog === 'forward' ? 500 : 1000)}>
        <Input.TextArea rows={3} maxLength={dialog === 'forward' ? 500 : 1000} aria-label={t('field.note')} />
      </Form.Item>
    </FormModal>
  );
}

export function ReportPage() {
  const { t } = useTranslation('reports');
  const label = useEnumLabel();
  const id = useParams().id ?? '';
  const client = useClient();
  const [result, reexecute] = useQuery({ query: InfoReportDocument, variables: { id } });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const [markRead] = useAction(MarkInfoReportReadDocument);
  const [dialog, setDialog] = useState<Dialog>(null);
  const node = result.data?.node;
  const report = node && 'title' in node ? (node as Report) : null;
  // Opening a report sent to you is its read receipt (once).
  const marked = useRef<string | null>(null);
  useEffect(() => {
    if (report?.unread && marked.current !== report.id) {
      marked.current = report.id;
      void markRead({ input: { id: report.id } });
    }
  }, [report, markRead]);
  async function load(fileId: string) {
    const r = await client.query(InfoReportFileDocument, { id, fileId }).toPromise();
    const n = r.data?.node;
    return n && 'file' in n ? (n.file ?? null) : null;
  }
  return (
    <div>
      <Link to="/reports">
        <ArrowLeftOutlined /> {t('back')}
      </Link>
      <QueryState result={result} onRetry={refresh}>
        {() => {
          if (!report) return <Result status="404" title={t('notFound')} />;
          const r = report;
          return (
            <Space orientation="vertical" size="middle" style={{ width: '100%', marginTop: 8 }}>
              <div>
                <Typography.Title level={3} style={{ marginBottom: 4, overflowWrap: 'anywhere' }}>
                  {r.title}
                </Typography.Title>
                <Flex wrap gap={6}>
                  <Tag color={URGENCY_COLORS[r.urgency]}>{label('InfoUrgency', r.urgency)}</Tag>
                  <Tag>{label('InfoReportKind', r.kind)}</Tag>
                  <Tag color={STATUS_COLORS[r.status]}>{label('InfoReportStatus', r.status)}</Tag>
                </Flex>
              </div>
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'author', label: t('field.author'), children: `${r.author?.displayName ?? '—'} · ${formatDateTime(r.createdAt)}` },
                  ...(r.groupName
                    ? [
                        {
                          key: 'group',
                          label: t('field.group'),
                          children: r.group ? <Link to={`/groups/${encodeURIComponent(r.group.id)}?tab=reports`}>{r.groupName}</Link> : r.groupName,
                        },
                      ]
                    : []),
                  ...(r.closedAt ? [{ key: 'closed', label: t('field.status'), children: t('closedBy', { name: r.closedBy?.displayName ?? '', at: formatDateTime(r.closedAt) }) }] : []),
                ]}
              />
              <Card size="small">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0, overflowWrap: 'anywhere' }}>{r.text}</Typography.Paragraph>
              </Card>
              {r.files.length > 0 ? <FileList files={r.files} load={load} /> : <Typography.Text type="secondary">{t('files.none')}</Typography.Text>}
              {(r.canEscalate || r.canClose || r.canForward) && (
                <Flex wrap gap={8}>
                  {r.canEscalate && (
                    <Button type="primary" onClick={() => setDialog('escalate')}>
                      {t('escalate')}
                    </Button>
                  )}
                  {r.canClose && <Button onClick={() => setDialog('close')}>{t('close')}</Button>}
                  {r.canForward && <Button onClick={() => setDialog('forward')}>{t('forward')}</Button>}
                </Flex>
              )}
              <Card size="small" title={t('receipts')}>
                <Receipts report={r} />
              </Card>
              <Card size="small" title={t('comments')}>
                <Comments report={r} onChanged={refresh} />
              </Card>
              <MoveDialog
                report={r}
                dialog={dialog}
                onClose={() => setDialog(null)}
                onDone={() => {
                  setDialog(null);
                  refresh();
                }}
              />
            </Space>
          );
        }}
      </QueryState>
    </div>
  );
}
