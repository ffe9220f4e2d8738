import { act, fireEvent, screen, within } from '@testing-library/react';
import type { InstallsCardFragment } from '../../gql/graphql';
import { renderWithProviders } from '../../test/render';
import { ExactLabels } from '../contracts/parts';
import { Board } from './InstallationsPage';
import { BOARD_COLUMNS, type BoardViewer } from './logic';

const installer = { id: 'U10', role: 'INSTALLER' as const };
const manager = { id: 'U7', role: 'ACCOUNT_MANAGER' as const };

function card(over: Partial<InstallsCardFragment>): InstallsCardFragment {
  return {
    id: 'J1',
    status: 'CREATED',
    allowedActions: ['accept', 'cancel', 'assign'],
    version: 3,
    groupName: '广州越秀区教育局',
    siteAddress: '越秀路1号',
    scheduledOn: null,
    createdAt: '2026-11-23T01:00:00Z',
    number: null,
    numberGrade: null,
    numberStatus: 'NONE',
    lead: { id: 'U10', displayName: '赵永刚' },
    faults: [],
    ...over,
  };
}

function dataTransfer(id: string) {
  const store: Record<string, string> = { 'text/plain': id };
  return {
    setData: (k: string, v: string) => void (store[k] = v),
    getData: (k: string) => store[k] ?? '',
    dropEffect: 'move',
    effectAllowed: 'move',
  };
}

function renderBoard(jobs: InstallsCardFragment[], viewer: BoardViewer = installer) {
  const onAction = vi.fn();
  const onOpen = vi.fn();
  renderWithProviders(
    <ExactLabels>
      <Board jobs={jobs} columns={BOARD_COLUMNS} viewer={viewer} onAction={onAction} onOpen={onOpen} busyJob={null} />
    </ExactLabels>,
  );
  return { onAction, onOpen };
}

function drag(cardEl: HTMLElement, column: HTMLElement, id: string) {
  const dt = dataTransfer(id);
  fireEvent.dragStart(cardEl, { dataTransfer: dt });
  fireEvent.dragOver(column, { dataTransfer: dt });
  fireEvent.drop(column, { dataTransfer: dt });
}

describe('installation board', { timeout: 30_000 }, () => {
  it('puts cards in their status column with only the moves the viewer may make', () => {
    renderBoard([card({})]);
    const created = screen.getByTestId('column-CREATED');
    const c = within(created).getByTestId('job-card');
    expect(within(c).getByText('广州越秀区教育局')).toBeInTheDocument();
    expect(within(c).getByRole('button', { name: '受理' })).toBeInTheDocument();
    // The account side's moves are not offered to the installer.
    expect(within(c).queryByRole('button', { name: '取消工单' })).toBeNull();
    expect(within(c).queryByRole('button', { name: /指派/ })).toBeNull();
  });

  it('runs the move of a button', () => {
    const { onAction } = renderBoard([card({})]);
    fireEvent.click(screen.getByRole('button', { name: '受理' }));
    expect(onAction).toHaveBeenCalledWith(expect.objectContaining({ id: 'J1' }), 'accept');
  });

  it('turns a drop on the next column into its move', () => {
    const { onAction } = renderBoard([card({})]);
    drag(screen.getByTestId('job-card'), screen.getByTestId('column-ACCEPTED'), 'J1');
    expect(onAction).toHaveBeenCalledWith(expect.objectContaining({ id: 'J1' }), 'accept');
  });

  it('refuses a drop no move leads to, saying why, and does nothing', async () => {
    const { onAction } = renderBoard([card({})]);
    await act(async () => drag(screen.getByTestId('job-card'), screen.getByTestId('column-IN_PROGRESS'), 'J1'));
    expect(onAction).not.toHaveBeenCalled();
    expect(await screen.findByText('不能从“已创建”移到“施工中”')).toBeInTheDocument();
  });

  it('refuses the lead’s move to the manager, naming who may', async () => {
    const { onAction } = renderBoard([card({ lead: null })], manager);
    await act(async () => drag(screen.getByTestId('job-card'), screen.getByTestId('column-ACCEPTED'), 'J1'));
    expect(onAction).not.toHaveBeenCalled();
    expect(await screen.findByText('请先指派工程负责人')).toBeInTheDocument();
  });

  it('shows a red fault badge once a fault is past its clock', () => {
    renderBoard([
      card({
        status: 'COMPLETED',
        allowedActions: ['confirm'],
        faults: [
          {
            id: 'F1',
            status: 'OPEN',
            description: '专线中断',
            reportedAt: '2020-01-01T00:00:00Z',
            contactDueAt: '2020-01-01T00:10:00Z',
            contactedAt: null,
            breached: true,
            resolvedAt: null,
            resolution: null,
            confirmedAt: null,
            version: 1,
          },
        ],
      }),
    ]);
    const badge = screen.getByText('故障 1');
    expect(badge.closest('.ant-tag')?.className).toMatch(/red/);
  });
});
