// 概况: every field of the card, editing, status changes, archive/restore, reassignments.
import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import {
  GroupActivateDocument,
  GroupArchiveDocument,
  GroupClearRiskDocument,
  GroupFlagAtRiskDocument,
  GroupMarkChurnedDocument,
  GroupRestoreDocument,
  GroupUpdateDocument,
  GroupWinBackDocument,
  type GroupDetailFieldsFragment,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { GroupFormModal } from './GroupForm';
import {
  formValuesToGroupFields,
  groupToFormValues,
  statusActions,
  type GroupFormValues,
  type StatusAction,
} from './logic';
import { GroupStatusTag, TierTag } from './parts';

const DANGER: StatusAction[] = ['flagAtRisk', 'markChurned'];

export function ProfileTab({ group: g, canKeep }: { group: GroupDetailFieldsFragment; canKeep: boolean }) {
  const { t } = useTranslation('groups');
  const label = useEnumLabel();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<GroupFormValues>();
  const [update, saving] = useAction(GroupUpdateDocument);
  const [archive, archiving] = useAction(GroupArchiveDocument);
  const [restore, restoring] = useAction(GroupRestoreDocument);
  const [pending, setPending] = useState<{ action: StatusAction; needsReason: boolean } | null>(null);

  async function submitEdit(values: GroupFormValues) {
    const ok = await update(
      { input: { id: g.id, expectedVersion: g.version, fields: formValuesToGroupFields(values) } },
      { form, strip: ['fields'], success: t('form.saved') },
    );
    if (ok) setEditing(false);
  }

  const dash = (v: string | null | undefined) => (v ? v : '—');
  const region = [g.region.county, g.region.town, g.region.streetOffice, g.region.village].filter(Boolean).join(' / ');
  const actions = canKeep ? statusActions(g.status, !!g.archivedAt) : [];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('detail.tabs.profile')}
        extra={
          canKeep && (
            <Space wrap>
              {actions.map((a) => (
                <Button key={a.action} danger={DANGER.includes(a.action)} onClick={() => setPending(a)}>
                  {t(`status.${a.action}`)}
                </Button>
              ))}
              {!g.archivedAt && (
                <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                  {t('detail.edit')}
                </Button>
              )}
              {g.archivedAt ? (
                <Button
                  loading={restoring}
                  onClick={() =>
                    restore({ input: { id: g.id, expectedVersion: g.version } }, { success: t('detail.restored') })
                  }
                >
                  {t('detail.restore')}
                </Button>
              ) : (
                <Popconfirm
                  title={t('detail.archiveConfirm')}
                  okText={t('common:confirm')}
                  cancelText={t('common:cancel')}
                  onConfirm={() =>
                    archive({ input: { id: g.id, expectedVersion: g.version } }, { success: t('detail.archived') })
                  }
                >
                  <Button loading={archiving}>{t('detail.archive')}</Button>
                </Popconfirm>
              )}
            </Space>
          )
        }
      >
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('field.code')}>{g.code}</Descriptions.Item>
          <Descriptions.Item label={t('field.name')}>{g.name}</Descriptions.Item>
          <Descriptions.Item label={t('field.status')}>
            <GroupStatusTag status={g.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('field.kind')}>{label('GroupKind', g.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('field.segment')}>{label('Segment', g.segment)}</Descriptions.Item>
          <Descriptions.Item label={t('field.industry')}>{g.industry}</Descriptions.Item>
          <Descriptions.Item label={t('field.valueClass')}>{label('ValueClass', g.valueClass)}</Descriptions.Item>
          <Descriptions.Item label={t('field.tier')}>
            <TierTag tier={g.tier} />
          </Descriptions.Item>
          <Descriptions.Item label={t('field.annualOutputOver3M')}>
            {g.annualOutputOver3M ? t('common:yes') : t('common:no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.region')}>{region}</Descriptions.Item>
          <Descriptions.Item label={t('field.address')} span={2}>
            {g.address}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.competitors')}>
            {g.competitors.length ? g.competitors.map((c) => <Tag key={c}>{c}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.competitorNotes')} span={2}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{dash(g.competitorNotes)}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('field.informatizationProducts')} span={3}>
            {g.informatizationProducts.length ? g.informatizationProducts.map((c) => <Tag key={c}>{c}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.foundedOn')}>{dash(g.foundedOn)}</Descriptions.Item>
          <Descriptions.Item label={t('field.keyDates')} span={2}>
            {g.keyDates.length
              ? g.keyDates.map((k) => (
                  <Tag key={`${k.name}-${k.date}`}>
                    {k.name} {k.date}
                  </Tag>
                ))
              : t('detail.noKeyDates')}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.owner')}>{g.owner?.displayName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.department')}>{g.department?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.branch')}>{g.branch?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.lastVisit')}>{formatDateTime(g.lastVisitAt)}</Descriptions.Item>
          <Descriptions.Item label={t('field.openProposals')}>{g.openProposals}</Descriptions.Item>
          <Descriptions.Item label={t('field.createdAt')}>{formatDateTime(g.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('field.updatedAt')}>{formatDateTime(g.updatedAt)}</Descriptions.Item>
          {g.archivedAt && (
            <Descriptions.Item label={t('field.archivedAt')}>{formatDateTime(g.archivedAt)}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('field.notes')} span="filled">
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{dash(g.notes)}</Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {g.reassignments.length > 0 && (
        <Card size="small" title={t('detail.reassignments')}>
          <Table
            size="small"
            rowKey={(r) => r.occurredAt}
            pagination={false}
            dataSource={g.reassignments}
            columns={[
              { key: 'at', title: t('detail.reassignAt'), render: (_, r) => formatDateTime(r.occurredAt), width: 150 },
              { key: 'from', title: t('detail.reassignFrom'), render: (_, r) => r.fromOwner?.displayName ?? '—' },
              { key: 'to', title: t('detail.reassignTo'), render: (_, r) => r.toOwner?.displayName ?? '—' },
              { key: 'by', title: t('detail.reassignBy'), render: (_, r) => r.by?.displayName ?? '—' },
              { key: 'reason', title: t('detail.reassignReason'), dataIndex: 'reason' },
            ]}
          />
        </Card>
      )}

      <GroupFormModal
        open={editing}
        title={t('form.editTitle')}
        form={form}
        initialValues={groupToFormValues(g)}
        saving={saving}
        onSubmit={submitEdit}
        onCancel={() => setEditing(false)}
      />
      <StatusDialog group={g} pending={pending} onClose={() => setPending(null)} />
    </Space>
  );
}

/** The reason dialog of a status change; the reason is required for a warning or churn. */
function StatusDialog({
  group: g,
  pending,
  onClose,
}: {
  group: GroupDetailFieldsFragment;
  pending: { action: StatusAction; needsReason: boolean } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('groups');
  const [form] = Form.useForm<{ reason?: string }>();
  const runners = {
    activate: useAction(GroupActivateDocument),
    flagAtRisk: useAction(GroupFlagAtRiskDocument),
    clearRisk: useAction(GroupClearRiskDocument),
    markChurned: useAction(GroupMarkChurnedDocument),
    winBack: useAction(GroupWinBackDocument),
  } as const;
  const busy = Object.values(runners).some(([, f]) => f);

  async function submit(values: { reason?: string }) {
    if (!pending) return;
    const [run] = runners[pending.action];
    const reason = values.reason?.trim() || null;
    const ok = await run(
      { input: { id: g.id, expectedVersion: g.version, reason } },
      { form, success: t('status.done') },
    );
    if (ok) onClose();
  }

  const actionLabel = pending ? t(`status.${pending.action}`) : '';
  return (
    <Modal
      open={!!pending}
      title={t('status.confirmTitle', { action: actionLabel, name: g.name })}
      okText={actionLabel}
      okButtonProps={{ danger: !!pending && DANGER.includes(pending.action) }}
      cancelText={t('common:cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => form.resetFields()}
      forceRender
    >
      <Form form={form} name="groupStatus" layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={pending?.needsReason ? t('status.reason') : t('status.reasonOptional')}
          rules={[
            ...(pending?.needsReason ? [{ required: true, whitespace: true, message: t('status.reasonRequired') }] : []),
            { max: 500, message: t('form.tooLong', { max: 500 }) },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
