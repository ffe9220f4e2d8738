// 跟进与提醒: every open task of the viewer, by kind, with the one-click moves that close it.
import { CopyOutlined, EditOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Form, Input, List, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { formatDateTime } from '../../components/format';
import { FormModal } from '../../components/FormModal';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  type TaskKind,
  WorkbenchCompleteTaskDocument,
  WorkbenchDismissTaskDocument,
  type WorkbenchTaskFragment,
  WorkbenchTasksDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { ExactLabels } from '../contracts/parts';
import { copyText, groupByKind, groupLink, kindCounts, taskLink, taskWorkLink } from './tasks';
import './i18n';

const PAGE = 20;
const ALL = 'ALL';
type Task = WorkbenchTaskFragment;

/** The task list; `onChanged` is called after a task was closed (for the page's other figures). */
export function TaskPanel({ onChanged }: { onChanged?: () => void }) {
  const { t } = useTranslation('workbench');
  const label = useEnumLabel();
  const { message } = App.useApp();
  const rules = useFieldRules('workbench');
  const [kind, setKind] = useState<TaskKind | null>(null);
  const pager = useCursorPager(PAGE);
  const variables = useMemo(
    () => ({ kind, first: pager.variables.first, after: pager.variables.after }),
    [kind, pager.variables.first, pager.variables.after],
  );
  const [result, reexecute] = useQuery({ query: WorkbenchTasksDocument, variables });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);

  const [complete, completing] = useAction(WorkbenchCompleteTaskDocument);
  const [dismiss, dismissing] = useAction(WorkbenchDismissTaskDocument);
  const [noteFor, setNoteFor] = useState<Task | null>(null);
  const [dismissFor, setDismissFor] = useState<Task | null>(null);
  const [noteForm] = Form.useForm<{ note?: string }>();
  const [dismissForm] = Form.useForm<{ reason: string }>();

  /** After a move: the list again either way (a conflict or a task closed elsewhere shows as it is now). */
  const after = (ok: boolean) => {
    refresh();
    if (ok) onChanged?.();
    return ok;
  };

  const [busyId, setBusyId] = useState<string | null>(null);
  const done = (task: Task, note?: string) => {
    setBusyId(task.id);
    return complete(
      { input: { id: task.id, expectedVersion: task.version, note: note?.trim() || null } },
      { form: note === undefined ? undefined : noteForm, success: t('completed'), onConflict: refresh },
    )
      .then((r) => after(!!r))
      .finally(() => setBusyId(null));
  };

  const ignore = (task: Task, reason: string) =>
    dismiss(
      { input: { id: task.id, expectedVersion: task.version, reason: reason.trim() } },
      { form: dismissForm, success: t('dismissed'), onConflict: refresh },
    ).then((r) => after(!!r));

  async function copyGreeting(greeting: string) {
    if (await copyText(greeting)) message.success(t('copied'));
    else message.warning(t('copyFailed'));
  }

  const choose = (key: string) => {
    pager.reset();
    setKind(key === ALL ? null : (key as TaskKind));
  };

  const renderTask = (task: Task) => {
    const to = taskLink(task);
    return (
      <List.Item
        key={task.id}
        data-testid={`task-${task.kind}`}
        actions={[
          <Space.Compact key="done">
            <Button size="small" type="primary" loading={completing && busyId === task.id && noteFor === null} onClick={() => done(task)}>
              {t('complete')}
            </Button>
            <Tooltip title={t('completeWithNote')}>
              <Button size="small" type="primary" icon={<EditOutlined />} aria-label={t('completeWithNote')} onClick={() => setNoteFor(task)} />
            </Tooltip>
          </Space.Compact>,
          <Button key="dismiss" size="small" onClick={() => setDismissFor(task)}>
            {t('dismiss')}
          </Button>,
          ...(taskWorkLink(task.kind)
            ? [
                <Link key="work" to={taskWorkLink(task.kind)!}>
                  {t('toArrears')}
                </Link>,
              ]
            : []),
          ...(task.kind === 'CARE' && task.greeting
            ? [
                <Button key="copy" size="small" icon={<CopyOutlined />} onClick={() => copyGreeting(task.greeting!)}>
                  {t('copyGreeting')}
                </Button>,
              ]
            : []),
        ]}
      >
        <List.Item.Meta
          title={
            <Space size={6} wrap>
              {to ? <Link to={to}>{task.title}</Link> : task.title}
              {task.isOverdue && <Tag color="red">{t('overdue')}</Tag>}
            </Space>
          }
          description={
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space size={[8, 2]} wrap>
                <Tag>{label('TaskKind', task.kind)}</Tag>
                <Typography.Text type={task.isOverdue ? 'danger' : 'secondary'}>
                  {t('dueAt', { time: formatDateTime(task.dueAt) })}
                </Typography.Text>
                {task.group && (
                  <span>
                    {t('group')}
                    <Link to={groupLink(task.group.id)}>{task.group.name}</Link>
                  </span>
                )}
              </Space>
              {task.body && (
                <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{task.body}</Typography.Paragraph>
              )}
              {task.kind === 'CARE' && task.greeting && (
                <Typography.Paragraph
                  style={{ marginBottom: 0, whiteSpace: 'pre-wrap', borderLeft: '3px solid #faad14', paddingLeft: 8 }}
                >
                  <Typography.Text type="secondary">{t('greetingLabel')}：</Typography.Text>
                  {task.greeting}
                </Typography.Paragraph>
              )}
            </Space>
          }
        />
      </List.Item>
    );
  };

  const data = result.data;
  const counts = kindCounts(data?.taskCounts ?? []);
  // Counts once known (not zeros while the first answer is on its way).
  const tabLabel = (text: string, open: number, overdue: number) => (
    <Space size={4}>
      {text}
      {data && <Typography.Text type="secondary">{open}</Typography.Text>}
      {overdue > 0 && <Badge count={overdue} size="small" title={t('overdueCount', { count: overdue })} />}
    </Space>
  );

  return (
    <ExactLabels>
      <Card
        title={t('tasks')}
        size="small"
        extra={data && <Typography.Text type="secondary">{t('openTotal', { open: counts.open, overdue: counts.overdue })}</Typography.Text>}
      >
        <Tabs
          size="small"
          activeKey={kind ?? ALL}
          onChange={choose}
          items={[
            { key: ALL, label: tabLabel(t('allKinds'), counts.open, counts.overdue) },
            ...counts.kinds.map((c) => ({ key: c.kind, label: tabLabel(label('TaskKind', c.kind), c.open, c.overdue) })),
          ]}
        />
        <QueryState result={result} onRetry={refresh} isEmpty={(d) => d.myTasks.nodes.length === 0} emptyText={kind ? t('noTasks') : t('nothing')}>
          {(d) => (
            <>
              {kind ? (
                <List dataSource={groupByKind(d.myTasks.nodes).flatMap((g) => g.tasks)} renderItem={renderTask} />
              ) : (
                groupByKind(d.myTasks.nodes).map((g) => (
                  <div key={g.kind} data-testid={`task-section-${g.kind}`}>
                    <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
                      {label('TaskKind', g.kind)}
                    </Typography.Text>
                    <List dataSource={g.tasks} renderItem={renderTask} />
                  </div>
                ))
              )}
              {(pager.page > 1 || d.myTasks.pageInfo.hasNextPage) && <Pager pager={pager} pageInfo={d.myTasks.pageInfo} />}
            </>
          )}
        </QueryState>

        <FormModal<{ note?: string }>
          open={noteFor !== null}
          title={t('completeTitle')}
          okText={t('complete')}
          busy={completing}
          form={noteForm}
          intro={noteFor && <Typography.Paragraph>{noteFor.title}</Typography.Paragraph>}
          onSubmit={(v) => (noteFor ? done(noteFor, v.note ?? '') : Promise.resolve(false))}
          onClose={() => setNoteFor(null)}
        >
          <Form.Item name="note" label={t('note')} rules={rules.optional(500)}>
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('notePlaceholder')} />
          </Form.Item>
        </FormModal>

        <FormModal<{ reason: string }>
          open={dismissFor !== null}
          title={t('dismissTitle')}
          okText={t('dismiss')}
          busy={dismissing}
          form={dismissForm}
          intro={dismissFor && <Typography.Paragraph>{dismissFor.title}</Typography.Paragraph>}
          onSubmit={(v) => (dismissFor ? ignore(dismissFor, v.reason) : Promise.resolve(false))}
          onClose={() => setDismissFor(null)}
        >
          <Form.Item name="reason" label={t('dismissReason')} rules={rules.required(500)}>
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('dismissPlaceholder')} />
          </Form.Item>
        </FormModal>
      </Card>
    </ExactLabels>
  );
}
