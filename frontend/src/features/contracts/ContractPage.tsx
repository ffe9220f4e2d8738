import { Alert, Button, Card, Descriptions, Progress, Space, Steps, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { Money } from '../../components/Money';
import { PdfActions } from '../../components/PdfActions';
import { OfferedButton } from '../../components/OfferedButton';
import { allowed } from '../../components/offers';
import { QueryState } from '../../components/QueryState';
import { formatDateTime, formatMoney } from '../../components/format';
import { useAction } from '../../components/useAction';
import {
  ContractPdfDocument,
  ContractsActivateDocument,
  ContractsDetailQueryDocument,
  ContractsRecordDocumentDocument,
  ContractsSendDocument,
  ContractsSubmitForReviewDocument,
  type ContractsDetailFragment,
  type ContractsDetailQueryQuery,
  type DocumentKind,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import {
  CreateJobDialog,
  IpApplicationDialog,
  PayDialog,
  ReviewDialog,
  SignDialog,
  TerminateDialog,
} from './ContractDialogs';
import {
  LIFECYCLE,
  checklistSummary,
  contractButtons,
  documentEntry,
  hasIpDetails,
  lifecyclePosition,
  sortDocuments,
  waitingForReview,
  type ContractButton,
} from './logic';
import { ContractStatusTag, DocumentStatusTag, ExactLabels, JobStatusTag } from './parts';
import { useRefusal } from './useRefusal';

type Dialog = 'review' | 'sign' | 'pay' | 'terminate' | 'ip' | 'job' | null;

export function contractOf(d: ContractsDetailQueryQuery | undefined): ContractsDetailFragment | null {
  const n = d?.node;
  return n && 'id' in n && 'documents' in n ? (n as ContractsDetailFragment) : null;
}

/** One contract: lifecycle, lines, document checklist, actions, and its installation jobs. */
export function ContractPage() {
  const { t } = useTranslation('contracts');
  const { id = '' } = useParams();
  const [result, reexecute] = useQuery({ query: ContractsDetailQueryDocument, variables: { id } });
  return (
    <ExactLabels>
      <div style={{ marginBottom: 8 }}>
        <Link to="/contracts">← {t('page.back')}</Link>
      </div>
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => !contractOf(d)}
        emptyText={t('page.notFound')}
      >
        {(d) => <ContractView contract={contractOf(d)!} refetch={() => reexecute({ requestPolicy: 'network-only' })} />}
      </QueryState>
    </ExactLabels>
  );
}

function ContractView({ contract: c, refetch }: { contract: ContractsDetailFragment; refetch: () => void }) {
  const { t } = useTranslation('contracts');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [submit, submitting] = useAction(ContractsSubmitForReviewDocument);
  const [send, sending] = useAction(ContractsSendDocument);
  const activate = useRefusal(ContractsActivateDocument);
  // A refusal is about the contract as it was: drop it once the contract changes.
  const clearRefusal = activate.clear;
  useEffect(() => clearRefusal(), [c.version, clearRefusal]);
  const buttons = contractButtons(c);
  const versioned = { input: { id: c.id, expectedVersion: c.version } };
  const client = useClient();
  // 合同文本, made when asked: to print for signature, or to send.
  const loadPdf = async () => {
    const r = await client.query(ContractPdfDocument, { id: c.id }, { requestPolicy: 'network-only' }).toPromise();
    const node = r.data?.node;
    return node && 'contractPdf' in node ? node.contractPdf : null;
  };

  function onAction(a: ContractButton) {
    switch (a) {
      case 'submit':
        return void submit(versioned, { success: t('actions.submitDone') });
      case 'send':
        return void send(versioned, { success: t('actions.sendDone') });
      case 'activate':
        return void activate.run(versioned, t('actions.activateDone'));
      case 'review':
      case 'sign':
      case 'pay':
      case 'terminate':
        return setDialog(a);
    }
  }
  const busy: Partial<Record<ContractButton, boolean>> = {
    submit: submitting,
    send: sending,
    activate: activate.fetching,
  };
  const close = () => setDialog(null);

  return (
    <>
      <Space align="center" wrap style={{ marginTop: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {c.title}
        </Typography.Title>
        <ContractStatusTag status={c.status} />
        {c.renewalDue && <Tag color="red">{t('page.renewalDue')}</Tag>}
      </Space>
      <div style={{ margin: '8px 0 16px' }}>
        <Typography.Text type="secondary">{t('page.numberLabel')}</Typography.Text>
        {c.number ? (
          <Typography.Text strong copyable style={{ fontSize: 20, fontVariantNumeric: 'tabular-nums' }} data-testid="contract-number">
            {c.number}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('page.noNumber')}</Typography.Text>
        )}
      </div>

      <Space wrap style={{ marginBottom: 16 }}>
        {buttons.map(({ key: a, offer }) => (
          <OfferedButton
            key={a}
            offer={offer}
            type={a === 'terminate' ? 'default' : 'primary'}
            danger={a === 'terminate'}
            // Disabled rather than `loading` while it runs: the spinner's leave animation stalls in
            // background tabs and would stay in the button's accessible name ("loading 生效").
            disabled={busy[a]}
            onClick={() => onAction(a)}
          >
            {t(`actions.${a}`)}
          </OfferedButton>
        ))}
        <PdfActions label={t('page.pdf')} load={loadPdf} />
      </Space>

      {waitingForReview(c) && <Alert type="info" showIcon title={t('page.waitingForHead')} style={{ marginBottom: 16 }} />}
      {c.status === 'REVIEWED' && (
        <Alert type="success" showIcon title={t('page.reviewedReady')} style={{ marginBottom: 16 }} />
      )}
      {c.status === 'DRAFT' && c.reviewComment && (
        <Alert type="warning" showIcon title={t('page.sentBack', { comment: c.reviewComment })} style={{ marginBottom: 16 }} />
      )}
      {activate.refusal && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('page.activateRefused')}
          description={activate.refusal.join('；')}
          closable={{ onClose: activate.clear }}
          style={{ marginBottom: 16 }}
        />
      )}

      <Card size="small" style={{ marginBottom: 16 }}>
        <Lifecycle contract={c} />
      </Card>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Facts contract={c} />
      </Card>

      <Card size="small" title={t('lines.title')} style={{ marginBottom: 16 }}>
        <Lines contract={c} />
      </Card>

      <Card size="small" title={t('checklist.title')} style={{ marginBottom: 16 }}>
        <Checklist contract={c} onIp={() => setDialog('ip')} />
      </Card>

      <Card
        size="small"
        title={t('jobs.title')}
        extra={
          allowed(c, 'CREATE_INSTALLATION_JOB') ? (
            <Button type="primary" onClick={() => setDialog('job')}>
              {t('jobs.create')}
            </Button>
          ) : null
        }
      >
        <Jobs contract={c} />
      </Card>

      <ReviewDialog contract={c} open={dialog === 'review'} onClose={close} />
      <SignDialog contract={c} open={dialog === 'sign'} onClose={close} />
      <PayDialog contract={c} open={dialog === 'pay'} onClose={close} />
      <TerminateDialog contract={c} open={dialog === 'terminate'} onClose={close} />
      <IpApplicationDialog contract={c} open={dialog === 'ip'} onClose={close} />
      <CreateJobDialog
        contract={c}
        open={dialog === 'job'}
        onClose={() => {
          close();
          refetch();
        }}
      />
    </>
  );
}

function Lifecycle({ contract: c }: { contract: ContractsDetailFragment }) {
  const label = useEnumLabel();
  const pos = lifecyclePosition(c.status, c.activatedAt);
  const when: Record<string, string | null | undefined> = {
    DRAFT: c.createdAt,
    REVIEWED: c.reviewedAt,
    SENT: c.sentAt,
    SIGNED: c.signedAt,
    ACTIVE: c.activatedAt,
  };
  return (
    <Steps
      size="small"
      current={pos.current}
      status={pos.status}
      items={LIFECYCLE.map((s) => ({
        title: label('ContractStatus', s),
        content: when[s] ? formatDateTime(when[s]) : undefined,
      }))}
    />
  );
}

function Facts({ contract: c }: { contract: ContractsDetailFragment }) {
  const { t } = useTranslation('contracts');
  const label = useEnumLabel();
  const items = [
    {
      key: 'group',
      label: t('page.group'),
      children: c.group ? <Link to={`/groups/${encodeURIComponent(c.group.id)}`}>{c.group.name}</Link> : '—',
    },
    {
      key: 'proposal',
      label: t('page.proposal'),
      children: c.proposal ? (
        <Link to={`/proposals/${encodeURIComponent(c.proposal.id)}`}>
          {t('page.proposalVersion', { title: c.proposal.title, version: c.proposal.versionNumber })}
        </Link>
      ) : (
        '—'
      ),
    },
    { key: 'owner', label: t('page.owner'), children: c.owner?.displayName ?? '—' },
    {
      key: 'term',
      label: t('page.term'),
      children: (
        <>
          {t('page.termMonths', { count: c.termMonths })}
          {c.termStart && c.termEnd && <>（{t('page.termRange', { start: c.termStart, end: c.termEnd })}）</>}
        </>
      ),
    },
    { key: 'value', label: t('page.value'), children: <Money value={c.value} strong /> },
    { key: 'monthly', label: t('page.monthly'), children: <Money value={c.monthlyTotal} /> },
    { key: 'oneOff', label: t('page.oneOff'), children: <Money value={c.oneOffTotal} /> },
    {
      key: 'paid',
      label: t('page.paid'),
      children: c.paidAmount ? (
        <>
          {t('page.paidInfo', { amount: formatMoney(c.paidAmount), date: c.paidOn ?? '—', voucher: c.voucherNo ?? '—' })}
          {c.shortPaymentReason && (
            <div>
              <Tag color="orange">{t('page.shortPaid', { due: formatMoney(c.amountDue) })}</Tag>
              {c.shortPaymentReason}
            </div>
          )}
        </>
      ) : (
        t('page.due', { due: formatMoney(c.amountDue) })
      ),
    },
    ...(c.reviewedAt
      ? [
          {
            key: 'reviewedBy',
            label: t('page.reviewedBy'),
            // Account managers may not see the head's user record: name the role then.
            children: c.reviewedBy?.displayName ?? label('Role', 'DEPARTMENT_HEAD'),
          },
          { key: 'reviewedAt', label: t('page.reviewedAt'), children: formatDateTime(c.reviewedAt) },
        ]
      : []),
    ...(c.reviewComment ? [{ key: 'reviewComment', label: t('page.reviewComment'), children: c.reviewComment }] : []),
    ...(c.signedAt
      ? [
          { key: 'signer', label: t('page.customerSigner'), children: c.customerSigner ?? '—' },
          { key: 'signedAt', label: t('page.signedAt'), children: formatDateTime(c.signedAt) },
        ]
      : []),
    ...(c.renewalDueOn ? [{ key: 'renewal', label: t('page.renewalDueOn'), children: c.renewalDueOn }] : []),
    ...(c.endedAt ? [{ key: 'ended', label: t('page.endedAt'), children: formatDateTime(c.endedAt) }] : []),
    ...(c.terminationReason
      ? [{ key: 'reason', label: t('page.terminationReason'), children: c.terminationReason }]
      : []),
  ];
  return <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={items} />;
}

/** A percent from the server (`"15.00"`) as shown: `15%`, or `—` for none. */
export function percentText(p: string): string {
  const s = p.includes('.') ? p.replace(/\.?0+$/, '') : p;
  return s === '' || s === '0' ? '—' : `${s}%`;
}

function Lines({ contract: c }: { contract: ContractsDetailFragment }) {
  const { t } = useTranslation('contracts');
  const label = useEnumLabel();
  type Line = ContractsDetailFragment['lines'][number];
  return (
    <Table<Line>
      rowKey="position"
      size="small"
      pagination={false}
      dataSource={c.lines}
      scroll={{ x: 800 }}
      columns={[
        { title: t('lines.position'), dataIndex: 'position', width: 60 },
        {
          title: t('lines.product'),
          key: 'product',
          render: (_, l) => (
            <span>
              {l.product?.name ?? '—'}
              {l.product && (
                <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                  {l.product.code} · {label('Billing', l.product.billing)}
                </Typography.Text>
              )}
            </span>
          ),
        },
        { title: t('lines.quantity'), dataIndex: 'quantity', align: 'right', width: 70 },
        { title: t('lines.termMonths'), dataIndex: 'termMonths', align: 'right', width: 90 },
        { title: t('lines.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: (v: string) => <Money value={v} /> },
        { title: t('lines.discount'), dataIndex: 'discountPercent', align: 'right', width: 80, render: (v: string) => percentText(v) },
        { title: t('lines.netUnitPrice'), dataIndex: 'netUnitPrice', align: 'right', render: (v: string) => <Money value={v} /> },
        { title: t('lines.netTotal'), dataIndex: 'netTotal', align: 'right', render: (v: string) => <Money value={v} strong /> },
      ]}
      summary={() => (
        <>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={7} align="right">
              {t('lines.monthlyTotal')}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={7} align="right">
              <Money value={c.monthlyTotal} />
            </Table.Summary.Cell>
          </Table.Summary.Row>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={7} align="right">
              {t('lines.oneOffTotal')}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={7} align="right">
              <Money value={c.oneOffTotal} />
            </Table.Summary.Cell>
          </Table.Summary.Row>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={7} align="right">
              <strong>{t('lines.value')}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={7} align="right">
              <Money value={c.value} strong />
            </Table.Summary.Cell>
          </Table.Summary.Row>
        </>
      )}
    />
  );
}

type Doc = ContractsDetailFragment['documents'][number];

/** What a recorded document says, in one line. */
function useDocumentDetail() {
  const { t } = useTranslation('contracts');
  return (d: Doc): string => {
    const details = (d.details && typeof d.details === 'object' ? d.details : {}) as Record<string, unknown>;
    if (d.kind === 'SIGNED_COPIES' && typeof details.copies === 'number') {
      return t('checklist.copies', { copies: details.copies, customerCopies: details.customerCopies ?? 2 });
    }
    if (d.kind === 'IP_APPLICATION' && d.status === 'RECEIVED' && hasIpDetails(details)) {
      return t('checklist.ipSummary', { applicant: details.applicant, rate: details.lineRateMbps, count: details.ipCount });
    }
    if (d.kind === 'PAYMENT_VOUCHER' && d.status === 'RECEIVED' && typeof details.voucherNo === 'string') {
      return t('checklist.voucherSummary', {
        voucher: details.voucherNo,
        amount: formatMoney(typeof details.amount === 'string' ? details.amount : String(details.amount ?? '')),
        date: String(details.paidOn ?? '—'),
      });
    }
    return '';
  };
}

export function Checklist({ contract: c, onIp }: { contract: ContractsDetailFragment; onIp: () => void }) {
  const { t } = useTranslation('contracts');
  const label = useEnumLabel();
  const [record, recording] = useAction(ContractsRecordDocumentDocument);
  const [pending, setPending] = useState<DocumentKind | null>(null);
  const detail = useDocumentDetail();
  const summary = checklistSummary(c.documents);
  const editable = allowed(c, 'RECORD_CONTRACT_DOCUMENT');

  async function mark(kind: DocumentKind, received: boolean) {
    setPending(kind);
    await record(
      { input: { id: c.id, expectedVersion: c.version, kind, received } },
      { success: t(received ? 'checklist.receivedDone' : 'checklist.missingDone', { kind: label('DocumentKind', kind) }) },
    );
    setPending(null);
  }

  function action(d: Doc) {
    if (!editable) return null;
    switch (documentEntry(d.kind)) {
      case 'ipForm':
        if (!allowed(c, 'RECORD_IP_APPLICATION')) return null;
        return (
          <Button size="small" type={d.status === 'MISSING' ? 'primary' : 'default'} onClick={onIp}>
            {t(d.status === 'RECEIVED' ? 'checklist.editIp' : 'checklist.fillIp')}
          </Button>
        );
      case 'payment':
        // Recorded with the page's 登记缴费 action (one button, not two with the same label).
        return d.status === 'MISSING' ? <Typography.Text type="secondary">{t('checklist.byPayment')}</Typography.Text> : null;
      case 'system':
        return <Typography.Text type="secondary">{t('checklist.bySystem')}</Typography.Text>;
      default:
        if (d.status === 'MISSING') {
          return (
            <Button
              size="small"
              type="primary"
              disabled={recording && pending === d.kind}
              onClick={() => mark(d.kind, true)}
              aria-label={`${t('checklist.markReceived')} ${label('DocumentKind', d.kind)}`}
            >
              {t('checklist.markReceived')}
            </Button>
          );
        }
        if (d.status === 'RECEIVED') {
          return (
            <Button
              size="small"
              disabled={recording && pending === d.kind}
              onClick={() => mark(d.kind, false)}
              aria-label={`${t('checklist.markMissing')} ${label('DocumentKind', d.kind)}`}
            >
              {t('checklist.markMissing')}
            </Button>
          );
        }
        return null;
    }
  }

  return (
    <>
      <Space align="center" wrap style={{ marginBottom: 12 }}>
        <Progress
          type="circle"
          size={44}
          percent={summary.percent}
          status={summary.complete ? 'success' : 'normal'}
          aria-label={t('checklist.progress', { received: summary.received, required: summary.required })}
        />
        <Typography.Text>{t('checklist.progress', { received: summary.received, required: summary.required })}</Typography.Text>
        {summary.complete ? (
          <Tag color="success">{t('checklist.complete')}</Tag>
        ) : (
          // A long list wraps on a phone instead of widening the page.
          <Tag color="error" data-testid="checklist-missing" style={{ whiteSpace: 'normal', height: 'auto', maxWidth: '100%' }}>
            {t('checklist.incomplete', { missing: summary.missing.map((k) => label('DocumentKind', k)).join('、') })}
          </Tag>
        )}
      </Space>
      <Table<Doc>
        rowKey="kind"
        size="small"
        pagination={false}
        // On a phone the table scrolls within its card, not the page.
        scroll={{ x: 'max-content' }}
        dataSource={sortDocuments(c.documents)}
        columns={[
          { title: t('checklist.kind'), dataIndex: 'kind', render: (_, d) => label('DocumentKind', d.kind) },
          { title: t('checklist.status'), dataIndex: 'status', width: 90, render: (_, d) => <DocumentStatusTag status={d.status} /> },
          {
            title: t('checklist.receivedAt'),
            dataIndex: 'updatedAt',
            width: 150,
            render: (_, d) => (d.status === 'RECEIVED' ? formatDateTime(d.updatedAt) : '—'),
          },
          {
            title: t('checklist.detail'),
            key: 'detail',
            render: (_, d) => (
              <span>
                {detail(d)}
                {d.note && <Typography.Text type="secondary"> {d.note}</Typography.Text>}
              </span>
            ),
          },
          { title: t('common:actions'), key: 'action', width: 180, render: (_, d) => action(d) },
        ]}
      />
    </>
  );
}

function Jobs({ contract: c }: { contract: ContractsDetailFragment }) {
  const { t } = useTranslation('contracts');
  type Job = ContractsDetailFragment['installationJobs'][number];
  if (c.status !== 'ACTIVE' && c.installationJobs.length === 0) {
    return <Typography.Text type="secondary">{t('jobs.onlyActive')}</Typography.Text>;
  }
  return (
    <Table<Job>
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={c.installationJobs}
      locale={{ emptyText: t('jobs.empty') }}
      columns={[
        { title: t('jobs.site'), dataIndex: 'siteAddress' },
        { title: t('jobs.status'), dataIndex: 'status', width: 100, render: (_, j) => <JobStatusTag status={j.status} /> },
        { title: t('jobs.lead'), key: 'lead', width: 110, render: (_, j) => j.lead?.displayName ?? t('jobs.noLead') },
        { title: t('jobs.scheduledOn'), dataIndex: 'scheduledOn', width: 110, render: (v: string | null) => v ?? '—' },
        {
          title: t('jobs.faults'),
          key: 'faults',
          width: 100,
          render: (_, j) => {
            const open = j.faults.filter((f) => f.status !== 'CLOSED').length;
            return open ? <Tag color="red">{t('jobs.openFaults', { count: open })}</Tag> : '—';
          },
        },
        { title: t('jobs.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
        {
          title: t('common:actions'),
          key: 'open',
          width: 100,
          render: (_, j) => <Link to={`/installations/${encodeURIComponent(j.id)}`}>{t('jobs.view')}</Link>,
        },
      ]}
    />
  );
}
