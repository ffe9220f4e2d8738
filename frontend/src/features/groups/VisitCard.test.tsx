import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VisitCardModal } from './VisitCard';
import { mockClient, renderWithProviders, signIn } from '../../test/render';

beforeAll(() => signIn());

const PRODUCTS = [
  { id: 'P1', code: 'DAS', name: 'DAS', category: 'VALUE_ADDED' },
  { id: 'P2', code: 'VPN', name: 'VPN', category: 'VPN' },
  { id: 'P3', code: 'GROUP_SMS', name: '集团短信', category: 'SMS' },
];

const VISIT = {
  id: 'VmlzaXQ6NjE',
  status: 'DONE',
  method: 'ONSITE',
  purpose: 'ROUTINE',
  plannedAt: null,
  startedAt: '2026-11-23T01:00:00Z',
  endedAt: '2026-11-23T02:00:00Z',
  durationMinutes: 60,
  manager: { id: 'VXNlcjo3', displayName: '张晓明' },
  contacts: [],
  serviceSatisfaction: null,
  networkSatisfaction: null,
  needProducts: [],
  needNotes: null,
  suggestions: null,
  minutes: null,
  nextSteps: null,
  customerConfirmed: false,
  confirmedBy: null,
  missedReason: null,
  version: 1,
  group: { id: 'G1', lastVisitAt: '2026-11-23T02:00:00Z', version: 1 },
};

function setup(userErrors: unknown[] = []) {
  const mock = mockClient({
    query: (name) => (name === 'GroupVisitCardProducts' ? { visitCardProducts: PRODUCTS } : undefined),
    mutation: (name) =>
      name === 'GroupLogVisit'
        ? { logVisit: { visit: userErrors.length ? null : VISIT, proposalDueAt: userErrors.length ? null : '2026-11-23T10:00:00Z', userErrors } }
        : undefined,
  });
  const onSaved = vi.fn();
  renderWithProviders(
    <VisitCardModal
      groupId="G1"
      open
      planned={null}
      contacts={[{ id: 'Q29udGFjdDoxMw', name: '何军', title: '行政经理' }]}
      onClose={() => {}}
      onSaved={onSaved}
    />,
    { client: mock.client },
  );
  return { ...mock, onSaved };
}

describe('visit card QX-FW-003', () => {
  it('logs an unplanned visit with the ticked needs and the notes', async () => {
    const user = userEvent.setup();
    const { mutations, onSaved } = setup();
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('走访记录卡（QX-FW-003）')).toBeInTheDocument();
    await user.click(within(dialog).getByLabelText('VPN'));
    await user.click(within(dialog).getByLabelText('集团短信'));
    fireEvent.change(within(dialog).getByLabelText('走访纪要'), { target: { value: '与信息科沟通专线需求' } });
    fireEvent.change(within(dialog).getByLabelText('下一步工作'), { target: { value: '两天内出方案' } });
    await user.click(within(within(dialog).getByRole('radiogroup', { name: '服务满意度' })).getByText('满意'));
    await user.click(within(dialog).getByRole('button', { name: '保存走访记录' }));

    await waitFor(() => expect(mutations).toHaveLength(1));
    const { name, variables } = mutations[0];
    expect(name).toBe('GroupLogVisit');
    const input = variables.input as { groupId: string; card: Record<string, unknown> };
    expect(input.groupId).toBe('G1');
    expect(input.card).toMatchObject({
      method: 'ONSITE',
      purpose: 'ROUTINE',
      needProducts: ['VPN', 'GROUP_SMS'],
      minutes: '与信息科沟通专线需求',
      nextSteps: '两天内出方案',
      serviceSatisfaction: 'SATISFIED',
      networkSatisfaction: null,
      customerConfirmed: false,
      confirmedBy: null,
    });
    const start = Date.parse(input.card.startedAt as string);
    const end = Date.parse(input.card.endedAt as string);
    expect(end - start).toBe(60 * 60 * 1000);
    // The visit, and when its proposal is due: the tab's banner says so.
    await waitFor(() =>
      expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 'VmlzaXQ6NjE' }), '2026-11-23T10:00:00Z'),
    );
  }, 30_000);

  it('asks who signed when the customer confirmed, before sending anything', async () => {
    const user = userEvent.setup();
    const { mutations } = setup();
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('客户已确认（签名）'));
    await user.click(within(dialog).getByRole('button', { name: '保存走访记录' }));
    expect(await within(dialog).findByText('请填写客户签名人')).toBeInTheDocument();
    expect(mutations).toHaveLength(0);
  }, 30_000);

  it("shows the server's objection at the field it names", async () => {
    const user = userEvent.setup();
    setup([{ code: 'INVALID', field: ['input', 'card', 'endedAt'], message: '不能记录未来的走访（服务器）' }]);
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: '保存走访记录' }));
    const error = await within(dialog).findByText('不能记录未来的走访（服务器）');
    // Under the end-time field, not in a loose message.
    expect(error.closest('.ant-form-item')).toHaveTextContent('实际结束时间');
  }, 30_000);
});
