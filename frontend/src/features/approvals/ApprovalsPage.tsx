// 审批: the approval inbox (待我审批 / 我已审批 / 我发起的) and the request itself, with approve /
// reject. New requests waiting on the user arrive live over the websocket.
import { Alert, App, Badge, Button, Card, Col, Descriptions, Empty, Flex, Form, Input, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useQuery, useSubscription } from 'urql';
import { formatDateTime } from '../../components/format';
import { Money } from '../../components/Money';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useAction } from '../../components/useAction';
import {
  type ApprovalBox,
  ApprovalsApproveStepDocument,
  ApprovalsCountsDocument,
  ApprovalsDetailDocument,
  type ApprovalsDetailFieldsFragment,
  ApprovalsInboxDocument,
  type ApprovalsListItemFragment,
  ApprovalsRejectStepDocument,
  ApprovalsWaitingDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { AdjustmentAmount, AdjustmentContext } from '../billing/parts';
import { RequestStatusTag, proposalPath } from '../proposals/parts';
import { GroupContext } from './GroupContext';
import { NumberRequest } from './NumberRequest';
import { ApprovalSteps } from './ApprovalSteps';
import { waitingRole } from './chain';

const BOXES: ApprovalBox[] = ['WAITING', 'DECIDED', 'RAISED'];
const LIST_CONTEXT = { additionalTypenames: ['ApprovalRequest'] };

export function readBox(params: URLSearchParams): ApprovalBox {
  const b = params.get('box');
  return BOXES.includes(b as ApprovalBox) ? (b as ApprovalBox) : 'WAITING';
}

export function approvalPath(id: string, box: ApprovalBox): string {
  return `/approvals/${encodeURIComponent(id)}${box === 'WAITING' ? '' : `?box=${box}`}`;
}

export function ApprovalsPage() {
  const { t } = useTranslation('approvals');
  const { notification } = App.useApp();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const box = readBox(params);
  const [counts, reexecuteCounts] = useQuery({ query: ApprovalsCountsDocument, context: LIST_CONTEXT });
  const [tick, setTick] = useState(0);

  // Live: a request now waits on me → refresh the inbox and say so.
  const [live] = useSubscription({ query: ApprovalsWaitingDocument });
  const event = live.data?.approvalWaiting;
  useEffect(() => {
    if (!event) return;
    setTick((n) => n + 1);
    reexecuteCounts({ requestPolicy: 'network-only' });
    notification.info({
      key: 'approval-waiting',
      title: t('live.title'),
      description: t('live.body'),
      placement: 'topRight',
    });
  }, [event, notification, reexecuteCounts, t]);

  const refresh = () => {
    setTick((n) => n + 1);
    reexecuteCounts({ requestPolicy: 'network-only' });
  };

  const count = (b: ApprovalBox) =>
    counts.data ? counts.data[b === 'WAITING' ? 'waiting' : b === 'DECIDED' ? 'decided' : 'raised'].totalCount : undefined;

  return (
    <div>
      <Flex align="center" gap={12} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {!live.error && (live.fetching || live.data !== undefined) && <Badge status="processing" text={t('live.connected')} />}
      </Flex>
      <Tabs
        activeKey={box}
        onChange={(k) => {
          const p = new URLSearchParams();
          if (k !== 'WAITING') p.set('box', k);
          if (id) navigate(`/approvals?${p.toString()}`);
          else setParams(p, { replace: true });
        }}
        items={BOXES.map((b) => {
          const n = count(b);
          return {
            key: b,
            label: (
              <span>
                {t(`tab.${b}`)}
                {n !== undefined && (
                  <Badge
                    count={n}
                    showZero
                    overflowCount={999}
                    color={b === 'WAITING' && n > 0 ? '#ff4d4f' : '#bfbfbf'}
                    style={{ marginInlineStart: 6 }}
                  />
                )}
              </span>
            ),
          };
        })}
      />
      <Row gutter={16}>
        <Col xs={24} xl={id ? 9 : 24}>
          <Inbox key={box} box={box} tick={tick} selected={id} />
        </Col>
        {id && (
          <Col xs={24} xl={15}>
            <ApprovalDetail key={id} id={id} box={box} tick={tick} onDecided={refresh} />
          </Col>
        )}
      </Row>
    </div>
  );
}

function Inbox({ box, tick, selected }: { box: ApprovalBox; tick: number; selected?: string }) {
  const { t } = useTranslation('approvals');
  const label = useEnumLabel();
  const navigate = useNavigate();
  const pager = useCursorPager(20);
  const variables = useMemo(() => ({ box, ...pager.variables }), [box, pager.variables]);
  const [result, reexecute] = useQuery({ query: ApprovalsInboxDocument, variables, context: LIST_CONTEXT });
  useEffect(() => {
    if (tick > 0) reexecute({ requestPolicy: 'network-only' });
  }, [tick, reexecute]);
  const compact = !!selected;

  const groupCell = (r: ApprovalsListItemFragment) => (
    <div>
      <Link to={approvalPath(r.id, box)}>{r.group?.name ?? r.billingAdjustment?.customerName ?? '—'}</Link>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.proposal?.title ?? r.contract?.title ?? r.billingAdjustment?.code ?? ''}
          {r.proposalVersion ? ` · v${r.proposalVersion.number}` : ''}
        </Typography.Text>
        {!compact && r.billingAdjustment && (
          <span style={{ marginInlineStart: 8 }}>
            <AdjustmentAmount amount={r.billingAdjustment.amount} />
          </span>
        )}
      </div>
      {compact && (
        <Space size={4} wrap>
          <KindTag kind={r.kind} />
          {r.kind === 'DISCOUNT' && <Money value={r.monthlyDiscount} />}
          {r.billingAdjustment && <AdjustmentAmount amount={r.billingAdjustment.amount} />}
        </Space>
      )}
    </div>
  );
  const statusCell = (r: ApprovalsListItemFragment) => {
    const role = waitingRole(r.steps);
    return (
      <Space orientation="vertical" size={0}>
        <RequestStatusTag status={r.status} />
        {role && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('step.waitingFor', { role: label('Role', role) })}
          </Typography.Text>
        )}
        {compact && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(r.createdAt)}
          </Typography.Text>
        )}
      </Space>
    );
  };

  const columns: ColumnsType<ApprovalsListItemFragment> = compact
    ? [
        // Beside the open request the list is narrow: the discount goes under the group, and
        // the status column keeps room for "待分公司主管领导审批" and the time.
        { key: 'group', title: t('col.group'), render: (_, r) => groupCell(r) },
        { key: 'status', title: t('col.status'), width: 170, render: (_, r) => statusCell(r) },
      ]
    : [
        { key: 'group', title: t('col.group'), render: (_, r) => groupCell(r) },
        { key: 'kind', title: t('col.kind'), width: 100, render: (_, r) => <KindTag kind={r.kind} /> },
        {
          key: 'monthly',
          title: t('col.monthlyDiscount'),
          width: 120,
          align: 'right',
          render: (_, r) => (r.kind === 'DISCOUNT' ? <Money value={r.monthlyDiscount} /> : '—'),
        },
        {
          key: 'max',
          title: t('col.maxLineDiscount'),
          width: 120,
          align: 'right',
          render: (_, r) => (r.kind === 'DISCOUNT' ? `${r.maxLineDiscountPercent}%` : '—'),
        },
        { key: 'requester', title: t('col.requester'), width: 100, render: (_, r) => r.requester?.displayName ?? '—' },
        { key: 'status', title: t('col.status'), width: 160, render: (_, r) => statusCell(r) },
        { key: 'created', title: t('col.createdAt'), width: 150, render: (_, r) => formatDateTime(r.createdAt) },
      ];

  return (
    <QueryState
      result={result}
      onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      isEmpty={(d) => d.myApprovals.nodes.length === 0}
      emptyText={t(`empty.${box}`)}
    >
      {(d) => (
        <>
          <Table
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={d.myApprovals.nodes}
            pagination={false}
            scroll={{ x: compact ? 480 : 960 }}
            rowClassName={() => 'approvals-row'}
            onRow={(r) => ({
              onClick: () => navigate(approvalPath(r.id, box)),
              style: { cursor: 'pointer', background: r.id === selected ? '#e6f4ff' : undefined },
            })}
          />
          <Pager pager={pager} pageInfo={d.myApprovals.pageInfo} />
        </>
      )}
    </QueryState>
  );
}

function KindTag({ kind }: { kind: ApprovalsListItemFragment['kind'] }) {
  const label = useEnumLabel();
  return <Tag color={kind === 'DISCOUNT' ? 'orange' : kind === 'BILLING_ADJUSTMENT' ? 'purple' : 'blue'}>{label('RequestKind', kind)}</Tag>;
}

function ApprovalDetail({
  id,
  box,
  tick,
  onDecided,
}: {
  id: string;
  box: ApprovalBox;
  tick: number;
  onDecided: () => void;
}) {
  const { t } = useTranslation('approvals');
  const navigate = useNavigate();
  const [result, reexecute] = useQuery({ query: ApprovalsDetailDocument, variables: { id } });
  useEffect(() => {
    if (tick > 0) reexecute({ requestPolicy: 'network-only' });
  }, [tick, reexecute]);
  const node = result.data?.node;
  const request = node && 'lineDiscounts' in node ? (node as ApprovalsDetailFieldsFragment) : undefined;
  const close = () => navigate(box === 'WAITING' ? '/approvals' : `/approvals?box=${box}`);
  return (
    <Card
      size="small"
      title={t('detail.title')}
      extra={
        <Button size="small" onClick={close}>
          {t('detail.close')}
        </Button>
      }
    >
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={() => !request}
        emptyText={t('detail.notFound')}
      >
        {() => request && <RequestView request={request} onDecided={onDecided} />}
      </QueryState>
    </Card>
  );
}

export function RequestView({ request: r, onDecided }: { request: ApprovalsDetailFieldsFragment; onDecided: () => void }) {
  const { t } = useTranslation('approvals');
  const label = useEnumLabel();
  const text = (s: string | null | undefined) =>
    s ? <span style={{ whiteSpace: 'pre-wrap' }}>{s}</span> : <Typography.Text type="secondary">{t('detail.none')}</Typography.Text>;
  // A number-grade request has no discount: its figures, services and lines are left out.
  const discount = r.kind === 'DISCOUNT';
  // A billing adjustment's own panel below says what it is; no proposal or industry figures.
  const adjustment = r.kind === 'BILLING_ADJUSTMENT';
  return (
    <div data-testid="approval-request">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'group',
            label: t('detail.group'),
            children: r.group ? <Link to={`/groups/${encodeURIComponent(r.group.id)}`}>{r.group.name}</Link> : '—',
          },
          ...(r.contract || adjustment
            ? []
            : [
                {
                  key: 'proposal',
                  label: t('detail.proposal'),
                  children: r.proposal ? (
                    <Link to={proposalPath(r.proposal.id)}>
                      {r.proposal.title}
                      {r.proposalVersion ? `（${t('detail.versionN', { n: r.proposalVersion.number })}）` : ''}
                    </Link>
                  ) : (
                    '—'
                  ),
                },
              ]),
          ...(r.contract
            ? [
                {
                  key: 'contract',
                  label: t('detail.contract'),
                  children: (
                    <Link to={`/contracts/${encodeURIComponent(r.contract.id)}`}>
                      {r.contract.number ?? r.contract.title}
                    </Link>
                  ),
                },
                { key: 'contractValue', label: t('detail.contractValue'), children: <Money value={r.contract.value} strong /> },
              ]
            : []),
          { key: 'kind', label: t('detail.kind'), children: label('RequestKind', r.kind) },
          { key: 'status', label: t('detail.status'), children: <RequestStatusTag status={r.status} /> },
          { key: 'requester', label: t('detail.requester'), children: r.requester?.displayName ?? '—' },
          { key: 'created', label: t('detail.createdAt'), children: formatDateTime(r.createdAt) },
          // A contract's review is the contract itself: no industry figures or matrix.
          ...(r.contract || adjustment
            ? []
            : [
                {
                  key: 'industryType',
                  label: t('detail.industryType'),
                  children: r.group ? label('GroupKind', r.group.kind) : '—',
                },
                { key: 'industryName', label: t('detail.industryName'), children: r.industryName ?? '—' },
                { key: 'segment', label: t('detail.segment'), children: label('Segment', r.industryType) },
              ]),
          ...(discount
            ? [
                { key: 'monthly', label: t('detail.monthlyDiscount'), children: <Money value={r.monthlyDiscount} strong /> },
                { key: 'max', label: t('detail.maxLineDiscount'), children: <strong>{r.maxLineDiscountPercent}%</strong> },
              ]
            : []),
          ...(r.proposalVersion
            ? [
                {
                  key: 'monthlyTotal',
                  label: t('detail.monthlyTotal'),
                  children: <Money value={r.proposalVersion.monthlyTotal} />,
                },
                {
                  key: 'termTotal',
                  label: t('detail.termTotal'),
                  children: <Money value={r.proposalVersion.termTotal} />,
                },
                {
                  key: 'discountTerm',
                  label: t('detail.discountTerm'),
                  children: (
                    <span>
                      <Money value={r.proposalVersion.discountTerm} />（{r.proposalVersion.discountPercent}%）
                    </span>
                  ),
                },
              ]
            : []),
          ...(r.decidedAt ? [{ key: 'decided', label: t('detail.decidedAt'), children: formatDateTime(r.decidedAt) }] : []),
          ...(discount
            ? [
              {
                key: 'services',
                label: t('detail.discountedServices'),
                span: 'filled' as const,
                children: r.discountedServices.length ? (
                  <Space size={[4, 4]} wrap>
                    {r.discountedServices.map((s) => (
                      <Tag key={s}>{s}</Tag>
                    ))}
                  </Space>
                ) : (
                  text(null)
                ),
              },
              { key: 'bg', label: t('detail.customerBackground'), span: 'filled' as const, children: text(r.customerBackground) },
              {
                key: 'comp',
                label: t('detail.competitiveSituation'),
                span: 'filled' as const,
                children: text(r.competitiveSituation),
              },
              ]
            : []),
          ...(adjustment
            ? []
            : [{ key: 'just', label: t('detail.justification'), span: 'filled' as const, children: text(r.justification) }]),
        ]}
      />

      {r.kind === 'NUMBER_GRADE' && <NumberRequest id={r.id} />}

      {adjustment && <AdjustmentContext requestId={r.id} />}

      {r.kind === 'DISCOUNT' && r.group && <GroupContext groupId={r.group.id} currentProposalId={r.proposal?.id} />}

      {discount && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('detail.lineDiscounts')}
          </Typography.Title>
          <Table
            size="small"
            rowKey={(l) => `${l.productCode}-${l.quantity}-${l.netUnitPrice}-${l.termMonths}`}
            pagination={false}
            dataSource={r.lineDiscounts}
            scroll={{ x: 640 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
            columns={[
              { key: 'product', title: t('line.product'), render: (_, l) => `${l.productName}（${l.productCode}）` },
              { key: 'qty', title: t('line.quantity'), align: 'right', dataIndex: 'quantity' },
              {
                key: 'term',
                title: t('line.termMonths'),
                align: 'right',
                render: (_, l) => (l.termMonths ? l.termMonths : t('line.oneOff')),
              },
              { key: 'unit', title: t('line.unitPrice'), align: 'right', render: (_, l) => <Money value={l.unitPrice} /> },
              { key: 'net', title: t('line.netUnitPrice'), align: 'right', render: (_, l) => <Money value={l.netUnitPrice} /> },
              {
                key: 'rate',
                title: t('line.discountPercent'),
                align: 'right',
                render: (_, l) => (
                  <Typography.Text type={Number(l.discountPercent) > 30 ? 'danger' : undefined}>{l.discountPercent}%</Typography.Text>
                ),
              },
              {
                key: 'monthly',
                title: t('line.monthlyDiscount'),
                align: 'right',
                render: (_, l) => <Money value={l.monthlyDiscount} />,
              },
            ]}
          />
        </>
      )}

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('detail.chain')}
      </Typography.Title>
      <ApprovalSteps steps={r.steps} />
      {!r.contract && !adjustment && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
          {t('detail.matrix', { n: r.matrixNumber })}
        </Typography.Paragraph>
      )}
      {r.carriedFrom && (
        <Alert type="info" showIcon title={t('detail.carried', { time: formatDateTime(r.carriedFrom.createdAt) })} />
      )}

      {r.canDecide && (
        <DecideForm
          requestId={r.id}
          version={r.version}
          onDecided={onDecided}
          rejectedText={adjustment ? t('billing:decide.rejected') : undefined}
        />
      )}
    </div>
  );
}

/** 审批处理: approve or reject the step waiting on the viewer (also on a billing adjustment's page). */
export function DecideForm({
  requestId,
  version,
  onDecided,
  rejectedText,
}: {
  requestId: string;
  version: number;
  onDecided: () => void;
  /** Said once rejected, when the request is not a proposal's (which goes back to draft). */
  rejectedText?: string;
}) {
  const { t } = useTranslation('approvals');
  const [form] = Form.useForm<{ comment?: string }>();
  const [approve, approving] = useAction(ApprovalsApproveStepDocument);
  const [reject, rejecting] = useAction(ApprovalsRejectStepDocument);

  async function decide(kind: 'approve' | 'reject') {
    const comment = (form.getFieldValue('comment') as string | undefined)?.trim() ?? '';
    if (kind === 'reject' && !comment) {
      form.setFields([{ name: 'comment', errors: [t('decide.commentRequired')] }]);
      return;
    }
    if (comment.length > 1000) {
      form.setFields([{ name: 'comment', errors: [t('decide.commentLength')] }]);
      return;
    }
    const run = kind === 'approve' ? approve : reject;
    const payload = await run(
      { input: { requestId, comment: comment || null, expectedVersion: version } },
      { form, success: kind === 'approve' ? t('decide.approved') : (rejectedText ?? t('decide.rejected')) },
    );
    if (payload) {
      form.resetFields();
      onDecided();
    }
  }

  return (
    <Card size="small" title={t('decide.title')} style={{ marginTop: 16, borderColor: '#91caff' }}>
      <Form form={form} layout="vertical">
        <Form.Item label={t('decide.comment')} name="comment">
          <Input.TextArea placeholder={t('decide.placeholder')} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} showCount />
        </Form.Item>
        <Space>
          <Button type="primary" loading={approving} disabled={rejecting} onClick={() => void decide('approve')}>
            {t('decide.approve')}
          </Button>
          <Button danger loading={rejecting} disabled={approving} onClick={() => void decide('reject')}>
            {t('decide.reject')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
