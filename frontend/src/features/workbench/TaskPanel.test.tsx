import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { session } from '../../auth/session';
import type { WorkbenchTaskFragment } from '../../gql/graphql';
import { mockClient, renderWithProviders, signIn } from '../../test/render';
import { TaskPanel } from './TaskPanel';

const group = { id: 'G1', name: '广州市天河区政务中心' };
const base: Omit<WorkbenchTaskFragment, 'id' | 'kind' | 'title' | 'subjectType' | 'subjectId'> = {
  status: 'OPEN',
  body: null,
  greeting: null,
  dueAt: '2026-11-24T02:00:00Z',
  isOverdue: false,
  version: 3,
  group,
};
const tasks: WorkbenchTaskFragment[] = [
  { ...base, id: 'T1', kind: 'CARE', title: '王主任生日关怀', subjectType: 'Contact', subjectId: 'K1', greeting: '王主任，祝您生日快乐！' },
  { ...base, id: 'T2', kind: 'DOCUMENT_MISSING', title: '合同缺资料', subjectType: 'Contract', subjectId: 'C1', body: '缺：缴费凭证', isOverdue: true },
  { ...base, id: 'T3', kind: 'INSTALL_TO_CONFIRM', title: '装机待确认', subjectType: 'InstallationJob', subjectId: 'J1', group: null },
];

function renderPanel(mutation: (name: string, v: Record<string, unknown>) => unknown = () => undefined) {
  const mock = mockClient({
    query: (_, v) => ({
      taskCounts: [
        { kind: 'CARE', open: 1, overdue: 0 },
        { kind: 'DOCUMENT_MISSING', open: 1, overdue: 1 },
        { kind: 'INSTALL_TO_CONFIRM', open: 1, overdue: 0 },
      ],
      myTasks: {
        totalCount: 3,
        pageInfo: { hasNextPage: false, endCursor: null },
        nodes: v.kind ? tasks.filter((t) => t.kind === v.kind) : tasks,
      },
    }),
    mutation,
  });
  renderWithProviders(<TaskPanel />, { client: mock.client });
  return mock;
}

describe('workbench tasks', { timeout: 30_000 }, () => {
  beforeEach(() => signIn('ACCOUNT_MANAGER'));
  afterEach(() => {
    session.set(null);
    vi.unstubAllGlobals();
  });

  it('lists each task with its kind, body, group, subject link and overdue mark', async () => {
    renderPanel();
    const doc = await screen.findByTestId('task-DOCUMENT_MISSING');
    expect(within(doc).getByRole('link', { name: '合同缺资料' })).toHaveAttribute('href', '/contracts/C1');
    expect(within(doc).getByText('缺：缴费凭证')).toBeInTheDocument();
    expect(within(doc).getByText('已超期')).toBeInTheDocument();
    expect(within(doc).getByRole('link', { name: group.name })).toHaveAttribute('href', '/groups/G1');
    const care = screen.getByTestId('task-CARE');
    expect(within(care).getByRole('link', { name: '王主任生日关怀' })).toHaveAttribute('href', '/groups/G1');
    expect(within(care).getByText('王主任，祝您生日快乐！')).toBeInTheDocument();
    expect(within(screen.getByTestId('task-INSTALL_TO_CONFIRM')).getByRole('link', { name: '装机待确认' })).toHaveAttribute(
      'href',
      '/installations/J1',
    );
    // Only care tasks offer the greeting.
    expect(within(doc).queryByRole('button', { name: /复制祝福语/ })).toBeNull();
    // A tab for every kind, with the counts.
    expect(screen.getByRole('tab', { name: /故障超时/ })).toBeInTheDocument();
    expect(screen.getByText('未完成 3 项，其中超期 1 项')).toBeInTheDocument();
  });

  it('filters by kind on the server', async () => {
    const mock = renderPanel();
    fireEvent.click(await screen.findByRole('tab', { name: /关键时刻关怀/ }));
    await waitFor(() => expect(mock.queries.some((q) => q.variables.kind === 'CARE')).toBe(true));
    await waitFor(() => expect(screen.queryByTestId('task-DOCUMENT_MISSING')).toBeNull());
    expect(screen.getByTestId('task-CARE')).toBeInTheDocument();
  });

  it('completes a task in one click with the version it showed', async () => {
    const mock = renderPanel(() => ({ completeTask: { task: { id: 'T2', status: 'DONE', note: null, version: 4 }, userErrors: [] } }));
    const doc = await screen.findByTestId('task-DOCUMENT_MISSING');
    fireEvent.click(within(doc).getByRole('button', { name: '完成' }));
    await waitFor(() => expect(mock.mutations).toHaveLength(1));
    expect(mock.mutations[0]).toEqual({ name: 'WorkbenchCompleteTask', variables: { input: { id: 'T2', expectedVersion: 3, note: null } } });
  });

  it('dismisses only with a reason', async () => {
    const mock = renderPanel(() => ({ dismissTask: { task: { id: 'T3', status: 'DISMISSED', dismissedReason: '客户已自行确认', version: 4 }, userErrors: [] } }));
    fireEvent.click(within(await screen.findByTestId('task-INSTALL_TO_CONFIRM')).getByRole('button', { name: '忽略' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '忽略' }));
    expect(await within(dialog).findByText('必填')).toBeInTheDocument();
    expect(mock.mutations).toHaveLength(0);
    fireEvent.change(within(dialog).getByLabelText('忽略原因'), { target: { value: '客户已自行确认' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '忽略' }));
    await waitFor(() => expect(mock.mutations).toHaveLength(1));
    expect(mock.mutations[0].variables).toEqual({ input: { id: 'T3', expectedVersion: 3, reason: '客户已自行确认' } });
  });

  it('copies the greeting of a care task', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderPanel();
    fireEvent.click(within(await screen.findByTestId('task-CARE')).getByRole('button', { name: /复制祝福语/ }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('王主任，祝您生日快乐！'));
    expect(await screen.findByText('已复制')).toBeInTheDocument();
  });
});
