// 工作日志: a day's log (what was recorded, the plan, the notes, the head's comments), and for a
// head the team's month with the review. Laid out as lists so a phone reads it without scrolling sideways.
import { Button, Card, Form, Input, List, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { useSession } from '../../auth/session';
import { beijingDate, formatDateTime } from '../../components/format';
import { FormModal } from '../../components/FormModal';
import { QueryState } from '../../components/QueryState';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  CommentWorkLogDocument,
  type Role,
  SaveWorkLogNotesDocument,
  TeamWorkLogsDocument,
  type WorkLogCommentFieldsFragment,
  WorkLogDocument,
  WorkLogMonthDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import './i18n';

const HEADS: Role[] = ['DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER'];

function Comments({ comments }: { comments: WorkLogCommentFieldsFragment[] }) {
  const { t } = useTranslation('worklog');
  return (
    <List
      size="small"
      dataSource={comments}
      locale={{ emptyText: t('noComments') }}
      renderItem={(c) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space size={6} wrap>
                {c.author?.displayName}
                {c.review && <Tag color="green">{t('reviewed')}</Tag>}
                <Typography.Text type="secondary">{formatDateTime(c.createdAt)}</Typography.Text>
              </Space>
            }
            description={<span style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{c.text}</span>}
          />
        </List.Item>
      )}
    />
  );
}

/** One day's log: the viewer's own (notes editable) or a team member's (comments). */
export function DayLog({ userId, day, onDay }: { userId?: string; day: string; onDay: (day: string) => void }) {
  const { t } = useTranslation('worklog');
  const label = useEnumLabel();
  const rules = useFieldRules('worklog');
  const [result, reexecute] = useQuery({
    query: WorkLogDocument,
    variables: { day, userId: userId ?? null },
    requestPolicy: 'cache-and-network',
  });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const [save, saving] = useAction(SaveWorkLogNotesDocument);
  const [comment, commenting] = useAction(CommentWorkLogDocument);
  const [notesForm] = Form.useForm<{ notes: string }>();
  const [commentForm] = Form.useForm<{ text: string }>();
  const log = result.data?.workLog;
  useEffect(() => {
    if (log) notesForm.setFieldsValue({ notes: log.notes });
  }, [log, notesForm]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('day')}</Typography.Text>
        <Input
          type="date"
          aria-label={t('day')}
          value={day}
          max={beijingDate()}
          onChange={(e) => e.target.value && onDay(e.target.value)}
          style={{ width: 170 }}
        />
      </Space>
      <QueryState result={result} onRetry={refresh}>
        {(d) => {
          const plan = d.workLog.plan;
          const done = plan.filter((p) => p.status === 'DONE').length;
          const meant = plan.filter((p) => p.status !== 'DROPPED').length;
          return (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card size="small" title={t('records')} extra={<Typography.Text type="secondary">{d.workLog.entries.length}</Typography.Text>}>
                <List
                  size="small"
                  dataSource={d.workLog.entries}
                  locale={{ emptyText: t('noRecords') }}
                  renderItem={(e) => (
                    <List.Item data-testid="log-entry">
                      <Space size={[8, 2]} wrap style={{ width: '100%' }}>
                        <Typography.Text type="secondary">{formatDateTime(e.at).slice(11)}</Typography.Text>
                        <Tag color={e.kind === 'VISIT' || e.kind === 'CALL' ? 'blue' : undefined}>{label('LogKind', e.kind)}</Tag>
                        <span style={{ overflowWrap: 'anywhere' }}>{e.text}</span>
                        {e.group && <Link to={`/groups/${encodeURIComponent(e.group.id)}`}>{e.group.name}</Link>}
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
              <Card
                size="small"
                title={t('plan')}
                extra={meant > 0 && <Typography.Text type="secondary">{t('planDone', { done, total: meant })}</Typography.Text>}
              >
                <List
                  size="small"
                  dataSource={plan}
                  locale={{ emptyText: t('noPlan') }}
                  renderItem={(p) => (
                    <List.Item>
                      <Space size={[8, 2]} wrap>
                        <Tag color={p.status === 'DONE' ? 'green' : p.status === 'DROPPED' ? undefined : 'orange'}>
                          {label('PlanItemStatus', p.status)}
                        </Tag>
                        <span style={{ overflowWrap: 'anywhere' }}>{p.title}</span>
                        <Typography.Text type="secondary">{label('PlanMeans', p.means)}</Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
              <Card size="small" title={t('notes')}>
                {userId ? (
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', marginBottom: 0 }}>
                    {d.workLog.notes || '—'}
                  </Typography.Paragraph>
                ) : (
                  <Form
                    form={notesForm}
                    layout="vertical"
                    initialValues={{ notes: d.workLog.notes }}
                    onFinish={(v) =>
                      save(
                        { input: { day, notes: v.notes ?? '', expectedVersion: d.workLog.notesVersion ?? null } },
                        { form: notesForm, success: t('notesSaved'), onConflict: refresh },
                      ).then(refresh)
                    }
                  >
                    <Form.Item name="notes" rules={rules.optional(4000)}>
                      <Input.TextArea rows={4} maxLength={4000} showCount aria-label={t('notes')} placeholder={t('notesPlaceholder')} />
                    </Form.Item>
                    <Button type="primary" htmlType="submit" loading={saving}>
                      {t('saveNotes')}
                    </Button>
                  </Form>
                )}
              </Card>
              <Card size="small" title={t('comments')}>
                <Comments comments={d.workLog.comments} />
                {d.workLog.canComment && (
                  <Form
                    form={commentForm}
                    layout="vertical"
                    onFinish={(v) =>
                      comment(
                        { input: { userId: d.workLog.user.id, day, text: v.text } },
                        { form: commentForm, success: t('commented') },
                      ).then((r) => {
                        if (r) commentForm.resetFields();
                        refresh();
                      })
                    }
                  >
                    <Form.Item name="text" rules={rules.required(1000)}>
                      <Input.TextArea rows={2} maxLength={1000} aria-label={t('comment')} placeholder={t('commentPlaceholder')} />
                    </Form.Item>
                    <Button htmlType="submit" loading={commenting}>
                      {t('comment')}
                    </Button>
                  </Form>
                )}
              </Card>
            </Space>
          );
        }}
      </QueryState>
    </Space>
  );
}

/** A team member's month: the days with records, opening a day's log, and the month's review. */
function MemberMonth({ userId, month, onBack }: { userId: string; month: string; onBack: () => void }) {
  const { t } = useTranslation('worklog');
  const label = useEnumLabel();
  const rules = useFieldRules('worklog');
  const [result, reexecute] = useQuery({ query: WorkLogMonthDocument, variables: { month, userId } });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const [day, setDay] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [review, busy] = useAction(CommentWorkLogDocument);
  const [form] = Form.useForm<{ text: string }>();
  if (day) return <DayPanel userId={userId} day={day} onDay={setDay} onBack={() => setDay(null)} />;
  return (
    <QueryState result={result} onRetry={refresh}>
      {(d) => (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <Button onClick={onBack}>{t('back')}</Button>
            <Typography.Text strong>
              {d.workLogMonth.user.displayName} · {d.workLogMonth.month}
            </Typography.Text>
            {d.workLogMonth.canReview && (
              <Button type="primary" onClick={() => setReviewing(true)}>
                {t('review')}
              </Button>
            )}
          </Space>
          <List
            size="small"
            bordered
            dataSource={d.workLogMonth.days}
            locale={{ emptyText: t('noRecords') }}
            renderItem={(x) => (
              <List.Item actions={[<a key="open" onClick={() => setDay(x.day)}>{t('openMonth')}</a>]}>
                <Space size={[8, 2]} wrap>
                  <Typography.Text strong>{x.day}</Typography.Text>
                  <span>
                    {t('recordsCount')}
                    {t('common:sep')}
                    {x.records}
                  </span>
                  {x.byKind.map((k) => (
                    <Tag key={k.kind}>
                      {label('LogKind', k.kind)} {k.count}
                    </Tag>
                  ))}
                  {x.notes && <Tag color="blue">{t('hasNotes')}</Tag>}
                </Space>
              </List.Item>
            )}
          />
          <Card size="small" title={t('comments')}>
            <Comments comments={d.workLogMonth.comments} />
          </Card>
          <FormModal<{ text: string }>
            open={reviewing}
            title={t('reviewTitle', { name: d.workLogMonth.user.displayName, month })}
            okText={t('review')}
            busy={busy}
            form={form}
            onSubmit={(v) =>
              review({ input: { userId, month, text: v.text } }, { form, success: t('reviewed') }).then((r) => {
                refresh();
                return !!r;
              })
            }
            onClose={() => setReviewing(false)}
          >
            <Form.Item name="text" label={t('comment')} rules={rules.required(1000)}>
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          </FormModal>
        </Space>
      )}
    </QueryState>
  );
}

function DayPanel({ userId, day, onDay, onBack }: { userId: string; day: string; onDay: (d: string) => void; onBack: () => void }) {
  const { t } = useTranslation('worklog');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Button onClick={onBack}>{t('back')}</Button>
      <DayLog userId={userId} day={day} onDay={onDay} />
    </Space>
  );
}

/** The team's month: each account manager's records, notes and whether the month was reviewed. */
function TeamLogs() {
  const { t } = useTranslation('worklog');
  const [month, setMonth] = useState(beijingDate().slice(0, 7));
  const [member, setMember] = useState<string | null>(null);
  const [result, reexecute] = useQuery({ query: TeamWorkLogsDocument, variables: { month }, requestPolicy: 'cache-and-network' });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  if (member) {
    return (
      <MemberMonth
        userId={member}
        month={month}
        onBack={() => {
          setMember(null);
          refresh();
        }}
      />
    );
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('month')}</Typography.Text>
        <Input type="month" aria-label={t('month')} value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} style={{ width: 170 }} />
      </Space>
      <QueryState result={result} onRetry={refresh} isEmpty={(d) => d.teamWorkLogs.length === 0} emptyText={t('teamEmpty')}>
        {(d) => (
          <Table
            size="small"
            rowKey={(r) => r.user.id}
            dataSource={d.teamWorkLogs}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('tabs.team'), key: 'user', render: (_, r) => <a onClick={() => setMember(r.user.id)}>{r.user.displayName}</a> },
              { title: t('daysWithRecords'), dataIndex: 'daysWithRecords', align: 'right' },
              { title: t('recordsCount'), dataIndex: 'records', align: 'right' },
              { title: t('daysWithNotes'), dataIndex: 'daysWithNotes', align: 'right' },
              {
                title: t('review'),
                key: 'review',
                render: (_, r) =>
                  r.reviews.length ? <Tag color="green">{t('reviewed')}</Tag> : <Tag color="orange">{t('notReviewed')}</Tag>,
              },
            ]}
          />
        )}
      </QueryState>
    </Space>
  );
}

export function WorkLogPage() {
  const { t } = useTranslation('worklog');
  const user = useSession()!.user;
  const head = HEADS.includes(user.role);
  const [day, setDay] = useState(beijingDate());
  const [tab, setTab] = useState(head ? 'team' : 'mine');
  const items = useMemo(
    () => [
      ...(head ? [{ key: 'team', label: t('tabs.team'), children: <TeamLogs /> }] : []),
      { key: 'mine', label: t('tabs.mine'), children: <DayLog day={day} onDay={setDay} /> },
    ],
    [head, day, t],
  );
  return (
    <>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Tabs activeKey={tab} onChange={setTab} items={items} />
    </>
  );
}
