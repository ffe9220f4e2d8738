// One complaint: what the customer said, its clock and escalation, the first responder, every
// handling step, and the buttons for what the viewer may do now (from `allowedActions`).
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Descriptions, Flex, Form, Input, Radio, Result, Select, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { FormModal } from '../../components/FormModal';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../components/format';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  type ComplaintAction,
  type ComplaintDetailFragment,
  ComplaintDocument,
  GroupContactsDocument,
  HandOffComplaintDocument,
  type HandlingUnit,
  NoteComplaintDocument,
  RecordComplaintAcceptanceDocument,
  ResolveComplaintDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { VisitCardModal } from '../groups/VisitCard';
import { orderedActions } from './logic';
import { ComplaintStatusTag, ReplyClockTag } from './parts';
import './i18n';

export function ComplaintPage() {
  const { t } = useTranslation('complaints');
  const id = useParams().id ?? '';
  const [result, reexecute] = useQuery({ query: ComplaintDocument, variables: { id } });
  const [acting, setActing] = useState<ComplaintAction | null>(null);
  const [visiting, setVisiting] = useState(false);
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <div>
      <Link to="/complaints">
        <ArrowLeftOutlined /> {t('detail.back')}
      </Link>
      <QueryState result={result} onRetry={refetch}>
        {(d) => {
          const c = d.node && 'number' in d.node ? (d.node as ComplaintDetailFragment) : null;
          if (!c) return <Result status="404" title={t('detail.notFound')} />;
          return (
            <>
              <Detail complaint={c} onAct={setActing} onVisit={() => setVisiting(true)} />
              {c.group && (
                <ComplaintVisit
                  groupId={c.group.id}
                  complaintId={c.id}
                  open={visiting}
                  onClose={() => setVisiting(false)}
                  onSaved={() => {
                    setVisiting(false);
                    refetch();
                  }}
                />
              )}
              <ActionDialog
                complaint={c}
                action={acting}
                onClose={() => setActing(null)}
                onDone={() => {
                  setActing(null);
                  refetch();
                }}
              />
            </>
          );
        }}
      </QueryState>
    </div>
  );
}

/** The visit card for a visit about this complaint, with the group's contacts to choose from. */
function ComplaintVisit({
  groupId,
  complaintId,
  open,
  onClose,
  onSaved,
}: {
  groupId: string;
  complaintId: string;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [contacts] = useQuery({ query: GroupContactsDocument, variables: { id: groupId, archived: false }, pause: !open });
  return (
    <VisitCardModal
      groupId={groupId}
      open={open}
      planned={null}
      contacts={contacts.data?.group?.contacts ?? []}
      complaintId={complaintId}
      onClose={onClose}
      onSaved={onSaved}
    />
  );
}

function Detail({
  complaint: c,
  onAct,
  onVisit,
}: {
  complaint: ComplaintDetailFragment;
  onAct: (a: ComplaintAction) => void;
  onVisit: () => void;
}) {
  const { t } = useTranslation('complaints');
  const label = useEnumLabel();
  const actions = orderedActions(c.allowedActions);
  return (
    <>
      <Flex wrap gap={8} align="center" style={{ marginTop: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {c.number}
        </Typography.Title>
        <ComplaintStatusTag status={c.status} />
        <ReplyClockTag complaint={c} />
        {c.escalationLevel > 0 && <Tag color="magenta">{t(`level.${c.escalationLevel}`)}</Tag>}
      </Flex>
      {(actions.length > 0 || (c.group && c.status !== 'CLOSED')) && (
        <Flex wrap gap={8} style={{ margin: '12px 0' }}>
          {actions.map((a, i) => (
            <Button key={a} type={i === 0 ? 'primary' : 'default'} size="large" onClick={() => onAct(a)}>
              {label('ComplaintAction', a)}
            </Button>
          ))}
          {c.group && c.status !== 'CLOSED' && (
            <Button size="large" onClick={onVisit}>
              {t('detail.logVisit')}
            </Button>
          )}
        </Flex>
      )}
      <Typography.Paragraph style={{ fontSize: 16, overflowWrap: 'anywhere' }}>
        <Typography.Text type="secondary">{t('customerSaid')}
          {t('common:sep')}
        </Typography.Text>
        {c.customerSaid}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2 }}
        items={[
          {
            key: 'group',
            label: t('group'),
            children: c.group ? <Link to={`/groups/${encodeURIComponent(c.group.id)}`}>{c.groupName}</Link> : c.groupName,
          },
          { key: 'member', label: t('member'), children: c.memberName ?? '—' },
          {
            key: 'kind',
            label: t('kind'),
            children: `${label('ComplaintCategory', c.category)} · ${label('ComplaintSeverity', c.severity)} · ${label('ComplaintChannel', c.channel)}`,
          },
          { key: 'owner', label: t('owner'), children: c.owner?.displayName ?? '—' },
          { key: 'registered', label: t('registeredAt'), children: formatDateTime(c.registeredAt) },
          { key: 'due', label: t('replyDueAt'), children: formatDateTime(c.replyDueAt) },
          ...(c.handledBy ? [{ key: 'unit', label: t('detail.handledBy'), children: label('HandlingUnit', c.handledBy) }] : []),
          ...(c.escalatedTo
            ? [{ key: 'esc', label: t('detail.escalatedTo'), children: `${c.escalatedTo.displayName} · ${formatDateTime(c.escalatedAt)}` }]
            : []),
          ...(c.resolution
            ? [
                { key: 'resolution', label: t('detail.resolution'), children: c.resolution },
                { key: 'fault', label: t('detail.companyFault'), children: c.companyFault ? t('detail.yes') : t('detail.no') },
              ]
            : []),
          ...(c.closedAt ? [{ key: 'closed', label: t('detail.closedAt'), children: formatDateTime(c.closedAt) }] : []),
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('detail.steps')}
      </Typography.Title>
      <Timeline
        items={c.steps.map((s, i) => ({
          key: i,
          color: s.kind === 'ESCALATED' || s.kind === 'NOT_ACCEPTED' ? 'red' : s.kind === 'ACCEPTED' ? 'green' : 'blue',
          children: (
            <div data-testid="complaint-step">
              <Typography.Text strong>{label('ComplaintStepKind', s.kind)}</Typography.Text>
              {s.unit && <Tag style={{ marginLeft: 8 }}>{label('HandlingUnit', s.unit)}</Tag>}
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {s.by?.displayName ?? t('detail.system')} · {formatDateTime(s.at)}
              </Typography.Text>
              {s.toUser && <div>{t('detail.to', { name: s.toUser.displayName })}</div>}
              {s.text && <div style={{ overflowWrap: 'anywhere' }}>{s.text}</div>}
              {s.visit && (
                <Link to={`/groups/${encodeURIComponent(c.group?.id ?? '')}?tab=visits`}>{t('detail.openVisit')}</Link>
              )}
            </div>
          ),
        }))}
      />
    </>
  );
}

const UNITS: HandlingUnit[] = ['ENGINEERING', 'BILLING', 'NETWORK', 'MARKETING', 'OTHER'];

interface ActionValues {
  unit?: HandlingUnit;
  text?: string;
  resolution?: string;
  companyFault?: boolean;
  accepted?: boolean;
}

function ActionDialog({
  complaint: c,
  action,
  onClose,
  onDone,
}: {
  complaint: ComplaintDetailFragment;
  action: ComplaintAction | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('complaints');
  const label = useEnumLabel();
  const rules = useFieldRules('complaints');
  const [form] = Form.useForm<ActionValues>();
  const [handOff, b1] = useAction(HandOffComplaintDocument);
  const [note, b2] = useAction(NoteComplaintDocument);
  const [resolve, b3] = useAction(ResolveComplaintDocument);
  const [acceptance, b4] = useAction(RecordComplaintAcceptanceDocument);
  const base = { id: c.id, expectedVersion: c.version };
  async function submit(v: ActionValues): Promise<boolean> {
    const opts = { form };
    switch (action) {
      case 'HAND_OFF_COMPLAINT':
        return !!(await handOff({ input: { ...base, unit: v.unit!, text: v.text!.trim() } }, { ...opts, success: t('done.handOff') }))?.complaint;
      case 'NOTE_COMPLAINT':
        return !!(await note({ input: { ...base, text: v.text!.trim() } }, { ...opts, success: t('done.note') }))?.complaint;
      case 'RESOLVE_COMPLAINT':
        return !!(
          await resolve(
            { input: { ...base, resolution: v.resolution!.trim(), companyFault: !!v.companyFault } },
            { ...opts, success: t('done.resolve') },
          )
        )?.complaint;
      case 'RECORD_COMPLAINT_ACCEPTANCE':
        return !!(
          await acceptance(
            { input: { ...base, accepted: !!v.accepted, text: v.text?.trim() || null } },
            { ...opts, success: v.accepted ? t('done.accepted') : t('done.rejected') },
          )
        )?.complaint;
      default:
        return false;
    }
  }
  return (
    <FormModal<ActionValues>
      open={!!action}
      title={action ? label('ComplaintAction', action) : ''}
      form={form}
      busy={b1 || b2 || b3 || b4}
      onClose={onClose}
      onDone={onDone}
      initialValues={{ unit: 'ENGINEERING', companyFault: false, accepted: true }}
      onSubmit={submit}
    >
      {action === 'HAND_OFF_COMPLAINT' && (
        <>
          <Form.Item name="unit" label={t('dialog.unit')}>
            <Select options={UNITS.map((u) => ({ value: u, label: label('HandlingUnit', u) }))} />
          </Form.Item>
          <Form.Item name="text" label={t('dialog.handOffText')} rules={rules.required(2000)}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      )}
      {action === 'NOTE_COMPLAINT' && (
        <Form.Item name="text" label={t('dialog.noteText')} rules={rules.required(2000)}>
          <Input.TextArea rows={3} />
        </Form.Item>
      )}
      {action === 'RESOLVE_COMPLAINT' && (
        <>
          <Form.Item name="resolution" label={t('dialog.resolution')} rules={rules.required(2000)}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="companyFault" label={t('dialog.companyFault')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: true, label: t('detail.yes') },
                { value: false, label: t('detail.no') },
              ]}
            />
          </Form.Item>
        </>
      )}
      {action === 'RECORD_COMPLAINT_ACCEPTANCE' && (
        <>
          <Form.Item name="accepted" label={t('dialog.accepted')}>
            <Radio.Group
              options={[
                { value: true, label: t('dialog.acceptYes') },
                { value: false, label: t('dialog.acceptNo') },
              ]}
            />
          </Form.Item>
          <Form.Item name="text" label={t('dialog.acceptText')} rules={rules.optional(2000)}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
