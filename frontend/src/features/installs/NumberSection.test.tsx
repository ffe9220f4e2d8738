import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { CombinedError, type Client, type GraphQLRequest } from 'urql';
import { fromValue, never } from 'wonka';
import type { InstallsDetailFragment } from '../../gql/graphql';
import { renderWithProviders, type Call } from '../../test/render';
import { NumberSection } from './NumberSection';

function job(over: Partial<InstallsDetailFragment> = {}): InstallsDetailFragment {
  return {
    id: 'J1',
    status: 'ACCEPTED',
    // What the server offers the group's manager on an accepted job.
    allowedActions: ['ASSIGN_JOB_LEAD', 'SELECT_JOB_NUMBER', 'POSTPONE_JOB', 'CANCEL_JOB'],
    blockedActions: [],
    version: 4,
    groupName: '广州越秀区教育局',
    siteAddress: '越秀路1号',
    scheduledOn: null,
    createdAt: '2026-11-23T01:00:00Z',
    number: null,
    numberGrade: null,
    numberStatus: 'NONE',
    numberRequest: null,
    lead: null,
    faults: [],
    siteContact: null,
    sitePhone: null,
    notes: null,
    postponedReason: null,
    cancelReason: null,
    acceptedAt: null,
    startedAt: null,
    completedAt: null,
    confirmedAt: null,
    group: { id: 'G1', name: '广州越秀区教育局', owner: { id: 'U7' } },
    contract: null,
    lines: [],
    ...over,
  };
}

const GRADE_A = {
  number: '02088886666',
  subscriberNumber: '88886666',
  grade: 'A',
  pattern: 'XXXAAAA',
  prestore: '3600.00',
  monthlyMinimum: '300.00',
  approvalRole: 'GENERAL_MANAGER',
};

/** 丙: a prestore but no approver of its own. */
const GRADE_C = {
  number: '02022223344',
  subscriberNumber: '22223344',
  grade: 'C',
  pattern: 'XXXXAABB',
  prestore: '200.00',
  monthlyMinimum: '0.00',
  approvalRole: null,
};

/** A client answering the grade check (an INVALID error for `bad`, 丙 for 020-2222…) and the selection. */
function client(selected?: Partial<InstallsDetailFragment>) {
  const queries: Call[] = [];
  const mutations: Call[] = [];
  const c = {
    executeQuery: (op: GraphQLRequest) => {
      const variables = op.variables as { number: string };
      queries.push({ name: 'InstallsNumberGrade', variables });
      if (variables.number === 'bad') {
        const error = new CombinedError({
          graphQLErrors: [new GraphQLError('号码应为 7 或 8 位本地号码', { extensions: { code: 'INVALID' } })],
        });
        return fromValue({ operation: op, error, stale: false, hasNext: false });
      }
      const grade = variables.number.startsWith('0202222') ? GRADE_C : GRADE_A;
      return fromValue({ operation: op, data: { numberGrade: grade }, stale: false, hasNext: false });
    },
    executeMutation: (op: GraphQLRequest) => {
      mutations.push({ name: 'InstallsSelectNumber', variables: op.variables as Record<string, unknown> });
      return fromValue({
        operation: op,
        data: {
          selectJobNumber: {
            job: job({ number: '02088886666', numberGrade: 'A', numberStatus: 'PENDING_APPROVAL', ...selected }),
            userErrors: [],
          },
        },
        stale: false,
        hasNext: false,
      });
    },
    executeSubscription: () => never,
  } as unknown as Client;
  return { client: c, queries, mutations };
}

describe('number selection in the job drawer', { timeout: 30_000 }, () => {
  it('shows the server’s reason under the input for an invalid number', async () => {
    const { client: c } = client();
    renderWithProviders(<NumberSection job={job()} onChanged={() => {}} />, { client: c });
    fireEvent.change(screen.getByRole('textbox', { name: '查询号码' }), { target: { value: 'bad' } });
    fireEvent.click(screen.getByRole('button', { name: /^查\s?询$/ }));
    expect(await screen.findByText('号码应为 7 或 8 位本地号码')).toBeInTheDocument();
    expect(screen.queryByTestId('number-grade')).toBeNull();
  });

  it('shows a 甲 number’s charges and approver, and asks why before choosing it', async () => {
    const { client: c, mutations } = client();
    const onChanged = vi.fn();
    renderWithProviders(<NumberSection job={job()} onChanged={onChanged} />, { client: c });
    fireEvent.change(screen.getByRole('textbox', { name: '查询号码' }), { target: { value: '020-8888 6666' } });
    fireEvent.click(screen.getByRole('button', { name: /^查\s?询$/ }));
    const grade = await screen.findByTestId('number-grade');
    expect(within(grade).getByText('甲')).toBeInTheDocument();
    expect(within(grade).getByText('XXXAAAA')).toBeInTheDocument();
    expect(within(grade).getByText('¥3,600.00')).toBeInTheDocument();
    expect(within(grade).getByText('¥300.00')).toBeInTheDocument();
    expect(within(grade).getByText('需总经理审批')).toBeInTheDocument();

    const choose = screen.getByRole('button', { name: '选用此号码并提交审批' });
    fireEvent.click(choose);
    expect(await screen.findByText('必填')).toBeInTheDocument();
    expect(mutations).toHaveLength(0);

    fireEvent.change(screen.getByRole('textbox', { name: '选号理由' }), { target: { value: '客户指定吉祥号' } });
    fireEvent.click(choose);
    await waitFor(() => expect(mutations).toHaveLength(1));
    expect(mutations[0].variables).toEqual({
      input: { id: 'J1', expectedVersion: 4, number: '02088886666', justification: '客户指定吉祥号' },
    });
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
  });

  it('asks a prestore waiver within the prestore and sends it with the choice', async () => {
    const { client: c, mutations } = client();
    renderWithProviders(<NumberSection job={job()} onChanged={() => {}} />, { client: c });
    fireEvent.change(screen.getByRole('textbox', { name: '查询号码' }), { target: { value: '020-8888 6666' } });
    fireEvent.click(screen.getByRole('button', { name: /^查\s?询$/ }));
    await screen.findByTestId('number-grade');
    const waiver = screen.getByRole('textbox', { name: '预存款减免（元）' });
    expect(screen.getByText(/减免另须补退费审批权限/)).toBeInTheDocument();
    fireEvent.change(waiver, { target: { value: '4000' } });
    fireEvent.change(screen.getByRole('textbox', { name: '选号理由' }), { target: { value: '重点客户' } });
    const choose = screen.getByRole('button', { name: '选用此号码并提交审批' });
    fireEvent.click(choose);
    expect(await screen.findByText('减免须大于 0 且不超过预存款 ¥3,600.00')).toBeInTheDocument();
    expect(mutations).toHaveLength(0);

    fireEvent.change(waiver, { target: { value: '600' } });
    fireEvent.click(choose);
    await waitFor(() => expect(mutations).toHaveLength(1));
    expect(mutations[0].variables).toEqual({
      input: { id: 'J1', expectedVersion: 4, number: '02088886666', justification: '重点客户', prestoreWaiver: '600.00' },
    });
  });

  it('needs a reason once a waiver is asked on a 丙 number that needs no approval of its own', async () => {
    const { client: c, mutations } = client({ numberGrade: 'C', numberStatus: 'APPROVED' });
    renderWithProviders(<NumberSection job={job()} onChanged={() => {}} />, { client: c });
    fireEvent.change(screen.getByRole('textbox', { name: '查询号码' }), { target: { value: '020-2222 3344' } });
    fireEvent.click(screen.getByRole('button', { name: /^查\s?询$/ }));
    await screen.findByTestId('number-grade');
    expect(screen.getByRole('button', { name: '选用此号码' })).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: '选号理由' })).toBeNull();

    fireEvent.change(screen.getByRole('textbox', { name: '预存款减免（元）' }), { target: { value: '100' } });
    expect(await screen.findByRole('textbox', { name: '选号理由' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '选用此号码并提交审批' }));
    expect(await screen.findByText('必填')).toBeInTheDocument();
    expect(mutations).toHaveLength(0);
  });

  it('shows the pending number with a link to its approval request, read-only for the installer', () => {
    renderWithProviders(
      <NumberSection
        job={job({ number: '02088886666', numberGrade: 'A', numberStatus: 'PENDING_APPROVAL', numberRequest: { id: 'AR9', status: 'PENDING' } })}
        onChanged={() => {}}
      />,
      { client: client().client },
    );
    expect(screen.getByRole('link', { name: '查看审批单' })).toHaveAttribute('href', '/approvals/AR9');
    expect(screen.getByText('号码等级审批中：审批通过前不能开始施工')).toBeInTheDocument();
    expect(screen.getByText('待审批')).toBeInTheDocument();
  });

  it('gives no picker to a viewer not offered the choice, and no link to a request they cannot see', () => {
    // The installer: the server offers no number choice and hides the request.
    renderWithProviders(
      <NumberSection
        job={job({ number: '02088886666', numberGrade: 'C', numberStatus: 'APPROVED', numberRequest: null, allowedActions: ['SCHEDULE_JOB'] })}
        onChanged={() => {}}
      />,
      { client: client().client },
    );
    expect(screen.getByText('02088886666')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: '查询号码' })).toBeNull();
    expect(screen.queryByRole('link', { name: '查看审批单' })).toBeNull();
  });
});
