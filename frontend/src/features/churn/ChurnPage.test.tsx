import { screen, within } from '@testing-library/react';
import { session } from '../../auth/session';
import type { ChurnWarningRowFragment } from '../../gql/graphql';
import { mockClient, renderWithProviders, signIn } from '../../test/render';
import { ChurnPage } from './ChurnPage';

const warnings: ChurnWarningRowFragment[] = [
  {
    id: 'W1',
    kind: 'MEMBER_DROP',
    month: '2026-10',
    referenceMonth: '2026-09',
    referenceAmount: '100.00',
    currentAmount: '60.00',
    dropPercent: '40.00',
    createdAt: '2026-11-02T01:00:00Z',
    group: { id: 'G1', code: 'GZ-1', name: '天河政务中心', status: 'AT_RISK' },
    member: { id: 'M1', name: '李四', phone: '13800138000' },
  },
  {
    id: 'W2',
    kind: 'GROUP_DROP',
    month: '2026-10',
    referenceMonth: '2026-06',
    referenceAmount: '12000.00',
    currentAmount: '9600.00',
    dropPercent: '20.00',
    createdAt: '2026-11-02T01:00:00Z',
    group: { id: 'G2', code: 'GZ-2', name: '越秀教育局', status: 'AT_RISK' },
    member: null,
  },
];

describe('churn warnings', { timeout: 30_000 }, () => {
  beforeEach(() => signIn('ACCOUNT_MANAGER'));
  afterEach(() => session.set(null));

  it('lists each warning with its figures and a link to the retention report', async () => {
    const mock = mockClient({
      query: () => ({ churnWarnings: { totalCount: 2, pageInfo: { hasNextPage: false, endCursor: null }, nodes: warnings } }),
    });
    renderWithProviders(<ChurnPage />, { client: mock.client, path: '/churn' });
    const member = (await screen.findByText('李四')).closest('tr')!;
    expect(within(member).getByText('成员收入下降')).toBeInTheDocument();
    expect(within(member).getByText('13800138000')).toBeInTheDocument();
    expect(within(member).getByText('2026-10（对比 2026-09）')).toBeInTheDocument();
    expect(within(member).getByText('40.00%')).toBeInTheDocument();
    const group = screen.getByRole('link', { name: '越秀教育局' }).closest('tr')!;
    expect(within(group).getByText('集团收入下降')).toBeInTheDocument();
    expect(within(group).getByText('¥12,000.00')).toBeInTheDocument();
    expect(within(group).getByRole('link', { name: '保有分析报告' })).toHaveAttribute('href', '/groups/G2/retention');
    expect(mock.queries[0].variables).toMatchObject({ groupId: null, first: 20, after: null });
  });
});
