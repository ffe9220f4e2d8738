import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { session } from '../../auth/session';
import type { RetentionGroupFragment, RetentionReportFieldsFragment } from '../../gql/graphql';
import { mockClient, renderWithProviders, signIn } from '../../test/render';
import { RetentionPage } from './RetentionPage';

const report: RetentionReportFieldsFragment = {
  baselineMonth: '2026-06',
  currentMonth: '2026-10',
  baselineMembers: 120,
  baselineRevenue: '12000.00',
  currentMembers: 98,
  currentRevenue: '9600.50',
  activeCount: 90,
  suspendedCount: 3,
  pendingCloseCount: 2,
  forwardedCount: 3,
  closedCount: 22,
  revenueLossPercent: '19.99',
  numberLossPercent: '18.33',
  fallingMembers: [
    { member: { id: 'M1', name: '李四', phone: '13800138000', status: 'ACTIVE' }, referenceAmount: '88.00', currentAmount: '40.00', dropPercent: '54.55' },
  ],
  causes: '竞争对手低价',
  measures: null,
  outcome: null,
  version: 2,
  updatedAt: '2026-11-20T02:00:00Z',
  lostMembers: [
    { subject: '刘芳 13800000031', lostOn: '2026-11-20', reason: 'COMPETITOR', reasonText: '对方送终端', competitor: '中国电信', monthlyRevenue: '88.00' },
  ],
  complaints: [],
  csv: '项目,拍照月,当前\r\n成员数,120,98\r\n',
};
const group: RetentionGroupFragment = {
  id: 'G1',
  code: 'GZ-TH-A-0001',
  name: '广州市天河区政务中心',
  status: 'AT_RISK',
  version: 7,
  baselineMonth: '2026-06',
  owner: { id: 'U7', displayName: '张晓明' },
  retentionReport: report,
};

function renderPage(g: RetentionGroupFragment, mutation: (name: string, v: Record<string, unknown>) => unknown = () => undefined) {
  const mock = mockClient({ query: () => ({ group: g }), mutation });
  renderWithProviders(
    <Routes>
      <Route path="/groups/:id/retention" element={<RetentionPage />} />
    </Routes>,
    { client: mock.client, path: '/groups/G1/retention' },
  );
  return mock;
}

describe('retention analysis report', { timeout: 30_000 }, () => {
  beforeEach(() => signIn('ACCOUNT_MANAGER', { id: 'U7' }));
  afterEach(() => session.set(null));

  it('asks for a baseline month first and sends it with the group version', async () => {
    const mock = renderPage({ ...group, baselineMonth: null, retentionReport: null }, () => ({
      setGroupBaseline: { group, userErrors: [] },
    }));
    expect(await screen.findByText(/还没有设置拍照月/)).toBeInTheDocument();
    const picker = screen.getByLabelText('拍照月');
    fireEvent.mouseDown(picker);
    fireEvent.change(picker, { target: { value: '2026-06' } });
    fireEvent.keyDown(picker, { key: 'Enter', code: 'Enter' });
    fireEvent.click(screen.getByRole('button', { name: '设置拍照月' }));
    await waitFor(() => expect(mock.mutations).toHaveLength(1));
    expect(mock.mutations[0]).toEqual({
      name: 'RetentionSetBaseline',
      variables: { input: { groupId: 'G1', expectedVersion: 7, month: '2026-06' } },
    });
  });

  it('lays out every figure of the report', async () => {
    renderPage(group);
    expect(await screen.findByRole('heading', { name: '集团保有分析报告' })).toBeInTheDocument();
    expect(screen.getAllByText('GZ-TH-A-0001').length).toBeGreaterThan(0);
    expect(screen.getByText('¥12,000.00')).toBeInTheDocument();
    expect(screen.getByText('¥9,600.50')).toBeInTheDocument();
    for (const s of ['在网', '停机', '预销户', '呼转', '销户']) expect(screen.getByText(s)).toBeInTheDocument();
    expect(screen.getByText('22')).toBeInTheDocument();
    expect(screen.getByText('19.99%')).toBeInTheDocument();
    // The numbers lost since the baseline and why, from the churn archive.
    expect(screen.getByText('刘芳 13800000031')).toBeInTheDocument();
    expect(screen.getByText('竞争对手：对方送终端')).toBeInTheDocument();
    expect(screen.getByText('没有投诉')).toBeInTheDocument();
    expect(screen.getByText('18.33%')).toBeInTheDocument();
    expect(screen.getByText('13800138000')).toBeInTheDocument();
    expect(screen.getByText('54.55%')).toBeInTheDocument();
    expect(screen.getByLabelText('原因分析')).toHaveValue('竞争对手低价');
  });

  it('saves the analysis with the report version', async () => {
    const mock = renderPage(group, () => ({ updateRetentionReport: { report: { ...report, version: 3 }, userErrors: [] } }));
    fireEvent.change(await screen.findByLabelText('保有措施'), { target: { value: '上门拜访，提供专属优惠' } });
    fireEvent.click(screen.getByRole('button', { name: '保存分析' }));
    await waitFor(() => expect(mock.mutations).toHaveLength(1));
    expect(mock.mutations[0].variables).toEqual({
      input: { groupId: 'G1', expectedVersion: 2, causes: '竞争对手低价', measures: '上门拜访，提供专属优惠', outcome: '' },
    });
  });

  it('exports the server CSV and prints', async () => {
    const create = vi.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    renderPage(group);
    const bar = (await screen.findByRole('button', { name: /导出 CSV/ })).parentElement!;
    fireEvent.click(within(bar).getByRole('button', { name: /导出 CSV/ }));
    expect(create).toHaveBeenCalledTimes(1);
    expect(click).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: /打印/ }));
    expect(print).toHaveBeenCalledTimes(1);
    click.mockRestore();
    print.mockRestore();
  });
});
