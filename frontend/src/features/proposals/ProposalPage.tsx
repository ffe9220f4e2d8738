// 方案 · 报价: the proposal builder (new or saved draft), the proposal's lifecycle actions,
// its approvals, follow-ups and version history.
import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { formatDateTime } from '../../components/format';
import { pdfBlob, saveBlob } from '../../components/files';
import { PdfActions } from '../../components/PdfActions';
import { Money } from '../../components/Money';
import { OfferedButton } from '../../components/OfferedButton';
import { allowed, offer } from '../../components/offers';
import { QueryState } from '../../components/QueryState';
import { useAction } from '../../components/useAction';
import {
  CreateContractFromProposalDocument,
  CreateProposalDocument,
  type CustomerDecision,
  ProposalBuilderGroupDocument,
  ProposalBuilderGroupsDocument,
  type ProposalAction,
  type ProposalDetailFieldsFragment,
  ProposalDetailDocument,
  ProposalQuotePdfDocument,
  ProposalSentQuotePdfsDocument,
  type ProposalVersionFieldsFragment,
  RecordProposalDecisionDocument,
  ReviseProposalDocument,
  SendProposalDocument,
  SubmitProposalDocument,
  UpdateProposalDocument,
  WithdrawProposalDocument,
} from '../../gql/graphql';
import { useEnumLabel, useEnumOptions } from '../../i18n/enums';
import { ProjectStory } from '../cases/parts';
import { ApprovalSteps } from '../approvals/ApprovalSteps';
import {
  DEFAULT_TERM_MONTHS,
  type ProductInfo,
  type ProposalFormValues,
  draftFromVisit,
  fromVersion,
  toContentInput,
  toPricingLines,
} from './formMapping';
import { dec, isZero } from './decimal';
import { REASON_MAX } from './lineValidation';
import { ProposalStatusTag, RequestStatusTag, proposalPath } from './parts';
import { computeTotals } from './pricing';
import { ProposalEditor } from './ProposalEditor';
import { TotalsPanel } from './TotalsPanel';
import { type CatalogState, useCatalog } from './useCatalog';
import { VersionCompare } from './VersionCompare';

type Proposal = ProposalDetailFieldsFragment;

// The page also shows the proposal's contract and approvals: their changes refresh it.
const DETAIL_CONTEXT = { additionalTypenames: ['Contract', 'ApprovalRequest', 'Task'] };

export function ProposalPage() {
  const { id } = useParams();
  return id ? <ExistingProposal key={id} id={id} /> : <NewProposal />;
}

/** Every product a form may name: the catalog on offer, plus the products of saved lines. */
function useProductMap(catalog: CatalogState, versions: readonly ProposalVersionFieldsFragment[] = []) {
  return useMemo(() => {
    const m = new Map<string, ProductInfo>();
    for (const v of versions) for (const l of v.lines) if (l.product) m.set(l.product.id, l.product);
    for (const p of catalog.data?.products ?? []) m.set(p.id, p);
    return m;
  }, [catalog.data, versions]);
}

function groupPath(id: string) {
  return `/groups/${encodeURIComponent(id)}`;
}

// ---------------------------------------------------------------------------------------------
// New proposal

function NewProposal() {
  const { t } = useTranslation('proposals');
  const label = useEnumLabel();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<ProposalFormValues>();
  const [catalog, retryCatalog] = useCatalog();
  const products = useProductMap(catalog);
  const [dirty, setDirty] = useState(false);
  const [search, setSearch] = useState('');
  const groupId = Form.useWatch('groupId', form) as string | undefined;
  const visitId = Form.useWatch('visitId', form) as string | undefined;
  const [groups] = useQuery({ query: ProposalBuilderGroupsDocument, variables: { search: search.trim() || null } });
  const [group] = useQuery({ query: ProposalBuilderGroupDocument, variables: { id: groupId ?? '' }, pause: !groupId });
  const chosen = group.data?.node && 'visits' in group.data.node ? group.data.node : undefined;
  const [create, creating] = useAction(CreateProposalDocument);
  const initialValues = useMemo<ProposalFormValues>(
    () => ({
      groupId: params.get('groupId') || undefined,
      visitId: params.get('visitId') || undefined,
      title: '',
      defaultTermMonths: DEFAULT_TERM_MONTHS,
      lines: [],
    }),
    [params],
  );

  const groupOptions = useMemo(() => {
    const list = groups.data?.groups.nodes ?? [];
    const all = chosen && !list.some((g) => g.id === chosen.id) ? [chosen, ...list] : list;
    return all.map((g) => ({ value: g.id, label: `${g.name}（${g.code}）` }));
  }, [groups.data, chosen]);
  const visits = chosen?.visits.nodes ?? [];
  const visit = visits.find((v) => v.id === visitId);

  // The visit's needs fill the lines, the title and the background: at once when a visit is
  // chosen (or came in the link) and nothing has been entered yet, on request otherwise.
  const draft = useMemo(
    () =>
      visit && chosen && products.size > 0
        ? draftFromVisit(visit, products, (names, more) =>
            t(names ? 'builder.titleFromVisit' : 'builder.titleFromVisitPlain', { group: chosen.name, names, more: more ? t('builder.andMore') : '' }),
          )
        : null,
    [visit, chosen, products, t],
  );
  function fillFromVisit(only: 'empty' | 'all') {
    if (!draft) return;
    const blank = (name: keyof ProposalFormValues) => {
      const v = form.getFieldValue(name);
      return v == null || v === '' || (Array.isArray(v) && v.length === 0);
    };
    const fill = (name: keyof ProposalFormValues, value: unknown) => {
      if (value != null && (only === 'all' || blank(name))) form.setFieldValue(name, value);
    };
    fill('lines', draft.lines.length ? draft.lines : null);
    fill('title', draft.title);
    fill('customerBackground', draft.customerBackground);
    setDirty(true);
  }
  useEffect(() => {
    if (draft) fillFromVisit('empty');
    // Once per chosen visit (the draft changes only with it or the catalogue).
      }, [draft]);

  async function save() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const payload = await create(
      {
        input: {
          groupId: values.groupId ?? '',
          visitId: values.visitId || null,
          content: toContentInput(values, products),
        },
      },
      { form, strip: ['content'], success: t('done.created') },
    );
    if (payload?.proposal) navigate(proposalPath(payload.proposal.id), { replace: true });
  }

  const header = (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Form.Item
          label={t('builder.group')}
          name="groupId"
          rules={[{ required: true, message: t('rule.groupRequired') }]}
          extra={
            chosen ? t('builder.industryLine', { value: `${label('Segment', chosen.segment)} · ${chosen.industry}` }) : undefined
          }
        >
          <Select
            aria-label={t('builder.group')}
            placeholder={t('builder.groupPlaceholder')}
            showSearch={{ filterOption: false, onSearch: setSearch }}
            loading={groups.fetching}
            options={groupOptions}
            onChange={() => form.setFieldValue('visitId', undefined)}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          label={t('builder.visit')}
          name="visitId"
          extra={visit ? t('builder.visitHint') : undefined}
        >
          <Select
            aria-label={t('builder.visit')}
            allowClear
            disabled={!chosen}
            placeholder={t('builder.visitPlaceholder')}
            options={visits.map((v) => ({
              value: v.id,
              label: `${formatDateTime(v.endedAt ?? v.startedAt)} · ${label('VisitPurpose', v.purpose)} · ${label('VisitMethod', v.method)}${
                v.needProducts.length ? ` · ${v.needProducts.map((p) => p.name).join('、')}` : ''
              }`,
            }))}
          />
        </Form.Item>
        {visit && visit.needProducts.length > 0 && (
          <Button size="small" style={{ marginTop: -12, marginBottom: 12 }} onClick={() => fillFromVisit('all')}>
            {t('builder.fillFromVisit')}
          </Button>
        )}
      </Col>
    </Row>
  );

  return (
    <div>
      <Breadcrumb items={[{ title: <Link to="/proposals">{t('list.title')}</Link> }, { title: t('builder.newTitle') }]} />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ margin: '8px 0 16px' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('builder.newTitle')}
        </Typography.Title>
        <Space>
          <Button onClick={() => navigate('/proposals')}>{t('common:cancel')}</Button>
          <Button type="primary" loading={creating} onClick={save} disabled={!catalog.data}>
            {t('action.save')}
          </Button>
        </Space>
      </Flex>
      <QueryState result={catalog} onRetry={retryCatalog}>
        {(c) => (
          <ProposalEditor
            form={form}
            catalog={c.products}
            products={products}
            initialValues={initialValues}
            onChange={() => setDirty(true)}
            dirty={dirty}
            header={header}
          />
        )}
      </QueryState>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Saved proposal

function ExistingProposal({ id }: { id: string }) {
  const { t } = useTranslation('proposals');
  const [result, reexecute] = useQuery({ query: ProposalDetailDocument, variables: { id }, context: DETAIL_CONTEXT });
  const [catalog, retryCatalog] = useCatalog();
  const node = result.data?.node;
  const proposal = node && 'allowedActions' in node ? (node as Proposal) : undefined;
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <QueryState result={result} onRetry={refetch} isEmpty={() => !proposal} emptyText={t('detail.notFound')}>
      {() =>
        proposal && (
          <QueryState result={catalog} onRetry={retryCatalog}>
            {() => <ProposalView proposal={proposal} catalog={catalog} refetch={refetch} />}
          </QueryState>
        )
      }
    </QueryState>
  );
}

function ProposalView({
  proposal: p,
  catalog,
  refetch,
}: {
  proposal: Proposal;
  catalog: CatalogState;
  refetch: () => void;
}) {
  const { t } = useTranslation('proposals');
  const label = useEnumLabel();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useClient();
  const [form] = Form.useForm<ProposalFormValues>();
  const [dirty, setDirty] = useState(false);
  const products = useProductMap(catalog, p.versions);
  // The current version's quote, made when asked (to check or print before sending).
  const loadQuote = async () => {
    const r = await client.query(ProposalQuotePdfDocument, { id: p.id }, { requestPolicy: 'network-only' }).toPromise();
    const node = r.data?.node;
    return node && 'quotePdf' in node ? node.quotePdf : null;
  };
  const editable = allowed(p, 'UPDATE_PROPOSAL');
  const current = p.currentVersion;
  const initialValues = useMemo(() => fromVersion(current), [current]);
  const versionKey = `${p.id}:${p.version}:${current?.number}`;

  // Show what the server holds whenever the proposal changes.
  useEffect(() => {
    if (editable) {
      form.resetFields();
      form.setFieldsValue(fromVersion(current));
    }
    setDirty(false);
      }, [versionKey]);

  const [update, saving] = useAction(UpdateProposalDocument);
  const [submit, submitting] = useAction(SubmitProposalDocument);
  const [send, sending] = useAction(SendProposalDocument);
  const [createContract, creatingContract] = useAction(CreateContractFromProposalDocument);
  const [modal, setModal] = useState<null | 'decide' | 'revise' | 'withdraw'>(null);
  const opts = { form, strip: ['content'], onConflict: refetch };

  /** Saves the form; resolves to the proposal as saved, or null. */
  async function save(): Promise<Proposal | null> {
    const values = await form.validateFields().catch(() => null);
    if (!values) return null;
    const before = current?.number;
    const payload = await update(
      { input: { id: p.id, expectedVersion: p.version, content: toContentInput(values, products) } },
      opts,
    );
    const saved = payload?.proposal ?? null;
    if (saved) {
      const n = saved.versionNumber;
      message.success(n !== before ? t('done.savedNewVersion', { n }) : t('done.saved'));
      setDirty(false);
    }
    return saved;
  }

  async function onSubmit() {
    let version = p.version;
    let justification = current?.justification;
    let discounted = current ? !isZero(dec(current.discountTerm)) || !isZero(dec(current.maxLineDiscountPercent)) : false;
    let lineCount = current?.lines.length ?? 0;
    if (editable && dirty) {
      const values = form.getFieldsValue(true) as ProposalFormValues;
      const live = computeTotals(toPricingLines(values.lines, products).map((x) => x.line)).totals;
      if (live.discounted && !values.justification?.trim()) {
        form.setFields([{ name: 'justification', errors: [t('rule.justification')] }]);
        form.scrollToField('justification');
        return;
      }
      const saved = await save();
      if (!saved) return;
      version = saved.version;
      justification = saved.currentVersion?.justification;
      discounted = live.discounted;
      lineCount = saved.currentVersion?.lines.length ?? 0;
    }
    if (lineCount === 0) {
      message.error(t('rule.linesRequired'));
      return;
    }
    if (discounted && !justification) {
      form.setFields([{ name: 'justification', errors: [t('rule.justification')] }]);
      form.scrollToField('justification');
      return;
    }
    await submit({ input: { id: p.id, expectedVersion: version } }, { ...opts, success: t('done.submitted') });
  }

  async function onSend() {
    await send({ input: { id: p.id, expectedVersion: p.version } }, { onConflict: refetch, success: t('done.sent') });
  }

  async function onCreateContract() {
    const payload = await createContract(
      { input: { proposalId: p.id } },
      { onConflict: refetch, success: t('done.contractCreated') },
    );
    if (payload?.contract) navigate(`/contracts/${encodeURIComponent(payload.contract.id)}`);
  }

  const can = (a: ProposalAction) => allowed(p, a);
  const requests = [...p.approvalRequests].reverse();
  const hasApprovedDiscount = p.approvalRequests.some((r) => r.kind === 'DISCOUNT' && r.status === 'APPROVED');
  const nextNumber = (current?.number ?? 0) + 1;

  const waitingOnMe = p.approvalRequests.find((r) => r.canDecide);
  const actions = (
    <Space wrap>
      {waitingOnMe && (
        <Button type="primary" onClick={() => navigate(`/approvals/${encodeURIComponent(waitingOnMe.id)}`)}>
          {t('action.decideApproval')}
        </Button>
      )}
      {editable && (
        <Button loading={saving} onClick={() => void save()} type={dirty ? 'primary' : 'default'}>
          {t('action.save')}
        </Button>
      )}
      <OfferedButton
        offer={offer(p, 'SUBMIT_PROPOSAL')}
        type="primary"
        loading={submitting}
        onClick={() => void onSubmit()}
      >
        {t('action.submit')}
      </OfferedButton>
      {can('SEND_PROPOSAL') && (
        <Button type="primary" loading={sending} onClick={() => void onSend()}>
          {t('action.send')}
        </Button>
      )}
      {can('RECORD_CUSTOMER_DECISION') && (
        <Button type="primary" onClick={() => setModal('decide')}>
          {t('action.decide')}
        </Button>
      )}
      {can('CREATE_CONTRACT_FROM_PROPOSAL') && (
        <Button type="primary" loading={creatingContract} onClick={() => void onCreateContract()}>
          {t('action.createContract')}
        </Button>
      )}
      {p.contract && (
        <Link to={`/contracts/${encodeURIComponent(p.contract.id)}`}>
          {t('action.viewContract')}
          {p.contract.number ? ` ${p.contract.number}` : ''}
        </Link>
      )}
      <PdfActions label={t('quote.label')} load={loadQuote} />
      {can('REVISE_PROPOSAL') && <Button onClick={() => setModal('revise')}>{t('action.revise')}</Button>}
      {can('WITHDRAW_PROPOSAL') && (
        <Button danger onClick={() => setModal('withdraw')}>
          {t('action.withdraw')}
        </Button>
      )}
    </Space>
  );

  const notice = editable ? (
    current?.locked ? (
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('detail.lockedNotice', { n: current.number, next: nextNumber })} />
    ) : null
  ) : null;

  const content = editable ? (
    <ProposalEditor
      form={form}
      catalog={catalog.data?.products ?? []}
      products={products}
      initialValues={initialValues}
      onChange={() => setDirty(true)}
      saved={current}
      dirty={dirty}
      notice={notice}
      mayKeepApproval={hasApprovedDiscount}
      industry={p.group ? `${label('Segment', p.group.segment)} · ${p.group.industry}` : undefined}
    />
  ) : (
    <>
      {['PENDING_APPROVAL', 'APPROVED', 'SENT'].includes(p.status) && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('detail.readOnlyNotice', { status: label('ProposalStatus', p.status) })}
        />
      )}
      {current && <VersionView version={current} group={p.group} latest={requests[0]} />}
    </>
  );

  return (
    <div>
      <Breadcrumb items={[{ title: <Link to="/proposals">{t('list.title')}</Link> }, { title: p.title || '—' }]} />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ margin: '8px 0 12px' }}>
        <Space align="center" wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {p.title || '—'}
          </Typography.Title>
          <ProposalStatusTag status={p.status} />
          <Tag data-testid="proposal-version">{t('versionN', { n: p.versionNumber })}</Tag>
          {p.isLate && <Tag color="red">{t('late')}</Tag>}
        </Space>
        {actions}
      </Flex>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            {
              key: 'group',
              label: t('detail.group'),
              children: p.group ? <Link to={groupPath(p.group.id)}>{p.group.name}</Link> : '—',
            },
            { key: 'owner', label: t('detail.owner'), children: p.owner?.displayName ?? '—' },
            { key: 'stage', label: t('detail.stage'), children: label('Stage', p.stage) },
            {
              key: 'contract',
              label: t('detail.contract'),
              children: p.contract ? (
                <Link to={`/contracts/${encodeURIComponent(p.contract.id)}`}>
                  {p.contract.number ?? p.contract.title} · {label('ContractStatus', p.contract.status)}
                </Link>
              ) : (
                t('detail.noContract')
              ),
            },
            {
              key: 'due',
              label: t('detail.dueAt'),
              children: p.dueAt ? (
                <Space size={4}>
                  {formatDateTime(p.dueAt)}
                  {p.isLate ? <Tag color="red">{t('late')}</Tag> : <Tag color="green">{t('detail.onTime')}</Tag>}
                </Space>
              ) : (
                '—'
              ),
            },
            {
              key: 'visit',
              label: t('detail.visit'),
              children: p.visit
                ? `${formatDateTime(p.visit.endedAt)} · ${label('VisitPurpose', p.visit.purpose)}`
                : '—',
            },
            { key: 'submitted', label: t('detail.submittedAt'), children: formatDateTime(p.submittedAt) },
            { key: 'approved', label: t('detail.approvedAt'), children: formatDateTime(p.approvedAt) },
            { key: 'sent', label: t('detail.sentAt'), children: formatDateTime(p.sentAt) },
            { key: 'valid', label: t('detail.validUntil'), children: formatDateTime(p.validUntil) },
            ...(p.decidedAt
              ? [{ key: 'decided', label: t('detail.decidedAt'), children: formatDateTime(p.decidedAt) }]
              : []),
            ...(p.decisionReason
              ? [{ key: 'reason', label: t('detail.decisionReason'), children: p.decisionReason }]
              : []),
            ...(p.withdrawnReason
              ? [{ key: 'withdrawn', label: t('detail.withdrawnReason'), children: p.withdrawnReason }]
              : []),
          ]}
        />
      </Card>

      <Tabs
        items={[
          { key: 'content', label: t('tab.content'), children: content },
          {
            key: 'approvals',
            label: `${t('tab.approvals')} (${requests.length})`,
            children: <ApprovalHistory requests={requests} />,
          },
          {
            key: 'followUps',
            label: `${t('tab.followUps')} (${p.followUps.length})`,
            children: <FollowUps tasks={p.followUps} />,
          },
          {
            key: 'versions',
            label: `${t('tab.versions')} (${p.versions.length})`,
            children: <VersionCompare versions={p.versions} />,
          },
          {
            key: 'sentQuotes',
            label: `${t('tab.sentQuotes')} (${p.sentQuotes.length})`,
            children: <SentQuotes proposal={p} />,
          },
          { key: 'story', label: t('cases:story.tab'), children: <ProjectStory proposalId={p.id} /> },
        ]}
      />

      <DecisionModal open={modal === 'decide'} proposal={p} onClose={() => setModal(null)} onConflict={refetch} />
      <ReasonModal
        kind="revise"
        open={modal === 'revise'}
        proposal={p}
        onClose={() => setModal(null)}
        onConflict={refetch}
      />
      <ReasonModal
        kind="withdraw"
        open={modal === 'withdraw'}
        proposal={p}
        onClose={() => setModal(null)}
        onConflict={refetch}
      />
    </div>
  );
}

/** The quotes as sent to the customer, each downloadable exactly as it went out. */
function SentQuotes({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation('proposals');
  const client = useClient();
  const [busy, setBusy] = useState<string | null>(null);
  if (proposal.sentQuotes.length === 0) return <Typography.Paragraph type="secondary">{t('quote.none')}</Typography.Paragraph>;
  const download = async (sha256: string) => {
    setBusy(sha256);
    const r = await client
      .query(ProposalSentQuotePdfsDocument, { id: proposal.id }, { requestPolicy: 'network-only' })
      .toPromise();
    setBusy(null);
    const node = r.data?.node;
    const file = node && 'sentQuotes' in node ? node.sentQuotes.find((q) => q.sha256 === sha256) : undefined;
    if (file) saveBlob(pdfBlob(file.contentBase64), file.fileName);
  };
  return (
    <List
      dataSource={proposal.sentQuotes}
      renderItem={(q) => (
        <List.Item
          actions={[
            <Button key="download" icon={<DownloadOutlined />} loading={busy === q.sha256} onClick={() => void download(q.sha256)}>
              {t('quote.download')}
            </Button>,
          ]}
        >
          <List.Item.Meta
            title={q.fileName}
            description={
              <>
                {t('quote.item', { n: q.versionNumber ?? '—', time: formatDateTime(q.createdAt), size: Math.ceil(q.size / 1024) })}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, overflowWrap: 'anywhere' }}>
                  {t('quote.checksum', { sha: q.sha256 })}
                </Typography.Text>
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** A saved version, read only: its lines and the server's totals. */
function VersionView({
  version,
  group,
  latest,
}: {
  version: ProposalVersionFieldsFragment;
  group?: Proposal['group'];
  latest?: Proposal['approvalRequests'][number];
}) {
  const { t } = useTranslation('proposals');
  const label = useEnumLabel();
  return (
    <>
      <Card size="small" title={t('builder.lines')} style={{ marginBottom: 16 }}>
        <Table
          size="small"
          rowKey="position"
          pagination={false}
          dataSource={version.lines}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('builder.noLines') }}
          columns={[
            {
              key: 'product',
              title: t('builder.product'),
              render: (_, l) => (l.product ? `${l.product.name}（${l.product.code}）` : '—'),
            },
            {
              key: 'billing',
              title: t('builder.billing'),
              render: (_, l) => (l.product ? label('Billing', l.product.billing) : '—'),
            },
            {
              key: 'price',
              title: t('builder.standardPrice'),
              align: 'right',
              render: (_, l) => <Money value={l.unitPrice} />,
            },
            { key: 'qty', title: t('builder.quantity'), align: 'right', dataIndex: 'quantity' },
            {
              key: 'term',
              title: t('builder.termMonths'),
              align: 'right',
              render: (_, l) => (l.termMonths ? l.termMonths : t('builder.oneOff')),
            },
            {
              key: 'discount',
              title: t('builder.discountValue'),
              render: (_, l) =>
                l.discountKind === 'PERCENT' ? (
                  `${l.discountPercent}%`
                ) : l.discountKind === 'AMOUNT' ? (
                  <Money value={l.discountAmount} />
                ) : (
                  label('DiscountKind', 'NONE')
                ),
            },
            {
              key: 'net',
              title: t('builder.netUnitPrice'),
              align: 'right',
              render: (_, l) => <Money value={l.netUnitPrice} />,
            },
            {
              key: 'rate',
              title: t('builder.lineDiscount'),
              align: 'right',
              render: (_, l) => `${l.lineDiscountPercent}%`,
            },
            {
              key: 'total',
              title: t('builder.netTotal'),
              align: 'right',
              render: (_, l) => <Money value={l.netTotal} strong />,
            },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('builder.approvalInfo')} style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                ...(group
                  ? [
                      {
                        key: 'industry',
                        label: t('builder.industry'),
                        children: `${label('Segment', group.segment)} · ${group.industry}`,
                      },
                    ]
                  : []),
                {
                  key: 'bg',
                  label: t('builder.customerBackground'),
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{version.customerBackground ?? '—'}</span>,
                },
                {
                  key: 'comp',
                  label: t('builder.competitiveSituation'),
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{version.competitiveSituation ?? '—'}</span>,
                },
                {
                  key: 'just',
                  label: t('builder.justification'),
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{version.justification ?? '—'}</span>,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <TotalsPanel saved={version} />
          {latest && (
            <Card
              size="small"
              style={{ marginTop: 12 }}
              title={t('approvals.request', { n: latest.proposalVersion?.number ?? '—', kind: label('RequestKind', latest.kind) })}
              extra={<RequestStatusTag status={latest.status} />}
            >
              <ApprovalSteps steps={latest.steps} orientation="vertical" />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}

function ApprovalHistory({ requests }: { requests: Proposal['approvalRequests'] }) {
  const { t } = useTranslation('proposals');
  const label = useEnumLabel();
  if (!requests.length) return <Typography.Text type="secondary">{t('approvals.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      {requests.map((r) => (
        <Card
          key={r.id}
          size="small"
          title={
            <Space wrap>
              <Link to={`/approvals/${encodeURIComponent(r.id)}`}>
                {t('approvals.request', { n: r.proposalVersion?.number ?? '—', kind: label('RequestKind', r.kind) })}
              </Link>
              <RequestStatusTag status={r.status} />
              {r.carriedFrom && <Tag>{t('approvals.carried')}</Tag>}
            </Space>
          }
          extra={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('approvals.raisedBy', { name: r.requester?.displayName ?? '—', time: formatDateTime(r.createdAt) })}
            </Typography.Text>
          }
        >
          <Space size="large" style={{ marginBottom: 12 }} wrap>
            <span>
              {t('approvals.monthlyDiscount')}：<Money value={r.monthlyDiscount} />
            </span>
            <span>
              {t('approvals.maxLine')}：{r.maxLineDiscountPercent}%
            </span>
          </Space>
          <ApprovalSteps steps={r.steps} />
        </Card>
      ))}
    </Space>
  );
}

function FollowUps({ tasks }: { tasks: Proposal['followUps'] }) {
  const { t } = useTranslation('proposals');
  const label = useEnumLabel();
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={[...tasks].sort((a, b) => a.dueAt.localeCompare(b.dueAt))}
      locale={{ emptyText: t('followUps.none') }}
      columns={[
        { key: 'title', title: t('followUps.title'), dataIndex: 'title' },
        { key: 'due', title: t('followUps.dueAt'), render: (_, x) => formatDateTime(x.dueAt) },
        {
          key: 'status',
          title: t('followUps.status'),
          render: (_, x) => (
            <Tag color={x.status === 'OPEN' ? 'processing' : x.status === 'DONE' ? 'success' : 'default'}>
              {label('TaskStatus', x.status)}
            </Tag>
          ),
        },
        { key: 'done', title: t('followUps.doneAt'), render: (_, x) => formatDateTime(x.doneAt) },
      ]}
    />
  );
}

// ---------------------------------------------------------------------------------------------
// Dialogs

function DecisionModal({
  open,
  proposal,
  onClose,
  onConflict,
}: {
  open: boolean;
  proposal: Proposal;
  onClose: () => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation('proposals');
  const options = useEnumOptions();
  const [form] = Form.useForm<{ decision: CustomerDecision; reason?: string }>();
  const [record, recording] = useAction(RecordProposalDecisionDocument);
  const decision = Form.useWatch('decision', form);
  async function ok() {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const payload = await record(
      {
        input: {
          id: proposal.id,
          expectedVersion: proposal.version,
          decision: v.decision,
          reason: v.reason?.trim() || null,
        },
      },
      { form, onConflict, success: t('done.decided') },
    );
    if (payload) {
      form.resetFields();
      onClose();
    }
  }
  return (
    <Modal
      open={open}
      title={t('modal.decideTitle')}
      onOk={() => void ok()}
      okText={t('common:confirm')}
      cancelText={t('common:cancel')}
      confirmLoading={recording}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ decision: 'ACCEPTED' }} preserve={false}>
        <Form.Item label={t('modal.decision')} name="decision" rules={[{ required: true, message: t('rule.required') }]}>
          <Radio.Group options={options('CustomerDecision')} optionType="button" buttonStyle="solid" />
        </Form.Item>
        <Form.Item
          label={t('modal.decisionReason')}
          name="reason"
          rules={[
            { required: decision === 'REJECTED', whitespace: true, message: t('rule.rejectReason') },
            { max: REASON_MAX, message: t('rule.reasonLength') },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReasonModal({
  kind,
  open,
  proposal,
  onClose,
  onConflict,
}: {
  kind: 'revise' | 'withdraw';
  open: boolean;
  proposal: Proposal;
  onClose: () => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation('proposals');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [revise, revising] = useAction(ReviseProposalDocument);
  const [withdraw, withdrawing] = useAction(WithdrawProposalDocument);
  async function ok() {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const input = { id: proposal.id, expectedVersion: proposal.version, reason: v.reason.trim() };
    const payload =
      kind === 'revise'
        ? await revise({ input }, { form, onConflict })
        : await withdraw({ input }, { form, onConflict, success: t('done.withdrawn') });
    if (payload?.proposal) {
      if (kind === 'revise') message.success(t('done.revised', { n: payload.proposal.versionNumber }));
      form.resetFields();
      onClose();
    }
  }
  return (
    <Modal
      open={open}
      title={t(kind === 'revise' ? 'modal.reviseTitle' : 'modal.withdrawTitle')}
      onOk={() => void ok()}
      okText={t('common:confirm')}
      okButtonProps={{ danger: kind === 'withdraw' }}
      cancelText={t('common:cancel')}
      confirmLoading={revising || withdrawing}
      onCancel={onClose}
      destroyOnHidden
    >
      {kind === 'revise' && (
        <Typography.Paragraph type="secondary">{t('modal.reviseHint')}</Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          label={t(kind === 'revise' ? 'modal.reviseReason' : 'modal.withdrawReason')}
          name="reason"
          rules={[
            { required: true, whitespace: true, message: t('rule.required') },
            { max: REASON_MAX, message: t('rule.reasonLength') },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
