import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { makeSubject } from 'wonka';
import type { ApprovalsDetailFieldsFragment, ApprovalsListItemFragment } from '../../gql/graphql';
import { mockClient, renderWithProviders } from '../../test/render';
import { adjustment } from '../billing/fixtures';
import { ApprovalsPage } from './ApprovalsPage';

const ID = 'QXBwcm92YWxSZXF1ZXN0OjY';

const listItem: ApprovalsListItemFragment = {
  id: ID,
  kind: 'DISCOUNT',
  status: 'PENDING',
  canDecide: true,
  createdAt: '2026-11-23T02:00:00Z',
  decidedAt: null,
  monthlyDiscount: '420.00',
  maxLineDiscountPercent: '10.00',
  group: { id: 'G1', name: '广州天河区教育局' },
  proposal: { id: 'P1', title: '专线提速方案' },
  proposalVersion: { number: 2 },
  contract: null,
  billingAdjustment: null,
  requester: { id: 'U1', displayName: '张晓明' },
  steps: [
    { position: 1, role: 'DEPARTMENT_HEAD', status: 'PENDING' },
    { position: 2, role: 'BRANCH_MANAGER', status: 'WAITING' },
  ],
};

const detail: ApprovalsDetailFieldsFragment = {
  id: ID,
  kind: 'DISCOUNT',
  version: 1,
  status: 'PENDING',
  canDecide: true,
  createdAt: '2026-11-23T02:00:00Z',
  decidedAt: null,
  matrixNumber: 1,
  industryType: 'CLUSTER',
  industryName: '教育',
  customerBackground: '区属中小学 120 所',
  competitiveSituation: '电信报价低 10%',
  justification: '保住存量专线',
  discountedServices: ['数字专线 100M'],
  monthlyDiscount: '420.00',
  maxLineDiscountPercent: '10.00',
  carriedFrom: null,
  group: { id: 'G1', name: '广州天河区教育局', code: 'GZB00001', kind: 'GOVERNMENT' },
  proposal: { id: 'P1', title: '专线提速方案', status: 'PENDING_APPROVAL' },
  contract: null,
  proposalVersion: {
    number: 2,
    monthlyTotal: '3780.00',
    listMonthly: '4200.00',
    termTotal: '136080.00',
    listTermTotal: '151200.00',
    oneOffTotal: '0.00',
    discountTerm: '15120.00',
    discountPercent: '10.00',
  },
  requester: { id: 'U1', displayName: '张晓明' },
  lineDiscounts: [
    {
      productCode: 'DL_100M',
      productName: '数字专线 100M',
      quantity: 1,
      termMonths: 36,
      unitPrice: '4200.00',
      netUnitPrice: '3780.00',
      discountPercent: '10.00',
      monthlyDiscount: '420.00',
    },
  ],
  steps: [
    { position: 1, role: 'DEPARTMENT_HEAD', status: 'PENDING', comment: null, actedAt: null, actor: null, department: null },
    { position: 2, role: 'BRANCH_MANAGER', status: 'WAITING', comment: null, actedAt: null, actor: null, department: null },
  ],
};

/** A number-grade request: no proposal, no discount. */
const numberRequest: ApprovalsDetailFieldsFragment = {
  ...detail,
  kind: 'NUMBER_GRADE',
  customerBackground: null,
  competitiveSituation: null,
  justification: '客户为区政务服务热线，需要易记号码',
  discountedServices: [],
  monthlyDiscount: '0.00',
  maxLineDiscountPercent: '0.00',
  proposal: null,
  proposalVersion: null,
  lineDiscounts: [],
};

/** A contract's review: the contract, its value, nothing of discounts or the matrix. */
const contractReview: ApprovalsDetailFieldsFragment = {
  ...numberRequest,
  kind: 'CONTRACT_REVIEW',
  justification: null,
  industryType: null,
  industryName: null,
  contract: { id: 'C1', title: '企业宽带方案', number: null, status: 'UNDER_REVIEW', value: '18000.00' },
  steps: [{ position: 1, role: 'DEPARTMENT_HEAD', status: 'PENDING', comment: null, actedAt: null, actor: null, department: null }],
};

/** A billing adjustment's approval: the adjustment decides it, a cause's department among the steps. */
const adjustmentRequest: ApprovalsDetailFieldsFragment = {
  ...numberRequest,
  kind: 'BILLING_ADJUSTMENT',
  justification: '二月套餐费重复计收',
  industryType: null,
  industryName: null,
  group: null,
  steps: [
    { position: 1, role: 'DEPARTMENT_HEAD', status: 'APPROVED', comment: null, actedAt: null, actor: null, department: { id: 'D1', name: '政企客户一部' } },
    { position: 2, role: 'DEPARTMENT_HEAD', status: 'PENDING', comment: null, actedAt: null, actor: null, department: { id: 'D9', name: '广州信息化中心' } },
  ],
};

function setup(path: string, request: ApprovalsDetailFieldsFragment = detail) {
  const events = makeSubject<unknown>();
  const answer = (name: string) => {
    switch (name) {
      case 'ApprovalsCounts':
        return { waiting: { totalCount: 1 }, decided: { totalCount: 0 }, raised: { totalCount: 0 } };
      case 'ApprovalsInbox':
        return { myApprovals: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [listItem] } };
      case 'ApprovalsDetail':
        return { node: { __typename: 'ApprovalRequest', ...request } };
      case 'ApprovalsNumberRequest':
        return {
          node: {
            __typename: 'ApprovalRequest',
            id: ID,
            requestedNumber: '020-88888888',
            numberGrade: 'A',
            numberTerms: { pattern: 'AAAAAAAA', prestore: '3600.00', monthlyMinimum: '300.00' },
            prestoreWaiver: '600.00',
            job: { id: 'J1', siteAddress: '越秀区体育路202号' },
          },
        };
      case 'ApprovalsGroupContext':
        return {
          node: {
            __typename: 'CustomerGroup',
            id: 'G1',
            kind: 'GOVERNMENT',
            industry: '教育',
            segment: 'CLUSTER',
            tier: 'GOLD',
            valueClass: 'A',
            status: 'AT_RISK',
            competitors: ['电信'],
            competitorNotes: '电信报价低 10%',
            revenueTrend: [
              { month: '2026-10', revenue: '40000.00', payingMembers: 100, arpu: '400.00' },
              { month: '2026-11', revenue: '30000.00', payingMembers: 100, arpu: '300.00' },
            ],
          },
          churnWarnings: {
            totalCount: 1,
            nodes: [{ id: 'W1', kind: 'GROUP', month: '2026-11', dropPercent: '25.00', member: null }],
          },
          proposals: {
            nodes: [
              { id: 'P1', title: '专线提速方案', status: 'PENDING_APPROVAL', decidedAt: null, currentVersion: null, contract: null },
              {
                id: 'P0',
                title: '2025 年专线方案',
                status: 'ACCEPTED',
                decidedAt: '2025-03-01T02:00:00Z',
                currentVersion: { discountMonthly: '800.00', discountPercent: '8.00' },
                contract: { id: 'C0', number: 'GZ-2025-000007', status: 'ACTIVE', value: '96000.00', terminationReason: null },
              },
            ],
          },
        };
      case 'BillingAdjustmentOfRequest':
        return { node: { __typename: 'ApprovalRequest', id: ID, billingAdjustment: adjustment({ status: 'PENDING' }) } };
      case 'ApprovalsApproveStep':
      case 'ApprovalsRejectStep':
        return { [name === 'ApprovalsApproveStep' ? 'approveStep' : 'rejectStep']: { request: detail, userErrors: [] } };
      default:
        return null;
    }
  };
  const mock = mockClient({ query: answer, mutation: answer, subscription: events.source });
  renderWithProviders(
    <Routes>
      <Route path="/approvals" element={<ApprovalsPage />} />
      <Route path="/approvals/:id" element={<ApprovalsPage />} />
    </Routes>,
    { client: mock.client, path },
  );
  return { ...mock, events };
}

describe('ApprovalsPage', { timeout: 60_000 }, () => {
  it('shows the inbox tabs with counts and the request with everything the approver needs', async () => {
    setup(`/approvals/${encodeURIComponent(ID)}`);
    expect(screen.getByRole('heading', { level: 3, name: '审批' })).toBeInTheDocument();
    expect(await screen.findByRole('tab', { name: /待我审批/ })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: /我已审批/ })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: /我发起的/ })).toBeInTheDocument();
    await screen.findByTestId('approval-request');
    for (const text of ['区属中小学 120 所', '电信报价低 10%', '保住存量专线', '聚类客户', '教育', '数字专线 100M（DL_100M）']) {
      expect(screen.getAllByText(text).length).toBeGreaterThan(0);
    }
    expect(screen.getAllByText('部门负责人').length).toBeGreaterThan(0);
    expect(screen.getAllByText('分公司主管领导').length).toBeGreaterThan(0);
    // 行业类型 is the group's kind; the segment has its own line.
    const view = within(screen.getByTestId('approval-request'));
    expect(view.getAllByText('行业类型')[0].closest('tr')).toHaveTextContent('行业类型政府');
    // What the approver weighs about the customer.
    const context = within(await screen.findByTestId('group-context'));
    expect(await context.findByText('预警')).toBeInTheDocument();
    expect(context.getByText('金')).toBeInTheDocument();
    expect(context.getByText('较 2026-10 -25%')).toBeInTheDocument();
    expect(context.getByText('ARPU ¥300.00')).toBeInTheDocument();
    expect(context.getByText('2026-11 集团整体 收入下降 25.00%')).toBeInTheDocument();
    expect(context.getByText('月优惠 ¥800.00（8.00%）')).toBeInTheDocument();
    expect(context.getByText('GZ-2025-000007')).toBeInTheDocument();
    // The request under review is not its own history.
    expect(context.queryByText('专线提速方案')).not.toBeInTheDocument();
  });

  it('shows a number-grade request with its number and without discount figures', async () => {
    setup(`/approvals/${encodeURIComponent(ID)}`, numberRequest);
    const view = within(await screen.findByTestId('approval-request'));
    expect(await view.findByText('020-88888888')).toBeInTheDocument();
    expect(view.getByText('客户为区政务服务热线，需要易记号码')).toBeInTheDocument();
    // What the grade asks of the customer, for the approver to weigh.
    expect(await view.findByText('¥3,600.00')).toBeInTheDocument();
    expect(view.getByText('¥300.00')).toBeInTheDocument();
    expect(view.getByText('月最低消费')).toBeInTheDocument();
    // The prestore waived with it (rule 17), beside the grade's terms.
    expect(view.getByText('预存款减免')).toBeInTheDocument();
    expect(view.getByText('¥600.00')).toBeInTheDocument();
    for (const discountOnly of ['月优惠金额', '最大单项折扣', '优惠业务', '申请优惠明细']) {
      expect(view.queryByText(discountOnly)).not.toBeInTheDocument();
    }
  });

  it('shows a billing adjustment with what the approver weighs, and the departments of the chain', async () => {
    setup(`/approvals/${encodeURIComponent(ID)}`, adjustmentRequest);
    const view = within(await screen.findByTestId('approval-request'));
    expect(view.getByText('部门负责人 · 广州信息化中心')).toBeInTheDocument();
    expect(view.getByText('部门负责人 · 政企客户一部')).toBeInTheDocument();
    const context = within(await view.findByTestId('adjustment-context'));
    for (const text of ['GZ-0001', '2027-02', '¥650.00', '计费数据错误', '二月套餐费重复计收', '计费系统套餐配置加校验', '账单.pdf', '截图.png', 'BT2027010007', '¥880.00']) {
      expect(context.getAllByText(text).length).toBeGreaterThan(0);
    }
    expect(context.getByText('补收')).toBeInTheDocument();
    expect(context.getByRole('link', { name: '查看补退费单' })).toHaveAttribute('href', '/adjustments/QmlsbGluZ0FkanVzdG1lbnQ6MQ');
    for (const absent of ['方案', '行业类型', '月优惠金额', '依据审批权限表第 1 版']) {
      expect(view.queryByText(absent)).not.toBeInTheDocument();
    }
  });

  it('shows a contract review with the contract to open, and no discount or matrix', async () => {
    setup(`/approvals/${encodeURIComponent(ID)}`, contractReview);
    const view = within(await screen.findByTestId('approval-request'));
    expect(view.getByRole('link', { name: '企业宽带方案' })).toHaveAttribute('href', '/contracts/C1');
    expect(view.getByText('¥18,000.00')).toBeInTheDocument();
    expect(view.getByText('合同审核')).toBeInTheDocument();
    for (const absent of ['方案', '行业类型', '月优惠金额', '申请优惠明细', '依据审批权限表第 1 版']) {
      expect(view.queryByText(absent)).not.toBeInTheDocument();
    }
  });

  it('shows a discount request with its discount figures', async () => {
    setup(`/approvals/${encodeURIComponent(ID)}`);
    const view = within(await screen.findByTestId('approval-request'));
    for (const label of ['月优惠金额', '最大单项折扣', '优惠业务', '申请优惠明细']) {
      expect(view.getByText(label)).toBeInTheDocument();
    }
  });

  it('needs a comment to reject, and sends none to approve without one', async () => {
    const { mutations } = setup(`/approvals/${encodeURIComponent(ID)}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /驳\s*回/ }));
    expect(await screen.findByText('驳回时须填写审批意见')).toBeInTheDocument();
    expect(mutations).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: /同\s*意/ }));
    await waitFor(() =>
      expect(mutations).toEqual([{ name: 'ApprovalsApproveStep', variables: { input: { requestId: ID, comment: null, expectedVersion: 1 } } }]),
    );
  });

  it('rejects with the comment given', async () => {
    const { mutations } = setup(`/approvals/${encodeURIComponent(ID)}`);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('审批意见'), '  折扣过大，请重新核算  ');
    await user.click(screen.getByRole('button', { name: /驳\s*回/ }));
    await waitFor(() =>
      expect(mutations).toEqual([
        { name: 'ApprovalsRejectStep', variables: { input: { requestId: ID, comment: '折扣过大，请重新核算', expectedVersion: 1 } } },
      ]),
    );
  });

  it('refetches the waiting list and says so when a request arrives live', async () => {
    const { queries, events } = setup('/approvals');
    await screen.findByText('广州天河区教育局');
    const before = queries.filter((q) => q.name === 'ApprovalsInbox').length;
    act(() =>
      events.next({
        approvalWaiting: {
          action: 'approval.open',
          objectId: ID,
          objectType: 'ApprovalRequest',
          occurredAt: '2026-11-23T02:00:00Z',
          status: 'PENDING',
          topic: 'APPROVAL_WAITING',
        },
      }),
    );
    expect(await screen.findByText('有新的审批待处理')).toBeInTheDocument();
    await waitFor(() => expect(queries.filter((q) => q.name === 'ApprovalsInbox').length).toBeGreaterThan(before));
    expect(queries.filter((q) => q.name === 'ApprovalsInbox').at(-1)?.variables).toMatchObject({ box: 'WAITING' });
  });
});
