import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { session } from '../../auth/session';
import type { ContractsDetailFragment } from '../../gql/graphql';
import { mockClient, renderWithProviders, signIn } from '../../test/render';
import { ContractPage } from './ContractPage';

const signed: ContractsDetailFragment = {
  id: 'Q29udHJhY3Q6MQ',
  number: 'GZ-2026-000002',
  title: '企业宽带方案',
  status: 'SIGNED',
  allowedActions: ['RECORD_CONTRACT_DOCUMENT', 'RECORD_IP_APPLICATION', 'RECORD_PAYMENT', 'TERMINATE_CONTRACT'],
  blockedActions: [
    {
      action: 'ACTIVATE_CONTRACT',
      reason: { code: 'PRECONDITION_FAILED', message: '缺少：网络责任承诺书、缴费凭证' },
    },
  ],
  version: 9,
  value: '18000.00',
  monthlyTotal: '500.00',
  oneOffTotal: '0.00',
  termMonths: 36,
  termStart: '2026-12-01',
  termEnd: '2029-11-30',
  renewalDue: false,
  renewalDueOn: '2029-09-01',
  checklistComplete: false,
  createdAt: '2026-11-20T01:00:00Z',
  reviewedAt: '2026-11-21T01:00:00Z',
  reviewComment: null,
  sentAt: '2026-11-21T02:00:00Z',
  signedAt: '2026-11-22T02:00:00Z',
  customerSigner: '王主任',
  amountDue: '500.00',
  paidAmount: null,
  paidOn: null,
  voucherNo: null,
  shortPaymentReason: null,
  activatedAt: null,
  endedAt: null,
  terminationReason: null,
  reviewedBy: { id: 'U5', displayName: '黄丽华' },
  group: { id: 'G13', name: '广州越秀区教育局', code: 'GZ-YX-B-0013', address: '越秀路1号' },
  owner: { id: 'U7', displayName: '张晓明' },
  proposal: { id: 'P5', title: '企业宽带方案', versionNumber: 1 },
  lines: [
    {
      position: 1,
      quantity: 1,
      termMonths: 36,
      unitPrice: '500.00',
      netUnitPrice: '500.00',
      discountPercent: '0.00',
      netTotal: '18000.00',
      product: { id: 'PR1', code: 'GROUP_SMS', name: '集团短信', billing: 'MONTHLY', category: 'SMS' },
    },
  ],
  documents: [
    { kind: 'SIGNED_COPIES', status: 'RECEIVED', note: null, details: { copies: 4, customerCopies: 2 }, updatedAt: '2026-11-22T03:00:00Z' },
    { kind: 'IP_APPLICATION', status: 'NOT_REQUIRED', note: null, details: {}, updatedAt: '2026-11-20T01:00:00Z' },
    { kind: 'NETWORK_COMMITMENT', status: 'MISSING', note: null, details: {}, updatedAt: '2026-11-20T01:00:00Z' },
    { kind: 'BUSINESS_LICENCE', status: 'RECEIVED', note: null, details: {}, updatedAt: '2026-11-22T03:00:00Z' },
    { kind: 'HANDLER_ID', status: 'RECEIVED', note: null, details: {}, updatedAt: '2026-11-22T03:00:00Z' },
    { kind: 'DISCOUNT_APPROVAL', status: 'NOT_REQUIRED', note: null, details: {}, updatedAt: '2026-11-20T01:00:00Z' },
    { kind: 'PAYMENT_VOUCHER', status: 'MISSING', note: null, details: {}, updatedAt: '2026-11-20T01:00:00Z' },
  ],
  installationJobs: [],
};

/** The signed contract's page (as `contract`), whose mutations are answered by `mutation`. */
function renderPage(mutation: () => unknown, contract: ContractsDetailFragment = signed) {
  const mock = mockClient({ query: () => ({ node: { __typename: 'Contract', ...contract } }), mutation });
  renderWithProviders(
    <Routes>
      <Route path="/contracts/:id" element={<ContractPage />} />
    </Routes>,
    { client: mock.client, path: `/contracts/${encodeURIComponent(signed.id)}` },
  );
  return mock;
}

// A whole antd page renders slowly in jsdom on a busy machine.
describe('contract page', { timeout: 30_000 }, () => {
  beforeEach(() => signIn('ACCOUNT_MANAGER', { id: 'U7' }));
  afterEach(() => session.set(null));

  it('shows the number, the checklist gap and only the allowed actions', async () => {
    renderPage(() => null);
    expect(await screen.findByTestId('contract-number')).toHaveTextContent('GZ-2026-000002');
    expect(screen.getByTestId('checklist-missing')).toHaveTextContent('缺：网络责任承诺书、缴费凭证');
    expect(screen.getByRole('button', { name: '登记缴费' })).toBeInTheDocument();
    // Offered but blocked: disabled, saying what is missing.
    const activate = screen.getByRole('button', { name: '生效' });
    expect(activate).toBeDisabled();
    expect(activate).toHaveAccessibleDescription('缺少：网络责任承诺书、缴费凭证');
    expect(screen.queryByRole('button', { name: '提交审核' })).toBeNull();
    expect(screen.queryByRole('button', { name: '发送客户' })).toBeNull();
  });

  it('records a missing document as received with the displayed version', async () => {
    const { mutations } = renderPage(() => ({
      recordContractDocument: { __typename: 'ContractPayload', contract: null, userErrors: [] },
    }));
    fireEvent.click(await screen.findByRole('button', { name: '登记已收 网络责任承诺书' }));
    await waitFor(() => expect(mutations).not.toHaveLength(0));
    expect(mutations[0].variables).toEqual({
      input: { id: signed.id, expectedVersion: 9, kind: 'NETWORK_COMMITMENT', received: true },
    });
  });

  it('offers the amount due and asks for a reason before accepting less', async () => {
    const { mutations } = renderPage(() => ({
      recordPayment: { __typename: 'ContractPayload', contract: null, userErrors: [] },
    }));
    expect(await screen.findByText('未缴费（首期应收 ¥500.00）')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '登记缴费' }));
    const dialog = await screen.findByRole('dialog');
    const amount = within(dialog).getByLabelText('缴费金额（元）');
    expect(amount).toHaveValue('500.00');
    expect(within(dialog).queryByLabelText('少收原因')).toBeNull();
    fireEvent.change(amount, { target: { value: '120' } });
    expect(await within(dialog).findByText('实收 ¥120.00 少于首期应收 ¥500.00，差 ¥380.00。确认少收请填写原因。')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('缴费凭证号'), { target: { value: 'PZ-7' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /确\s*定|保存|提交/ }));
    // No reason yet: nothing is sent.
    expect(await within(dialog).findByText('必填')).toBeInTheDocument();
    expect(mutations).toHaveLength(0);
    fireEvent.change(within(dialog).getByLabelText('少收原因'), { target: { value: ' 余款随首张账单收取 ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /确\s*定|保存|提交/ }));
    await waitFor(() => expect(mutations).toHaveLength(1));
    expect(mutations[0].variables).toMatchObject({
      input: { amount: '120', voucherNo: 'PZ-7', shortPaymentReason: '余款随首张账单收取' },
    });
  });

  it('keeps the server’s refusal to activate on the page, naming what is missing', async () => {
    // Offered when the page loaded; meanwhile someone marked a document missing again.
    const ready = {
      ...signed,
      allowedActions: [...signed.allowedActions, 'ACTIVATE_CONTRACT' as const],
      blockedActions: [],
    };
    const refusal = '缺少：网络责任承诺书';
    renderPage(() => ({
      activateContract: {
        __typename: 'ContractPayload',
        contract: null,
        userErrors: [{ code: 'PRECONDITION_FAILED', field: ['input', 'id'], message: refusal }],
      },
    }), ready);
    fireEvent.click(await screen.findByRole('button', { name: '生效' }));
    const alert = await screen.findByText('合同未能生效');
    expect(within(alert.closest('[role="alert"]') as HTMLElement).getByText(refusal)).toBeInTheDocument();
  });
});
