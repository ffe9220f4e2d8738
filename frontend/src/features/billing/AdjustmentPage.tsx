// One billing adjustment: what was asked and why, the evidence, the member's bills and the
// account's other adjustments, the approval chain (with the decision when it waits on the
// viewer), and the stage the viewer may take now (from `allowedActions`).
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { FormModal } from '../../components/FormModal';
import { QueryState } from '../../components/QueryState';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  type AdjustmentAction,
  type AdjustmentDetailFragment,
  AuditBillingAdjustmentDocument,
  BillingAdjustmentDocument,
  CheckBillingAdjustmentDocument,
  ExecuteBillingAdjustmentDocument,
  WithdrawBillingAdjustmentDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { ApprovalSteps } from '../approvals/ApprovalSteps';
import { DecideForm } from '../approvals/ApprovalsPage';
import { orderedActions } from './logic';
import { AdjustmentAmount, AdjustmentSections, AdjustmentStatusTag } from './parts';
import './i18n';

export function AdjustmentPage() {
  const { t } = useTranslation('billing');
  const id = useParams().id ?? '';
  const [result, reexecute] = useQuery({ query: BillingAdjustmentDocument, variables: { id } });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <div>
      <Link to="/adjustments">
        <ArrowLeftOutlined /> {t('detail.back')}
      </Link>
      <QueryState result={result} onRetry={refetch}>
        {(d) => {
          const a = d.node && 'code' in d.node ? (d.node as AdjustmentDetailFragment) : null;
          if (!a) return <Result status="404" title={t('detail.notFound')} />;
          return <Detail adjustment={a} onChanged={refetch} />;
        }}
      </QueryState>
    </div>
  );
}

/** Which stage each action is. */
const STAGE: Record<AdjustmentAction, 'withdraw' | 'execute' | 'check' | 'audit'> = {
  WITHDRAW_BILLING_ADJUSTMENT: 'withdraw',
  EXECUTE_BILLING_ADJUSTMENT: 'execute',
  CHECK_BILLING_ADJUSTMENT: 'check',
  AUDIT_BILLING_ADJUSTMENT: 'audit',
};

function Detail({ adjustment: a, onChanged }: { adjustment: AdjustmentDetailFragment; onChanged: () => void }) {
  const { t } = useTranslation('billing');
  const label = useEnumLabel();
  const [acting, setActing] = useState<AdjustmentAction | null>(null);
  const actions = orderedActions(a.allowedActions);
  return (
    <>
      <Flex wrap gap={8} align="center" style={{ marginTop: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {a.code}
        </Typography.Title>
        <AdjustmentStatusTag status={a.status} />
        <AdjustmentAmount amount={a.amount} strong />
      </Flex>
      {actions.length > 0 && (
        <Flex wrap gap={8} style={{ margin: '12px 0' }}>
          {actions.map((x, i) => (
            <Button
              key={x}
              size="large"
              type={i === 0 && x !== 'WITHDRAW_BILLING_ADJUSTMENT' ? 'primary' : 'default'}
              danger={x === 'WITHDRAW_BILLING_ADJUSTMENT'}
              onClick={() => setActing(x)}
            >
              {label('AdjustmentAction', x)}
            </Button>
          ))}
        </Flex>
      )}
      <div style={{ marginTop: 12 }}>
        <AdjustmentSections adjustment={a} />
      </div>
      {a.approval && (
        <>
          <Flex wrap gap={8} align="center" justify="space-between" style={{ marginTop: 16 }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('field.approval')}
            </Typography.Title>
            <Link to={`/approvals/${encodeURIComponent(a.approval.id)}`}>{t('detail.openApproval')}</Link>
          </Flex>
          <div style={{ marginTop: 8 }}>
            <ApprovalSteps steps={a.approval.steps} />
          </div>
          {a.approval.canDecide && (
            <DecideForm
              requestId={a.approval.id}
              version={a.approval.version}
              rejectedText={t('decide.rejected')}
              onDecided={onChanged}
            />
          )}
        </>
      )}
      <StageDialog
        adjustment={a}
        action={acting}
        onClose={() => setActing(null)}
        onDone={() => {
          setActing(null);
          onChanged();
        }}
      />
    </>
  );
}

interface StageValues {
  reference?: string;
  note?: string;
}

/** Withdraw, execute (with the billing system's reference), check or audit, each with a note. */
function StageDialog({
  adjustment: a,
  action,
  onClose,
  onDone,
}: {
  adjustment: AdjustmentDetailFragment;
  action: AdjustmentAction | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('billing');
  const label = useEnumLabel();
  const rules = useFieldRules('billing');
  const [form] = Form.useForm<StageValues>();
  const [withdraw, b1] = useAction(WithdrawBillingAdjustmentDocument);
  const [execute, b2] = useAction(ExecuteBillingAdjustmentDocument);
  const [check, b3] = useAction(CheckBillingAdjustmentDocument);
  const [audit, b4] = useAction(AuditBillingAdjustmentDocument);
  const stage = action ? STAGE[action] : null;
  async function submit(v: StageValues): Promise<boolean> {
    if (!stage) return false;
    const base = { id: a.id, expectedVersion: a.version, note: v.note?.trim() || null };
    const opts = { form, success: t(`done.${stage}`), onConflict: onDone };
    switch (stage) {
      case 'withdraw':
        return !!(await withdraw({ input: base }, opts))?.adjustment;
      case 'execute':
        return !!(await execute({ input: { ...base, reference: v.reference!.trim() } }, opts))?.adjustment;
      case 'check':
        return !!(await check({ input: base }, opts))?.adjustment;
      case 'audit':
        return !!(await audit({ input: base }, opts))?.adjustment;
    }
  }
  return (
    <FormModal<StageValues>
      open={!!action}
      title={action ? `${label('AdjustmentAction', action)} · ${a.code}` : ''}
      okText={action ? label('AdjustmentAction', action) : undefined}
      danger={stage === 'withdraw'}
      form={form}
      busy={b1 || b2 || b3 || b4}
      onClose={onClose}
      onDone={onDone}
      intro={stage && <Typography.Paragraph type="secondary">{t(`stage.intro.${stage}`)}</Typography.Paragraph>}
      onSubmit={submit}
    >
      <Space orientation="vertical" size={0} style={{ width: '100%', marginBottom: 12 }}>
        <Typography.Text>
          {a.customerName} · {a.accountNo} · {a.month}
        </Typography.Text>
        <AdjustmentAmount amount={a.amount} strong />
      </Space>
      {stage === 'execute' && (
        <Form.Item
          name="reference"
          label={t('stage.reference')}
          extra={t('stage.referenceHint')}
          rules={[
            { required: true, whitespace: true, message: t('common:required') },
            { pattern: /^\s*[A-Za-z0-9_/-]{1,64}\s*$/, message: t('stage.referenceFormat') },
          ]}
        >
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('stage.note')} rules={rules.optional(1000)}>
        <Input.TextArea rows={2} placeholder={t('stage.notePlaceholder')} />
      </Form.Item>
    </FormModal>
  );
}
