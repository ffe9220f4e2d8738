import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { GroupsListItemFragment } from '../../gql/graphql';
import { GroupsPage } from './GroupsPage';
import { type Call, mockClient, renderWithProviders, signIn } from '../../test/render';

const GROUP: GroupsListItemFragment = {
  id: 'Q3VzdG9tZXJHcm91cDoxMw',
  code: 'GZB00004',
  name: '广州越秀区教育局',
  kind: 'GOVERNMENT',
  tier: 'GOLD',
  valueClass: 'B',
  status: 'ACTIVE',
  industry: '教育',
  region: { county: '越秀区' },
  owner: { id: 'VXNlcjo3', displayName: '张晓明' },
  unassigned: false,
  lastVisitAt: '2026-09-01T02:00:00Z',
  openProposals: 2,
};

function list(calls: Call[]) {
  return calls.filter((c) => c.name === 'GroupsList');
}

function setup(path = '/groups') {
  const mock = mockClient({
    query: (name) =>
      name === 'GroupsList'
        ? {
            groups: {
              totalCount: 1,
              pageInfo: { hasNextPage: false, endCursor: null },
              nodes: [GROUP],
            },
          }
        : name === 'GroupsAccountManagers'
          ? { users: { nodes: [{ id: 'VXNlcjo3', displayName: '张晓明', username: 'gz_am1' }] } }
          : undefined,
  });
  renderWithProviders(<GroupsPage />, { client: mock.client, path });
  return mock;
}

describe('groups list', () => {
  it('lists the portfolio with links to each group', async () => {
    signIn('ACCOUNT_MANAGER');
    const { queries } = setup();
    expect(screen.getByRole('heading', { level: 3, name: '集团客户' })).toBeInTheDocument();
    const link = await screen.findByRole('link', { name: '广州越秀区教育局' });
    expect(link).toHaveAttribute('href', '/groups/Q3VzdG9tZXJHcm91cDoxMw');
    const row = link.closest('tr')!;
    expect(row).toHaveTextContent('GZB00004');
    expect(row).toHaveTextContent('政府');
    expect(row).toHaveTextContent('金');
    expect(row).toHaveTextContent('在网');
    expect(row).toHaveTextContent('2026-09-01 10:00');
    expect(list(queries)[0].variables).toMatchObject({ filter: {}, first: 20, after: null });
    // An account manager sees only their own portfolio: no owner filter, no user list fetched.
    expect(screen.queryByRole('combobox', { name: '客户经理' })).not.toBeInTheDocument();
    expect(queries.some((q) => q.name === 'GroupsAccountManagers')).toBe(false);
    expect(screen.getByRole('button', { name: /新建集团/ })).toBeInTheDocument();
  }, 30_000);

  it('searches by name when Enter is pressed in the search box', async () => {
    signIn('ACCOUNT_MANAGER');
    const { queries } = setup();
    const box = screen.getByRole('searchbox', { name: '搜索集团' });
    fireEvent.change(box, { target: { value: ' 教育 ' } });
    fireEvent.keyDown(box, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(list(queries).at(-1)?.variables.filter).toEqual({ search: '教育' }));
  }, 30_000);

  it('reads the filters from the address, so a link or Back keeps them', async () => {
    signIn('DEPARTMENT_HEAD');
    const { queries } = setup('/groups?status=AT_RISK&notVisited=30&open=1&owner=VXNlcjo3');
    await screen.findByRole('link', { name: '广州越秀区教育局' });
    expect(list(queries)[0].variables.filter).toEqual({
      status: 'AT_RISK',
      notVisitedForDays: 30,
      hasOpenProposals: true,
      ownerId: 'VXNlcjo3',
    });
    // Heads filter by account manager.
    expect(screen.getByRole('combobox', { name: '客户经理' })).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: '清空筛选' }));
    await waitFor(() => expect(list(queries).at(-1)?.variables.filter).toEqual({}));
  }, 30_000);

  it('asks a head for the owning account manager when creating a group', async () => {
    signIn('DEPARTMENT_HEAD');
    setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /新建集团/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('新建集团档案')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('客户经理')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: /保\s?存/ }));
    expect(await within(dialog).findAllByText('必填')).not.toHaveLength(0);
  }, 30_000);
});
