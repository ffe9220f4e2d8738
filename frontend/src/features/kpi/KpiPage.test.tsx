import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { KpiRowFragment } from '../../gql/graphql';
import { mockClient, renderWithProviders, signIn } from '../../test/render';
import { downloadCsv } from '../../components/files';
import { KpiPage } from './KpiPage';
import { currentMonth } from './month';

vi.mock('../../components/files', () => ({ downloadCsv: vi.fn() }));

function row(over: Partial<KpiRowFragment> = {}): KpiRowFragment {
  return {
    month: currentMonth(),
    user: { id: 'U7', displayName: '张晓明' },
    orgUnit: null,
    canSetTarget: false,
    target: null,
    visits: 42,
    visitsByMethod: [
      { method: 'ONSITE', count: 12 },
      { method: 'PHONE', count: 30 },
    ],
    workingDays: 17,
    visitsPerWorkingDay: '2.47',
    calls: 30,
    portfolio: 25,
    groupsVisited: 19,
    newGroups: 2,
    proposalsDue: 0,
    proposalsOnTime: 0,
    onTimePercent: null,
    approvalsDecided: 5,
    medianApprovalHours: '3.25',
    proposalsDecided: 4,
    proposalsWon: 3,
    winPercent: '75.00',
    installsConfirmed: 6,
    retentionBaseline: 40,
    retentionLost: 2,
    retentionPercent: '95.00',
    ...over,
  };
}

const pipeline = [
  { stage: 'SENT', count: 2, value: '21528.00' },
  { stage: 'ACCEPTED', count: 1, value: '0.50' },
];

function answers(team: KpiRowFragment[] = []) {
  return mockClient({
    query: (name, v) => {
      if (name === 'KpiMonth') {
        const who = v.ownerId === 'U8' ? { user: { id: 'U8', displayName: '李娜' } } : {};
        return { kpis: { ...row(who), pipeline } };
      }
      if (name === 'KpiTrend') return { kpiTrend: [row({ month: '2026-05' }), row()] };
      if (name === 'KpiTeam') return { teamKpis: team };
      return undefined;
    },
  });
}

describe('KPI page', { timeout: 30_000 }, () => {
  it('shows a manager last month’s figures, a dash for a percent with nothing due', async () => {
    signIn('ACCOUNT_MANAGER');
    const { client, queries } = answers();
    renderWithProviders(<KpiPage />, { client, path: '/kpi' });
    const onTime = await screen.findByTestId('kpi-onTime');
    expect(within(onTime).getByText('—')).toBeInTheDocument();
    expect(within(screen.getByTestId('kpi-win')).getByText('75.00%')).toBeInTheDocument();
    expect(within(screen.getByTestId('kpi-win')).getByText('赢单 3 / 已决 4')).toBeInTheDocument();
    expect(within(screen.getByTestId('kpi-visits')).getByText('上门 12 · 电话 30 · 短信 0 · 联谊活动 0')).toBeInTheDocument();
    expect(within(screen.getByTestId('kpi-retention')).getByText('流失 2 / 拍照基数 40')).toBeInTheDocument();
    expect(screen.getByText('合计 ¥21,528.50，3 个')).toBeInTheDocument();
    expect(queries.find((q) => q.name === 'KpiMonth')?.variables).toEqual({ month: currentMonth(), ownerId: null });
    expect(queries.find((q) => q.name === 'KpiTrend')?.variables).toEqual({ endMonth: currentMonth(), months: 6, ownerId: null });
    expect(queries.some((q) => q.name === 'KpiTeam')).toBe(false);
    expect(screen.queryByText('团队对比')).toBeNull();
  });

  it('gives a head the team and lets them look at one manager', async () => {
    signIn('DEPARTMENT_HEAD', { id: 'U5', displayName: '黄丽华' });
    const { client, queries } = answers([row(), row({ user: { id: 'U8', displayName: '李娜' }, winPercent: null })]);
    renderWithProviders(<KpiPage />, { client, path: '/kpi' });
    const link = await screen.findByText('李娜', { selector: 'a' });
    fireEvent.click(link);
    await waitFor(() => expect(queries.some((q) => q.name === 'KpiMonth' && q.variables.ownerId === 'U8')).toBe(true));
    expect(queries.some((q) => q.name === 'KpiTrend' && q.variables.ownerId === 'U8')).toBe(true);
  });

  it('exports the team table as CSV with Chinese headers', async () => {
    signIn('DEPARTMENT_HEAD', { id: 'U5', displayName: '黄丽华' });
    const { client } = answers([row(), row({ user: { id: 'U8', displayName: '李娜' }, winPercent: null })]);
    renderWithProviders(<KpiPage />, { client, path: '/kpi' });
    await screen.findByText('李娜', { selector: 'a' });
    fireEvent.click(screen.getByRole('button', { name: /导出 CSV/ }));
    fireEvent.click(await screen.findByText('团队明细'));
    expect(downloadCsv).toHaveBeenCalledTimes(1);
    const [text, file] = vi.mocked(downloadCsv).mock.calls[0];
    expect(file).toBe(`团队业绩-${currentMonth()}.csv`);
    const lines = text.slice(1).trim().split('\r\n');
    expect(text.startsWith('\uFEFF月份,客户经理/范围,走访次数')).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('李娜');
  });
});
