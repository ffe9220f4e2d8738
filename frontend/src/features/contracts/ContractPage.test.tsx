import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { Provider, type Client } from 'urql';
import { fromValue, never } from 'wonka';
import { session } from '../../auth/session';
import '../../i18n';
import type { ContractsDetailFragment } from '../../gql/graphql';
import { ContractPage } from './ContractPage';
import './i18n';

beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

const signed: ContractsDetailFragment = {
  id: 'Q29udHJhY3Q6MQ',
  number: 'GZ-2026-000002',
  title: '企业宽带方案',
  status: 'SIGNED',
  allowedActions: ['document', 'pay', 'activate', 'terminate'],
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
  paidAmount: null,
  paidOn: null,
  voucherNo: null,
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

function mockClient(contract: ContractsDetailFragment, mutation: (query: string, variables: unknown) => unknown) {
  const executeMutation = vi.fn((op: { query: { loc?: { source: { body: string } } }; variables: unknown }) =>
    fromValue({ operation: op, data: mutation(op.query.loc?.source.body ?? '', op.variables) }),
  );
  const client = {
    executeQuery: (op: unknown) => fromValue({ operation: op, data: { node: { __typename: 'Contract', ...contract } } }),
    executeMutation,
    executeSubscription: () => never,
  } as unknown as Client;
  return { client, executeMutation };
}

function renderPage(client: Client) {
  render(
    <Provider value={client}>
      <App>
        <MemoryRouter initialEntries={[`/contracts/${encodeURIComponent(signed.id)}`]}>
          <Routes>
            <Route path="/contracts/:id" element={<ContractPage />} />
          </Routes>
        </MemoryRouter>
      </App>
    </Provider>,
  );
}

// A whole antd page renders slowly in jsdom on a busy machine.
describe('contract page', { timeout: 30_000 }, () => {
  beforeEach(() => {
    session.set({
      accessToken: 'a',
      accessTokenExpiresAt: '2099-01-01T00:00:00Z',
      refreshToken: 'r',
      refreshTokenExpiresAt: '2099-01-01T00:00:00Z',
      user: { id: 'U7', username: 'gz_am1', displayName: '张晓明', role: 'ACCOUNT_MANAGER' },
    });
  });
  afterEach(() => session.set(null));

  it('shows the number, the checklist gap and only the allowed actions', async () => {
    renderPage(mockClient(signed, () => null).client);
    expect(await screen.findByTestId('contract-number')).toHaveTextContent('GZ-2026-000002');
    expect(screen.getByTestId('checklist-missing')).toHaveTextContent('缺：网络责任承诺书、缴费凭证');
    expect(screen.getByRole('button', { name: '登记缴费' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '生效' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '提交审核' })).toBeNull();
    expect(screen.queryByRole('button', { name: '发送客户' })).toBeNull();
  });

  it('records a missing document as received with the displayed version', async () => {
    const { client, executeMutation } = mockClient(signed, () => ({
      recordContractDocument: { __typename: 'ContractPayload', contract: null, userErrors: [] },
    }));
    renderPage(client);
    fireEvent.click(await screen.findByRole('button', { name: '登记已收 网络责任承诺书' }));
    await waitFor(() => expect(executeMutation).toHaveBeenCalled());
    const op = executeMutation.mock.calls[0][0] as { variables: unknown };
    expect(op.variables).toEqual({
      input: { id: signed.id, expectedVersion: 9, kind: 'NETWORK_COMMITMENT', received: true },
    });
  });

  it('keeps the server’s refusal to activate on the page, naming what is missing', async () => {
    const refusal = '合同资料不齐或未缴费：网络责任承诺书、缴费凭证';
    renderPage(
      mockClient(signed, () => ({
        activateContract: {
          __typename: 'ContractPayload',
          contract: null,
          userErrors: [{ code: 'INVALID_STATE', field: ['input', 'id'], message: refusal }],
        },
      })).client,
    );
    fireEvent.click(await screen.findByRole('button', { name: '生效' }));
    const alert = await screen.findByText('合同未能生效');
    expect(within(alert.closest('[role="alert"]') as HTMLElement).getByText(refusal)).toBeInTheDocument();
  });
});
