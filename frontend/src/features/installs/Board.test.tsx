import { act, fireEvent, screen, within } from '@testing-library/react';
import type { InstallsCardFragment } from '../../gql/graphql';
import { renderWithProviders } from '../../test/render';
import { ExactLabels } from '../contracts/parts';
import { Board } from './InstallationsPage';
import { BOARD_COLUMNS } from './logic';

function card(over: Partial<InstallsCardFragment>): InstallsCardFragment {
  return {
    id: 'J1',
    status: 'CREATED',
    // What the server offers the job's lead on a created job.
    allowedActions: ['ACCEPT_JOB'],
    blockedActions: [],
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

function renderBoard(jobs: InstallsCardFragment[]) {
  const onAction = vi.fn();
  const onOpen = vi.fn();
  renderWithProviders(
    <ExactLabels>
      <Board jobs={jobs} columns={BOARD_COLUMNS} onAction={onAction} onOpen={onOpen} busyJob={null} />
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
  it('puts cards in their status column with only the moves the server offers the viewer', () => {
    renderBoard([card({})]);
    const created = screen.getByTestId('column-CREATED');
    const c = within(created).getByTestId('job-card');
    expect(within(c).getByText('广州越秀区教育局')).toBeInTheDocument();
    expect(within(c).getByRole('button', { name: '受理' })).toBeInTheDocument();
    // Nothing the server does not offer (the account side's moves, here).
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

  it('refuses a drop on the column of a move that is not the viewer’s', async () => {
    // The account side on the same job: assigning and cancelling, not accepting.
    const { onAction } = renderBoard([card({ allowedActions: ['ASSIGN_JOB_LEAD', 'CANCEL_JOB'] })]);
    await act(async () => drag(screen.getByTestId('job-card'), screen.getByTestId('column-ACCEPTED'), 'J1'));
    expect(onAction).not.toHaveBeenCalled();
    expect(await screen.findByText('不能从“已创建”移到“已受理”')).toBeInTheDocument();
  });

  it('shows a blocked move disabled with the server’s reason, and a drop on its column says it', async () => {
    const reason = '所选号码的等级审批尚未通过，不能开始施工';
    const { onAction } = renderBoard([
      card({
        status: 'SCHEDULED',
        allowedActions: ['POSTPONE_JOB'],
        blockedActions: [{ action: 'START_JOB', reason: { code: 'PRECONDITION_FAILED', message: reason } }],
      }),
    ]);
    const start = screen.getByRole('button', { name: '开始施工' });
    expect(start).toBeDisabled();
    expect(start).toHaveAccessibleDescription(reason);
    await act(async () => drag(screen.getByTestId('job-card'), screen.getByTestId('column-IN_PROGRESS'), 'J1'));
    expect(onAction).not.toHaveBeenCalled();
    expect(await screen.findByText(reason)).toBeInTheDocument();
  });

  it('shows a red fault badge once a fault is past its clock', () => {
    renderBoard([
      card({
        status: 'COMPLETED',
        allowedActions: ['CONFIRM_JOB'],
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
            allowedActions: [],
          },
        ],
      }),
    ]);
    const badge = screen.getByText('故障 1');
    expect(badge.closest('.ant-tag')?.className).toMatch(/red/);
  });
});
