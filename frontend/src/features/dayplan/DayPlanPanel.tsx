// 今日计划（三定）: the day's items in the order they are worked, what the checks surfaced to
// add, and the dialog that sets an item's matter, means and resources. Works one-handed on a phone.
import { CheckCircleTwoTone, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { beijingDate, formatDateTime } from '../../components/format';
import { FormModal } from '../../components/FormModal';
import { QueryState } from '../../components/QueryState';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  AddPlanItemDocument,
  DayPlanDocument,
  type DayPlanQuery,
  EditPlanItemDocument,
  MovePlanItemDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { byPriority, detailsOf, type Item, type ItemValues, MATTERS, MEANS, PRIORITIES, progress, valuesOf } from './plan';
import { GroupSelect } from '../groups/GroupSelect';
import { STATUS_COLORS } from '../resources/logic';
import { RequestResourceDialog } from '../resources/parts';
import './i18n';

type Suggestion = DayPlanQuery['dayPlanSuggestions'][number];
/** What the dialog is for: a new item of one's own, one from a suggestion, or a change. */
type Editing = { kind: 'new' } | { kind: 'take'; from: Suggestion } | { kind: 'edit'; item: Item };

const groupPath = (id: string) => `/groups/${encodeURIComponent(id)}`;

function hhmm(iso: string): string {
  return formatDateTime(iso).slice(11);
}

/** The plan for today; `onChanged` after a change (the workbench's other figures follow). */
export function DayPlanPanel({ onChanged }: { onChanged?: () => void }) {
  const { t } = useTranslation('dayplan');
  const label = useEnumLabel();
  const rules = useFieldRules('dayplan');
  const day = beijingDate();
  const [result, reexecute] = useQuery({ query: DayPlanDocument, variables: { day }, requestPolicy: 'cache-and-network' });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const [add, adding] = useAction(AddPlanItemDocument);
  const [edit, editing_] = useAction(EditPlanItemDocument);
  const [move, moving] = useAction(MovePlanItemDocument);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [dropping, setDropping] = useState<Item | null>(null);
  const [asking, setAsking] = useState<Item | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [form] = Form.useForm<ItemValues>();
  const [dropForm] = Form.useForm<{ note?: string }>();
  const matter = Form.useWatch('matter', form);

  const changed = (ok: boolean) => {
    refresh();
    if (ok) onChanged?.();
    return ok;
  };

  const initial = useMemo((): ItemValues | undefined => {
    if (!editing) return undefined;
    if (editing.kind === 'edit') return valuesOf(editing.item);
    if (editing.kind === 'take') {
      const s = editing.from;
      return { priority: 'AUTO', matter: s.matter, means: s.means, time: s.at ? hhmm(s.at) : undefined };
    }
    return { priority: 'AUTO', matter: 'VISIT', means: 'ONSITE' };
  }, [editing]);

  async function submit(v: ItemValues): Promise<boolean> {
    if (!editing) return false;
    const details = detailsOf(v, day);
    if (editing.kind === 'edit') {
      const r = await edit(
        { input: { id: editing.item.id, expectedVersion: editing.item.version, details } },
        { form, strip: ['details'], success: t('saved'), onConflict: refresh },
      );
      return changed(!!r);
    }
    const source =
      editing.kind === 'take'
        ? { taskId: editing.from.task?.id ?? null, visitId: editing.from.visit?.id ?? null }
        : { groupId: v.groupId ?? null };
    const r = await add({ input: { day, ...source, details } }, { form, strip: ['details'], success: t('added'), onConflict: refresh });
    return changed(!!r);
  }

  const moveItem = (item: Item, action: 'COMPLETE' | 'DROP' | 'REOPEN', note?: string) => {
    setBusyId(item.id);
    return move(
      { input: { id: item.id, expectedVersion: item.version, action, note: note?.trim() || null } },
      { form: action === 'DROP' ? dropForm : undefined, onConflict: refresh },
    )
      .then((r) => changed(!!r))
      .finally(() => setBusyId(null));
  };

  const closure = (i: Item) =>
    i.closedBy === 'VISIT' ? t('closedByVisit') : i.closedBy === 'TASK' ? t('closedByTask') : i.closedBy === 'MANUAL' ? t('closedByHand') : null;

  const renderItem = (i: Item) => {
    const open = i.status === 'OPEN';
    const actions = open
      ? [
          <Button key="done" size="small" type="primary" loading={moving && busyId === i.id} onClick={() => moveItem(i, 'COMPLETE')}>
            {t('complete')}
          </Button>,
          <Button key="edit" size="small" onClick={() => setEditing({ kind: 'edit', item: i })}>
            {t('edit')}
          </Button>,
          <Button key="resources" size="small" onClick={() => setAsking(i)}>
            {t('askResource')}
          </Button>,
          <Button key="drop" size="small" type="text" onClick={() => setDropping(i)}>
            {t('drop')}
          </Button>,
        ]
      : i.closedBy === 'MANUAL' || i.status === 'DROPPED'
        ? [
            <Button key="reopen" size="small" loading={moving && busyId === i.id} onClick={() => moveItem(i, 'REOPEN')}>
              {t('reopen')}
            </Button>,
          ]
        : [];
    return (
      <List.Item key={i.id} data-testid="plan-item" data-status={i.status} actions={actions}>
        <List.Item.Meta
          title={
            <Space size={6} wrap>
              {i.status === 'DONE' && <CheckCircleTwoTone twoToneColor="#52c41a" aria-label={label('PlanItemStatus', 'DONE')} />}
              {i.at && <Typography.Text strong>{hhmm(i.at)}</Typography.Text>}
              <Typography.Text delete={!open} type={open ? undefined : 'secondary'} style={{ overflowWrap: 'anywhere' }}>
                {i.title}
              </Typography.Text>
              {i.status === 'DROPPED' && <Tag>{label('PlanItemStatus', 'DROPPED')}</Tag>}
            </Space>
          }
          description={
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space size={[6, 2]} wrap>
                <Tag color="blue">{label('PlanMatter', i.matter)}</Tag>
                <Tag>{label('PlanMeans', i.means)}</Tag>
                {i.group && <Link to={groupPath(i.group.id)}>{i.group.name}</Link>}
              </Space>
              {i.matter === 'VISIT' && (i.target || i.purpose || i.preparation) && (
                <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
                  {[i.target && `${t('field.target')}${t('common:sep')}${i.target}`, i.purpose && `${t('field.purpose')}${t('common:sep')}${i.purpose}`, i.preparation && `${t('field.preparation')}${t('common:sep')}${i.preparation}`]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
              )}
              {i.resources && (
                <Typography.Text style={{ overflowWrap: 'anywhere' }}>
                  {t('field.resources')}
                  {t('common:sep')}
                  {i.resources}
                </Typography.Text>
              )}
              {i.resourceRequests.length > 0 && (
                <Space size={[6, 2]} wrap data-testid="plan-resources">
                  {i.resourceRequests.map((r) => (
                    <Tag key={r.id} color={STATUS_COLORS[r.status]}>
                      {label('ResourceKind', r.kind)}
                      {r.expert && ` · ${r.expert.displayName}`} · {label('ResourceStatus', r.status)}
                    </Tag>
                  ))}
                </Space>
              )}
              {!open && (closure(i) || i.note) && (
                <Typography.Text type="secondary">{[closure(i), i.note].filter(Boolean).join(' · ')}</Typography.Text>
              )}
            </Space>
          }
        />
      </List.Item>
    );
  };

  const data = result.data;
  const p = progress(data?.dayPlan ?? []);
  return (
    <Card
      id="wb-plan"
      tabIndex={-1}
      size="small"
      style={{ scrollMarginTop: 72 }}
      title={t('title')}
      extra={
        <Space size={8}>
          {data && p.total > 0 && <Typography.Text type="secondary">{t('progress', p)}</Typography.Text>}
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'new' })}>
            {t('add')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('hint')}
      </Typography.Paragraph>
      <QueryState result={result} onRetry={refresh}>
        {(d) => (
          <>
            {d.dayPlan.length === 0 ? (
              <Typography.Paragraph type="secondary">{t('empty')}</Typography.Paragraph>
            ) : (
              byPriority(d.dayPlan).map((g) => (
                <div key={g.priority} data-testid={`plan-${g.priority}`}>
                  <Typography.Text strong style={{ display: 'block', marginTop: 4 }}>
                    {label('PlanPriority', g.priority)}
                  </Typography.Text>
                  <List itemLayout="vertical" dataSource={g.items} renderItem={renderItem} />
                </div>
              ))
            )}
            <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
              {t('suggestions')}
            </Typography.Text>
            <List
              size="small"
              dataSource={d.dayPlanSuggestions}
              locale={{ emptyText: t('noSuggestions') }}
              renderItem={(s) => (
                <List.Item
                  data-testid="plan-suggestion"
                  style={{ flexWrap: 'wrap', rowGap: 4 }}
                  actions={[
                    <Button key="take" size="small" onClick={() => setEditing({ kind: 'take', from: s })}>
                      {t('take')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={<span style={{ overflowWrap: 'anywhere' }}>{s.title}</span>}
                    description={
                      <Space size={[6, 2]} wrap>
                        <Tag>{label('PlanPriority', s.priority)}</Tag>
                        {s.task && <Tag>{label('TaskKind', s.task.kind)}</Tag>}
                        {s.at && <span>{hhmm(s.at)}</span>}
                        {s.group?.name}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          </>
        )}
      </QueryState>

      <FormModal<ItemValues>
        open={editing !== null}
        title={editing?.kind === 'edit' ? t('editTitle') : t('addTitle')}
        busy={adding || editing_}
        form={form}
        initialValues={initial}
        intro={
          editing?.kind === 'take' && (
            <Typography.Paragraph>
              {editing.from.title}
              {editing.from.group && ` · ${editing.from.group.name}`}
            </Typography.Paragraph>
          )
        }
        onSubmit={submit}
        onClose={() => setEditing(null)}
      >
        {editing?.kind !== 'take' && (
          <Form.Item name="title" label={t('field.title')} rules={rules.required(200)}>
            <Input maxLength={200} placeholder={t('placeholder.title')} />
          </Form.Item>
        )}
        {editing?.kind === 'new' && (
          <Form.Item name="groupId" label={t('field.group')}>
            <GroupSelect label={t('field.group')} placeholder={t('placeholder.group')} />
          </Form.Item>
        )}
        <Form.Item name="matter" label={t('field.matter')} rules={[{ required: true, message: t('common:required') }]}>
          <Select aria-label={t('field.matter')} options={MATTERS.map((m) => ({ value: m, label: label('PlanMatter', m) }))} />
        </Form.Item>
        <Form.Item name="means" label={t('field.means')} rules={[{ required: true, message: t('common:required') }]}>
          <Select aria-label={t('field.means')} options={MEANS.map((m) => ({ value: m, label: label('PlanMeans', m) }))} />
        </Form.Item>
        <Form.Item name="time" label={t('field.at')}>
          <Input type="time" aria-label={t('field.at')} />
        </Form.Item>
        <Form.Item name="priority" label={t('field.priority')}>
          <Select
            aria-label={t('field.priority')}
            options={[
              { value: 'AUTO', label: t('field.priorityAuto') },
              ...PRIORITIES.map((p) => ({ value: p, label: label('PlanPriority', p) })),
            ]}
          />
        </Form.Item>
        {matter === 'VISIT' && (
          <>
            <Form.Item name="target" label={t('field.target')} rules={rules.optional(200)}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="purpose" label={t('field.purpose')} rules={rules.optional(500)}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
            <Form.Item name="preparation" label={t('field.preparation')} rules={rules.optional(500)}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
        <Form.Item name="resources" label={t('field.resources')} rules={rules.optional(500)}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('placeholder.resources')} />
        </Form.Item>
      </FormModal>

      <RequestResourceDialog
        open={asking !== null}
        item={asking ?? undefined}
        onClose={() => setAsking(null)}
        onDone={() => changed(true)}
      />

      <FormModal<{ note?: string }>
        open={dropping !== null}
        title={t('dropTitle')}
        okText={t('drop')}
        busy={moving}
        form={dropForm}
        intro={dropping && <Typography.Paragraph>{dropping.title}</Typography.Paragraph>}
        onSubmit={(v) => (dropping ? moveItem(dropping, 'DROP', v.note ?? '') : Promise.resolve(false))}
        onClose={() => setDropping(null)}
      >
        <Form.Item name="note" label={t('field.note')} rules={rules.optional(500)}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

