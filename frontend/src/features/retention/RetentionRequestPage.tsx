// One disconnection request: what the counter took, the clocks, the manager's findings, and the
// step the viewer may take now (dispatch, reached, outcome, verify) from `allowedActions`.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Flex, Form, Input, Radio, Result, Select, Tag, Typography } from 'antd';
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
  type ChurnReason,
  type DisconnectionAction,
  type DisconnectionDetailFragment,
  DisconnectionRequestDocument,
  DispatchDisconnectionDocument,
  FinishRetentionDocument,
  RecordRetentionContactDocument,
  type RetentionOutcome,
  VerifyRetentionDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { RetentionClocks } from './RetentionRequestsPage';
import './i18n';

export function RetentionRequestPage() {
  const { t } = useTranslation('retention');
  const id = useParams().id ?? '';
  const [result, reexecute] = useQuery({ query: DisconnectionRequestDocument, variables: { id } });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <div>
      <Link to="/retention">
        <ArrowLeftOutlined /> {t('detail.back')}
      </Link>
      <QueryState result={result} onRetry={refetch}>
        {(d) => {
          const r = d.node && 'number' in d.node ? (d.node as DisconnectionDetailFragment) : null;
          if (!r) return <Result status="404" title={t('detail.notFound')} />;
          return <Detail request={r} onChanged={refetch} />;
        }}
      </QueryState>
    </div>
  );
}

function Detail({ request: r, onChanged }: { request: DisconnectionDetailFragment; onChanged: () => void }) {
  const { t } = useTranslation('retention');
  const label = useEnumLabel();
  const { modal } = App.useApp();
  const [finishing, setFinishing] = useState(false);
  const [dispatch] = useAction(DispatchDisconnectionDocument);
  const [contact] = useAction(RecordRetentionContactDocument);
  const [verify] = useAction(VerifyRetentionDocument);
  const input = { id: r.id, expectedVersion: r.version };
  const confirmThen = (content: string, run: () => Promise<unknown>) =>
    modal.confirm({ content, onOk: async () => (await run()) && onChanged() });
  const act = (a: DisconnectionAction) => {
    switch (a) {
      case 'DISPATCH_DISCONNECTION':
        return confirmThen(t('confirm.dispatch', { name: r.group?.name ?? r.groupName }), () =>
          dispatch({ input }, { success: t('done.dispatch') }),
        );
      case 'RECORD_RETENTION_CONTACT':
        return confirmThen(t('confirm.contact'), () => contact({ input }, { success: t('done.contact') }));
      case 'FINISH_RETENTION':
        return setFinishing(true);
      case 'VERIFY_RETENTION':
        return confirmThen(t('confirm.verify'), () => verify({ input }, { success: t('done.verify') }));
    }
  };
  const actions: DisconnectionAction[] = ['VERIFY_RETENTION', 'DISPATCH_DISCONNECTION', 'FINISH_RETENTION', 'RECORD_RETENTION_CONTACT'].filter(
    (a) => r.allowedActions.includes(a as DisconnectionAction),
  ) as DisconnectionAction[];
  return (
    <>
      <Flex wrap gap={8} align="center" style={{ marginTop: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {r.number}
        </Typography.Title>
        <Tag>{label('DisconnectionStatus', r.status)}</Tag>
        {r.outcome && <Tag color={r.outcome === 'LOST' ? 'red' : 'green'}>{label('RetentionOutcome', r.outcome)}</Tag>}
        <RetentionClocks request={r} />
      </Flex>
      {actions.length > 0 && (
        <Flex wrap gap={8} style={{ margin: '12px 0' }}>
          {actions.map((a, i) => (
            <Button key={a} size="large" type={i === 0 ? 'primary' : 'default'} onClick={() => act(a)}>
              {label('DisconnectionAction', a)}
            </Button>
          ))}
        </Flex>
      )}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2 }}
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'group',
            label: t('field.group'),
            children: r.group ? <Link to={`/groups/${encodeURIComponent(r.group.id)}`}>{r.groupName}</Link> : r.groupName,
          },
          { key: 'member', label: r.memberName ? t('field.member') : t('field.line'), children: r.memberName ?? r.line ?? '—' },
          { key: 'counter', label: t('field.counterReason'), children: r.counterReason },
          {
            key: 'first',
            label: t('field.firstRetention'),
            children: `${r.firstRetentionFailed ? t('field.firstFailed') : t('field.firstNone')}${r.firstRetentionNote ? `${t('common:sep')}${r.firstRetentionNote}` : ''}`,
          },
          { key: 'by', label: t('field.registeredBy'), children: `${r.registeredBy?.displayName ?? '—'} · ${formatDateTime(r.registeredAt)}` },
          { key: 'assignee', label: t('field.assignee'), children: r.assignee?.displayName ?? '—' },
          { key: 'cdue', label: t('field.contactDueAt'), children: formatDateTime(r.contactDueAt) },
          { key: 'fdue', label: t('field.finishDueAt'), children: formatDateTime(r.finishDueAt) },
          ...(r.contactedAt ? [{ key: 'contacted', label: t('field.contactedAt'), children: formatDateTime(r.contactedAt) }] : []),
          ...(r.trueReason
            ? [
                { key: 'reason', label: t('field.trueReason'), children: `${label('ChurnReason', r.trueReason)}${t('common:sep')}${r.reasonText ?? ''}` },
                ...(r.competitor ? [{ key: 'comp', label: t('field.competitor'), children: r.competitor }] : []),
                { key: 'offer', label: t('field.offer'), children: r.offer ?? '—' },
              ]
            : []),
          ...(r.verifiedBy
            ? [{ key: 'verified', label: t('field.verifiedBy'), children: `${r.verifiedBy.displayName} · ${formatDateTime(r.verifiedAt)}` }]
            : []),
          ...(r.bossRef ? [{ key: 'boss', label: t('field.bossRef'), children: r.bossRef }] : []),
        ]}
      />
      <FinishDialog
        request={finishing ? r : null}
        onClose={() => setFinishing(false)}
        onDone={() => {
          setFinishing(false);
          onChanged();
        }}
      />
    </>
  );
}

const REASONS: ChurnReason[] = ['TARIFF', 'PRODUCT', 'SERVICE', 'COMPETITOR', 'PHONE_LOST', 'RELOCATED', 'OTHER'];

interface FinishValues {
  reason: ChurnReason;
  reasonText: string;
  competitor?: string;
  offer: string;
  outcome: RetentionOutcome;
}

function FinishDialog({
  request,
  onClose,
  onDone,
}: {
  request: DisconnectionDetailFragment | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('retention');
  const label = useEnumLabel();
  const rules = useFieldRules('retention');
  const [form] = Form.useForm<FinishValues>();
  const [run, busy] = useAction(FinishRetentionDocument);
  const reason = Form.useWatch('reason', form);
  return (
    <FormModal<FinishValues>
      open={!!request}
      title={label('DisconnectionAction', 'FINISH_RETENTION')}
      form={form}
      busy={busy}
      onClose={onClose}
      onDone={onDone}
      initialValues={{ reason: 'TARIFF', outcome: 'RETAINED' }}
      onSubmit={async (v) => {
        if (!request) return false;
        const r = await run(
          {
            input: {
              id: request.id,
              expectedVersion: request.version,
              reason: v.reason,
              reasonText: v.reasonText.trim(),
              competitor: v.competitor?.trim() || null,
              offer: v.offer.trim(),
              outcome: v.outcome,
            },
          },
          { form, success: t('done.finish') },
        );
        return !!r?.request;
      }}
    >
      <Form.Item name="reason" label={t('form.reason')}>
        <Select options={REASONS.map((x) => ({ value: x, label: label('ChurnReason', x) }))} />
      </Form.Item>
      <Form.Item name="reasonText" label={t('form.reasonText')} rules={rules.required(1000)}>
        <Input.TextArea rows={2} />
      </Form.Item>
      {reason === 'COMPETITOR' && (
        <Form.Item name="competitor" label={t('form.competitor')} rules={rules.required(100)}>
          <Input />
        </Form.Item>
      )}
      <Form.Item name="offer" label={t('form.offer')} rules={rules.required(1000)}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="outcome" label={t('form.outcome')}>
        <Radio.Group
          optionType="button"
          options={(['RETAINED', 'LOST'] as RetentionOutcome[]).map((o) => ({ value: o, label: label('RetentionOutcome', o) }))}
        />
      </Form.Item>
    </FormModal>
  );
}
