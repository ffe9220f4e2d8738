import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ArrearsItemFieldsFragment } from '../../gql/graphql';
import { beijingDate } from '../../components/format';
import { shiftMonth } from '../kpi/month';
import { mockClient, renderWithProviders, signIn } from '../../test/render';
import { ArrearsPage } from './ArrearsPage';
import { CollectionReportPage } from './CollectionReportPage';
import { addDays } from './logic';

function item(over: Partial<ArrearsItemFieldsFragment> = {}): ArrearsItemFieldsFragment {
  return {
    id: 'QXJyZWFyc0l0ZW06MQ',
    accountNo: 'GZ-0001',
    cycle: '2027-02',
    firstCycle: '2026-12',
    amount: '1200.00',
    collected: '200.00',
    outstanding: '1000.00',
    monthsOverdue: 3,
    status: 'OPEN',
    agreedOn: null,
    agreedPlace: null,
    noticeFrom: null,
    noticedAt: null,
    paidAt: null,
    version: 5,
    allowedActions: ['LOG_COLLECTION_CONTACT', 'RECORD_ARREARS_PAYMENT'],
    noticeBlocked: { code: 'PRECONDITION_FAILED', message: '须先电话或信函催缴并约定缴费日期，逾期未缴才能发催缴通知单' },
    group: { id: 'G1', name: '广州市天河区教育局' },
    member: { id: 'M1', name: '王芳', phone: '13800138000' },
    manager: { id: 'U7', displayName: '张晓明' },
    payments: [
      {
        amount: '200.00',
        receiptNo: 'SJ-0001',
        paidOn: '2027-02-20',
        createdAt: '2027-02-20T02:00:00Z',
        recordedBy: { id: 'U7', displayName: '张晓明' },
      },
    ],
    ...over,
  };
}

function setup(items: ArrearsItemFieldsFragment[]) {
  const mock = mockClient({
    query: (name) => {
      if (name === 'MyCollectionItems') return { myCollectionItems: items };
      if (name === 'ArrearsItems') return { arrearsItems: { totalCount: items.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes: items } };
      if (name === 'ArrearsImports')
        return {
          arrearsImports: [
            { cycle: '2027-02', fileName: '欠费清单-202702.csv', rows: 120, created: 30, updated: 12, unchanged: 78, problems: 0, createdAt: '2027-03-02T01:00:00Z' },
          ],
        };
      return undefined;
    },
    mutation: (name) => {
      if (name === 'GroupLogVisit') return { logVisit: { proposalDueAt: null, visit: { id: 'V1' }, userErrors: [] } };
      if (name === 'RecordArrearsPayment') return { recordArrearsPayment: { item: item({ collected: '1200.00', outstanding: '0.00', status: 'PAID' }), userErrors: [] } };
      if (name === 'ImportArrears')
        return {
          importArrears: {
            rows: 3,
            created: 1,
            updated: 1,
            unchanged: 0,
            suspensions: 1,
            problems: [{ line: 4, message: '找不到集团编码 GZB09999' }],
            userErrors: [],
          },
        };
      return undefined;
    },
  });
  return mock;
}

describe('arrears collection', { timeout: 60_000 }, () => {
  it('shows a manager’s items with their figures, and the notice refused with the server’s reason', async () => {
    signIn('ACCOUNT_MANAGER');
    const mock = setup([item()]);
    renderWithProviders(<ArrearsPage />, { client: mock.client, path: '/arrears' });
    const card = within(await screen.findByTestId('arrears-card'));
    expect(mock.queries.find((q) => q.name === 'MyCollectionItems')?.variables).toEqual({ first: 50 });
    for (const text of ['广州市天河区教育局', '待催缴', '账龄 3 个月', '¥1,200.00', '¥200.00', '¥1,000.00']) expect(card.getAllByText(text).length).toBeGreaterThan(0);
    const notice = card.getByRole('button', { name: '打印欠费通知单' });
    expect(notice).toBeDisabled();
    expect(notice).toHaveAttribute('aria-description', '须先电话或信函催缴并约定缴费日期，逾期未缴才能发催缴通知单');
  });

  it('records the call as a collection visit agreeing a date and place', async () => {
    signIn('ACCOUNT_MANAGER');
    const mock = setup([item()]);
    renderWithProviders(<ArrearsPage />, { client: mock.client, path: '/arrears' });
    fireEvent.click(await screen.findByRole('button', { name: '电话/信函催缴' }));
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.click(dialog.getByRole('radio', { name: '信函' }));
    fireEvent.change(dialog.getByLabelText('沟通内容'), { target: { value: '寄出催缴函，告知欠费及账龄' } });
    const agreed = addDays(beijingDate(), 10);
    fireEvent.change(dialog.getByLabelText('约定缴费日期'), { target: { value: agreed } });
    fireEvent.change(dialog.getByLabelText('约定缴费地点 / 方式'), { target: { value: '营业厅' } });
    fireEvent.click(dialog.getByRole('button', { name: /确\s*定/ }));
    await waitFor(() => expect(mock.mutations).toHaveLength(1));
    const { name, variables } = mock.mutations[0];
    expect(name).toBe('GroupLogVisit');
    expect(variables).toEqual({
      input: {
        groupId: 'G1',
        card: {
          method: 'LETTER',
          purpose: 'COLLECTION',
          startedAt: expect.stringMatching(/Z$/),
          endedAt: expect.stringMatching(/Z$/),
          minutes: '寄出催缴函，告知欠费及账龄',
          arrears: { itemId: 'QXJyZWFyc0l0ZW06MQ', agreedOn: agreed, agreedPlace: '营业厅' },
        },
      },
    });
  });

  it('records a payment against its receipt, no more than is owed', async () => {
    signIn('ACCOUNT_MANAGER');
    const mock = setup([item()]);
    renderWithProviders(<ArrearsPage />, { client: mock.client, path: '/arrears' });
    fireEvent.click(await screen.findByRole('button', { name: '登记缴费' }));
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.change(dialog.getByLabelText('缴费金额（元）'), { target: { value: '1000.01' } });
    fireEvent.change(dialog.getByLabelText('收据号'), { target: { value: 'SJ-0002' } });
    fireEvent.click(dialog.getByRole('button', { name: /确\s*定/ }));
    expect(await dialog.findByText('须大于 0 且不超过欠费余额 ¥1,000.00')).toBeInTheDocument();
    expect(mock.mutations).toHaveLength(0);
    fireEvent.change(dialog.getByLabelText('缴费金额（元）'), { target: { value: '1000' } });
    fireEvent.click(dialog.getByRole('button', { name: /确\s*定/ }));
    await waitFor(() => expect(mock.mutations).toHaveLength(1));
    expect(mock.mutations[0].variables).toEqual({
      input: { id: 'QXJyZWFyc0l0ZW06MQ', expectedVersion: 5, amount: '1000', receiptNo: 'SJ-0002', paidOn: beijingDate() },
    });
  });

  it('lets billing import a cycle’s list and shows the report and the imports', async () => {
    signIn('BILLING');
    const mock = setup([]);
    renderWithProviders(<ArrearsPage />, { client: mock.client, path: '/arrears' });
    expect(await screen.findByText('欠费清单-202702.csv', { exact: false })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '导入欠费清单' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByText(/账户、欠费金额、欠费月数，集团编码和\/或号码，可选 预计停机日期/)).toBeInTheDocument();
    const file = new File(['账户,集团编码,欠费金额,欠费月数\n'], '欠费清单.csv', { type: 'text/csv' });
    fireEvent.change(document.querySelector('input[type=file]') as HTMLInputElement, { target: { files: [file] } });
    await dialog.findByText('欠费清单.csv');
    fireEvent.click(dialog.getByRole('button', { name: '开始导入' }));
    await waitFor(() => expect(mock.mutations).toHaveLength(1));
    const input = mock.mutations[0].variables.input as { cycle: string; file: File };
    // Last month's list by default: billing's list of a month comes once it has closed.
    expect(input.cycle).toBe(shiftMonth(beijingDate().slice(0, 7), -1));
    expect(input.file.name).toBe('欠费清单.csv');
    expect((await screen.findAllByText('已读取 3 行：新建 1，更新 1，未变 0，停机预告 1，有问题 1 行')).length).toBeGreaterThan(0);
    expect(screen.getAllByText('第 4 行：找不到集团编码 GZB09999').length).toBeGreaterThan(0);
  });
});

describe('the collection report', { timeout: 60_000 }, () => {
  it('shows the cycle’s figures, what is owed by age, and by manager', async () => {
    signIn('DEPARTMENT_HEAD');
    const figures = (items: number, overdue: string, collected: string, rate: string | null) => ({
      items,
      overdue,
      collected,
      outstanding: '1200.00',
      collectionRatePercent: rate,
      byAge: [
        { fromMonths: 1, toMonths: 1, outstanding: '300.00' },
        { fromMonths: 4, toMonths: 6, outstanding: '0.00' },
        { fromMonths: 7, toMonths: null, outstanding: '900.00' },
      ],
    });
    const mock = mockClient({
      query: (name) =>
        name === 'CollectionReport'
          ? {
              collectionReport: {
                cycle: '2027-02',
                total: figures(4, '1500.00', '300.00', '20.00'),
                byManager: [{ manager: { id: 'U7', displayName: '张晓明' }, figures: figures(4, '1500.00', '300.00', '20.00') }],
                byDepartment: [{ department: { id: 'D1', name: '政企客户一部' }, figures: figures(4, '1500.00', '300.00', '20.00') }],
              },
            }
          : undefined,
    });
    renderWithProviders(<CollectionReportPage />, { client: mock.client, path: '/arrears/report' });
    const ages = within(await screen.findByTestId('by-age'));
    expect(ages.getByText('1 个月')).toBeInTheDocument();
    expect(ages.getByText('4–6 个月')).toBeInTheDocument();
    expect(ages.getByText('6 个月以上')).toBeInTheDocument();
    expect(ages.getByText('¥900.00')).toBeInTheDocument();
    const managers = within(screen.getByTestId('by-manager'));
    expect(managers.getByText('张晓明')).toBeInTheDocument();
    expect(managers.getByText('4 件 · 欠 ¥1,500.00 · 缴 ¥300.00 · 20.00%')).toBeInTheDocument();
    expect(screen.getByText('20.00%')).toBeInTheDocument();
  });
});
