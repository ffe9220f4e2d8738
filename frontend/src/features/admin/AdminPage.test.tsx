import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockClient, renderWithProviders, signIn } from '../../test/render';
import { AdminPage } from './AdminPage';

const MATRIX = {
  number: 3,
  rules: [
    { minMonthlyDiscount: '200.00', lineDiscountAbovePercent: null, chain: ['BRANCH_MANAGER'] },
    { minMonthlyDiscount: null, lineDiscountAbovePercent: '30.00', chain: ['GENERAL_MANAGER'] },
  ],
};

const RUN = {
  id: 'R1',
  job: 'tasks.cadence',
  holder: 'web-1',
  startedAt: '2026-11-23T01:00:00Z',
  finishedAt: '2026-11-23T01:00:02Z',
  status: 'SUCCEEDED',
  summary: '新建 3 个走访待办',
  error: null,
};

const EXPERT = {
  id: 'VXNlcjoy',
  displayName: '李建国',
  username: 'gz_am2',
  role: 'ACCOUNT_MANAGER',
  active: true,
  chiefManager: true,
  productSpecialist: false,
  version: 5,
  department: { id: 'D1', name: '政企客户一部' },
};

function setup() {
  return mockClient({
    query: (name) => {
      if (name === 'AdminApprovalMatrix') return { approvalMatrix: MATRIX };
      if (name === 'AdminCalendar') return { calendarDays: [] };
      if (name === 'AdminScheduledJobs')
        return {
          scheduledJobs: [
            { name: 'tasks.cadence', label: '走访频次检查', everySeconds: 3600, leasedBy: null, leasedUntil: null, lastRun: RUN },
          ],
        };
      if (name === 'AdminDepartments')
        return {
          orgUnits: {
            totalCount: 2,
            pageInfo: { hasNextPage: false, endCursor: null },
            nodes: [
              { id: 'D1', code: 'gz-zq1', name: '政企客户一部', active: true, function: null, version: 2, branch: { id: 'B1', name: '广州分公司' } },
              { id: 'D9', code: 'gz-jf', name: '广州计费账务中心', active: true, function: 'BILLING', version: 4, branch: { id: 'B1', name: '广州分公司' } },
            ],
          },
        };
      if (name === 'AdminSettings')
        return {
          settings: [
            { key: 'refund.tier_branch', value: '200', description: '补退费累计达到此金额需分公司主管领导审批', version: 1, updatedAt: '2027-03-01T00:00:00Z' },
            { key: 'refund.tier_general', value: '500', description: '补退费累计达到此金额需总经理审批', version: 1, updatedAt: '2027-03-01T00:00:00Z' },
          ],
        };
      if (name === 'AdminExperts')
        return { users: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [EXPERT] } };
      if (name === 'AdminJobRuns')
        return { jobRuns: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [RUN] } };
      return undefined;
    },
    mutation: (name, v) => {
      if (name === 'AdminUpdateApprovalMatrix') {
        const input = v.input as { rules: unknown[] };
        return { updateApprovalMatrix: { matrix: { number: 4, rules: input.rules }, userErrors: [] } };
      }
      if (name === 'AdminRunJob') return { runJob: { run: RUN, userErrors: [] } };
      if (name === 'AdminSetOrgUnitFunction') {
        const input = v.input as { id: string; function: string | null };
        return { setOrgUnitFunction: { orgUnit: { id: input.id, code: 'gz-zq1', name: '政企客户一部', active: true, function: input.function, version: 3, branch: null }, userErrors: [] } };
      }
      if (name === 'SetUserExpertise') {
        const input = v.input as { chiefManager: boolean; productSpecialist: boolean };
        return { setUserExpertise: { user: { ...EXPERT, ...input, version: 6 }, userErrors: [] } };
      }
      return undefined;
    },
  });
}

describe('admin settings', { timeout: 30_000 }, () => {
  it('is for administrators only', () => {
    signIn('DEPARTMENT_HEAD');
    renderWithProviders(<AdminPage />, { client: setup().client, path: '/admin' });
    expect(screen.getByText('仅系统管理员可以使用系统设置。')).toBeInTheDocument();
  });

  it('edits the approval matrix and saves it against the version seen', async () => {
    signIn('ADMIN');
    const { client, mutations } = setup();
    renderWithProviders(<AdminPage />, { client, path: '/admin?tab=matrix' });
    expect(await screen.findByText('第 3 版')).toBeInTheDocument();
    expect(screen.getByText('¥200.00')).toBeInTheDocument();
    expect(screen.getByText('30.00%')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /修\s?改/ }));
    const rules = await screen.findAllByTestId('matrix-rule');
    expect(rules).toHaveLength(2);
    const amount = within(rules[0]).getAllByRole('textbox')[0];
    fireEvent.change(amount, { target: { value: '300' } });
    fireEvent.click(screen.getByRole('button', { name: '保存为新版' }));
    await waitFor(() => expect(mutations).toHaveLength(1));
    expect(mutations[0].variables).toEqual({
      input: {
        expectedNumber: 3,
        rules: [
          { minMonthlyDiscount: '300', lineDiscountAbovePercent: null, chain: ['BRANCH_MANAGER'] },
          { minMonthlyDiscount: null, lineDiscountAbovePercent: '30.00', chain: ['GENERAL_MANAGER'] },
        ],
      },
    });
  });

  it('refuses an amount with three decimals before sending', async () => {
    signIn('ADMIN');
    const { client, mutations } = setup();
    renderWithProviders(<AdminPage />, { client, path: '/admin?tab=matrix' });
    fireEvent.click(await screen.findByRole('button', { name: /修\s?改/ }));
    const rules = await screen.findAllByTestId('matrix-rule');
    fireEvent.change(within(rules[0]).getAllByRole('textbox')[0], { target: { value: '1.005' } });
    fireEvent.click(screen.getByRole('button', { name: '保存为新版' }));
    expect(await screen.findByText('请输入不小于 0、最多两位小数的数字')).toBeInTheDocument();
    expect(mutations).toHaveLength(0);
  });

  it('runs a scheduled job now and shows what it did', async () => {
    signIn('ADMIN');
    const { client, mutations } = setup();
    renderWithProviders(<AdminPage />, { client, path: '/admin?tab=jobs' });
    expect(await screen.findByText('每 1 小时')).toBeInTheDocument();
    // (by text: role queries over the two tables take seconds)
    fireEvent.click(screen.getByText('立即运行').closest('button')!);
    const confirm = await screen.findByText('立即运行“走访频次检查”？');
    const pop = confirm.closest('.ant-popover') as HTMLElement;
    fireEvent.click(within(pop).getByText('立即运行').closest('button')!);
    await waitFor(() => expect(mutations).toHaveLength(1));
    expect(mutations[0].variables).toEqual({ input: { name: 'tasks.cadence' } });
    expect(await screen.findByText('“走访频次检查”已运行：新建 3 个走访待办')).toBeInTheDocument();
  });

  it('sets a department’s function with the version seen', async () => {
    signIn('ADMIN');
    const { client, mutations } = setup();
    renderWithProviders(<AdminPage />, { client, path: '/admin?tab=functions' });
    const rows = await screen.findAllByTestId('department-row');
    expect(within(rows[1]).getByText('计费账务中心')).toBeInTheDocument();
    fireEvent.mouseDown(within(rows[0]).getByRole('combobox', { name: '政企客户一部的职能' }));
    const options = await screen.findAllByTitle('信息化中心');
    fireEvent.click(options.find((e) => e.classList.contains('ant-select-item-option')) ?? options[0]);
    await waitFor(() => expect(mutations).toHaveLength(1));
    expect(mutations[0]).toEqual({
      name: 'AdminSetOrgUnitFunction',
      variables: { input: { id: 'D1', expectedVersion: 2, function: 'IT_CENTRE' } },
    });
  });

  it('lists the adjustment tiers among the settings', async () => {
    signIn('ADMIN');
    renderWithProviders(<AdminPage />, { client: setup().client, path: '/admin?tab=settings' });
    expect(await screen.findByText('refund.tier_branch')).toBeInTheDocument();
    expect(screen.getByText('refund.tier_general')).toBeInTheDocument();
    expect(screen.getByText('补退费累计达到此金额需总经理审批')).toBeInTheDocument();
  });

  it('marks a product specialist, keeping the other flag, with the version seen', async () => {
    signIn('ADMIN');
    const { client, mutations } = setup();
    renderWithProviders(<AdminPage />, { client, path: '/admin?tab=experts' });
    const row = await screen.findByTestId('expert-row');
    expect(within(row).getByText('政企客户一部')).toBeInTheDocument();
    expect(within(row).getByRole('switch', { name: '李建国：首席客户经理' })).toBeChecked();
    fireEvent.click(within(row).getByRole('switch', { name: '李建国：产品专家' }));
    await waitFor(() => expect(mutations).toHaveLength(1));
    expect(mutations[0]).toEqual({
      name: 'SetUserExpertise',
      variables: { input: { id: 'VXNlcjoy', chiefManager: true, productSpecialist: true, expectedVersion: 5 } },
    });
    expect(await screen.findByText('已将李建国标记为产品专家')).toBeInTheDocument();
  });
});
