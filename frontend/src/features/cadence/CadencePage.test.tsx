import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { session } from '../../auth/session';
import type { CadenceRowFragment } from '../../gql/graphql';
import { mockClient, renderWithProviders, signIn } from '../../test/render';
import { CadencePage } from './CadencePage';

const row = (id: string, compliant: boolean, over: Partial<CadenceRowFragment> = {}): CadenceRowFragment => ({
  month: '2026-11',
  callsRequired: 2,
  callsDone: compliant ? 2 : 1,
  onsiteRequired: 1,
  onsiteDone: compliant ? 1 : 0,
  onsitePeriod: 'MONTH',
  onsitePeriodStart: '2026-11-01',
  onsitePeriodEnd: '2026-11-30',
  highValueMembers: 4,
  compliant,
  lastVisitAt: null,
  group: { id, code: `GZ-${id}`, name: `集团${id}`, tier: 'GOLD', owner: { id: 'U7', displayName: '张晓明' } },
  ...over,
});

function renderPage() {
  const mock = mockClient({
    query: (name, v) =>
      name === 'VisitCadence'
        ? { visitCadence: v.overdueOnly ? [row('A', false)] : [row('A', false), row('B', true)] }
        : { users: { nodes: [{ id: 'U7', displayName: '张晓明' }] } },
  });
  renderWithProviders(<CadencePage />, { client: mock.client, path: '/cadence' });
  return mock;
}

describe('visit cadence', { timeout: 30_000 }, () => {
  afterEach(() => session.set(null));

  it('shows the groups behind by default, with what is missing', async () => {
    signIn('ACCOUNT_MANAGER');
    const mock = renderPage();
    const link = await screen.findByRole('link', { name: '集团A' });
    expect(link).toHaveAttribute('href', '/groups/A');
    expect(mock.queries[0].variables).toMatchObject({ overdueOnly: true });
    const tr = link.closest('tr')!;
    expect(within(tr).getByText('1 / 2')).toBeInTheDocument();
    expect(within(tr).getByText('0 / 1')).toBeInTheDocument();
    expect(within(tr).getByText('每月 · 2026-11-01 ~ 2026-11-30')).toBeInTheDocument();
    expect(within(tr).getByText('未达标')).toBeInTheDocument();
    expect(within(tr).getByText('从未走访')).toBeInTheDocument();
    // A manager sees only their own groups: no owner filter.
    expect(screen.queryByLabelText('客户经理')).toBeNull();
  });

  it('shows every group when the switch is off', async () => {
    signIn('DEPARTMENT_HEAD');
    renderPage();
    await screen.findByRole('link', { name: '集团A' });
    expect(screen.getByLabelText('客户经理')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('switch', { name: '只看未达标' }));
    expect(await screen.findByRole('link', { name: '集团B' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByText('达标').length).toBeGreaterThan(0));
  });
});
