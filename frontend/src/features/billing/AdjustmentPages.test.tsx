import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { mockClient, renderWithProviders, signIn } from '../../test/render';
import { AdjustmentPage } from './AdjustmentPage';
import { AdjustmentRequestPage } from './AdjustmentRequestPage';
import { AdjustmentsPage } from './AdjustmentsPage';
import { ADJUSTMENT_ID, adjustment } from './fixtures';
import { billMonths } from './logic';

const GROUP = { __typename: 'CustomerGroup', id: 'G1', name: '广州市天河区教育局', code: 'GZB00001' };

const CHAIN = {
  accumulated: '650.00',
  steps: [
    { role: 'DEPARTMENT_HEAD', departmentName: '政企客户一部' },
    { role: 'DEPARTMENT_HEAD', departmentName: '广州信息化中心' },
    { role: 'BRANCH_MANAGER', departmentName: null },
    { role: 'GENERAL_MANAGER', departmentName: null },
  ],
  userErrors: [],
};

/** Picks `option` in the antd select labelled `name`. */
async function choose(name: string, option: string) {
  fireEvent.mouseDown(screen.getByRole('combobox', { name }));
  const items = await screen.findAllByTitle(option);
  fireEvent.click(items.find((e) => e.classList.contains('ant-select-item-option')) ?? items[0]);
}

describe('asking for a billing adjustment', { timeout: 60_000 }, () => {
  beforeEach(() => signIn('ACCOUNT_MANAGER'));

  function setup(userErrors: unknown[][]) {
    const answers = [...userErrors];
    const mock = mockClient({
      query: (name) => {
        if (name === 'BillingGroupOptions') return { groups: { nodes: [GROUP] } };
        if (name === 'BillingGroup') return { group: GROUP };
        if (name === 'BillingGroupMembers') return { group: { id: 'G1', members: { nodes: [] } } };
        if (name === 'BillingAdjustmentChain') return { billingAdjustmentChain: CHAIN };
        return undefined;
      },
      mutation: (name) => {
        if (name !== 'RequestBillingAdjustment') return undefined;
        const errors = answers.shift() ?? [];
        return { requestBillingAdjustment: { adjustment: errors.length ? null : adjustment({ status: 'PENDING' }), userErrors: errors } };
      },
    });
    renderWithProviders(
      <Routes>
        <Route path="/adjustments/new" element={<AdjustmentRequestPage />} />
        <Route path="/adjustments/:id" element={<p>adjustment page</p>} />
      </Routes>,
      { client: mock.client, path: '/adjustments/new?group=G1' },
    );
    return mock;
  }

  it('previews the chain from the figures, sends a back-charge negative with its evidence, and puts a refused file on the upload', async () => {
    const { mutations, queries } = setup([[{ code: 'INVALID', field: ['input', 'evidence', '0'], message: '只接受 PDF、PNG 或 JPEG 文件' }], []]);
    expect(await screen.findByText('广州市天河区教育局（GZB00001）')).toBeInTheDocument();
    expect(screen.getByText('填好集团、账户或成员、账期、金额和原因后显示审批人')).toBeInTheDocument();

    fireEvent.change(screen.getByRole('textbox', { name: '账户号' }), { target: { value: 'GZ-0001' } });
    await choose('补退费原因', '计费数据错误');
    fireEvent.click(screen.getByRole('radio', { name: '补收' }));
    fireEvent.change(screen.getByRole('textbox', { name: '金额（元）' }), { target: { value: '250' } });

    // The chain, once the figures stop changing.
    const preview = await screen.findByTestId('chain-preview');
    expect(await within(preview).findByText('部门负责人 · 广州信息化中心', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(within(preview).getByText('¥650.00')).toBeInTheDocument();
    expect(within(preview).getByText('总经理')).toBeInTheDocument();
    const asked = queries.filter((q) => q.name === 'BillingAdjustmentChain').at(-1);
    expect(asked?.variables).toEqual({
      input: { groupId: 'G1', memberId: null, accountNo: 'GZ-0001', month: billMonths()[0], amount: '-250.00', cause: 'BILLING_DATA_ERROR' },
    });

    fireEvent.change(screen.getByRole('textbox', { name: '原因说明' }), { target: { value: '二月套餐费重复计收' } });
    fireEvent.change(screen.getByRole('textbox', { name: '整改意见' }), { target: { value: '套餐配置加校验' } });

    // Nothing goes without evidence; a file of another kind is refused here already.
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    expect(await screen.findByText('请上传依据性文件')).toBeInTheDocument();
    // The picker's input is replaced after each choice.
    const input = () => document.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(input(), { target: { files: [new File(['x'], 'notes.docx', { type: 'application/msword' })] } });
    expect(await screen.findByText('notes.docx：只接受 PDF、PNG 或 JPEG 文件')).toBeInTheDocument();
    expect(mutations).toHaveLength(0);

    const pdf = new File(['%PDF-1.4'], '账单.pdf', { type: 'application/pdf' });
    fireEvent.change(input(), { target: { files: [pdf] } });
    expect(await screen.findByText('账单.pdf')).toBeInTheDocument();
    // The refused file taken off the list, the other one stays.
    fireEvent.click(screen.getAllByRole('button', { name: /删除|remove/i })[0]);
    await waitFor(() => expect(screen.queryByText('notes.docx：只接受 PDF、PNG 或 JPEG 文件')).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    await waitFor(() => expect(mutations).toHaveLength(1));
    const sent = mutations[0].variables.input as { figures: unknown; evidence: File[]; causeText: string; rectification: string };
    expect(sent.figures).toEqual(asked?.variables.input);
    expect(sent.causeText).toBe('二月套餐费重复计收');
    expect(sent.rectification).toBe('套餐配置加校验');
    expect(sent.evidence.map((f) => f.name)).toEqual(['账单.pdf']);
    // The server's objection to the file shows on the upload, naming the file.
    expect(await screen.findByText('账单.pdf：只接受 PDF、PNG 或 JPEG 文件')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    expect(await screen.findByText('adjustment page')).toBeInTheDocument();
  });
});

describe('an adjustment’s page', { timeout: 60_000 }, () => {
  function setup(over: Parameters<typeof adjustment>[0] = {}) {
    const a = adjustment(over);
    const mock = mockClient({
      query: (name) => (name === 'BillingAdjustment' ? { node: { __typename: 'BillingAdjustment', ...a } } : undefined),
      mutation: (name) =>
        name === 'ExecuteBillingAdjustment'
          ? { executeBillingAdjustment: { adjustment: { ...a, status: 'EXECUTED', version: 4 }, userErrors: [] } }
          : undefined,
    });
    // The evidence's content, asked for through the client when a file is opened.
    const files: Record<string, { id: string; fileName: string; contentType: string; contentBase64: string }> = {
      '11': { id: '11', fileName: '账单.pdf', contentType: 'application/pdf', contentBase64: btoa('%PDF-1.4') },
      '12': { id: '12', fileName: '截图.png', contentType: 'image/png', contentBase64: 'iVBORw0KGgo=' },
    };
    const evidence = vi.fn((_doc: unknown, vars: { fileId: string }) => ({
      toPromise: async () => ({
        data: { node: { __typename: 'BillingAdjustment', id: ADJUSTMENT_ID, evidenceFile: files[vars.fileId] ?? null } },
      }),
    }));
    Object.assign(mock.client, { query: evidence });
    renderWithProviders(
      <Routes>
        <Route path="/adjustments/:id" element={<AdjustmentPage />} />
      </Routes>,
      { client: mock.client, path: `/adjustments/${ADJUSTMENT_ID}` },
    );
    return { ...mock, evidence };
  }

  it('shows the request, its evidence, the bills, the account’s history and the chain with its departments', async () => {
    signIn('BILLING');
    setup();
    expect(await screen.findByRole('heading', { name: 'BT2027030001' })).toBeInTheDocument();
    expect(screen.getAllByText('补收').length).toBeGreaterThan(0);
    expect(screen.getAllByText('¥250.00').length).toBeGreaterThan(0);
    for (const text of ['GZ-0001', '2027-02', '计费数据错误', '二月套餐费重复计收', '计费系统套餐配置加校验', '账单.pdf', '截图.png', 'BT2027010007']) {
      expect(screen.getAllByText(text).length).toBeGreaterThan(0);
    }
    expect(within(screen.getByTestId('recent-bills')).getByText('¥880.00')).toBeInTheDocument();
    expect(screen.getByText('部门负责人 · 广州信息化中心')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '查看审批单' })).toHaveAttribute('href', '/approvals/QXBwcm92YWxSZXF1ZXN0Ojk');
    // Nothing offered, no button.
    expect(screen.queryByRole('button', { name: '操作完成' })).toBeNull();
  });

  it('records the execution with the billing system’s reference and the version seen', async () => {
    signIn('BILLING');
    const { mutations } = setup({ allowedActions: ['EXECUTE_BILLING_ADJUSTMENT'] });
    fireEvent.click(await screen.findByRole('button', { name: '操作完成' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '操作完成' }));
    expect(await within(dialog).findByText('必填')).toBeInTheDocument();
    expect(mutations).toHaveLength(0);
    fireEvent.change(within(dialog).getByRole('textbox', { name: '操作流水号' }), { target: { value: 'JF-20270302-0009' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '操作完成' }));
    await waitFor(() => expect(mutations).toHaveLength(1));
    expect(mutations[0]).toEqual({
      name: 'ExecuteBillingAdjustment',
      variables: { input: { id: ADJUSTMENT_ID, expectedVersion: 3, note: null, reference: 'JF-20270302-0009' } },
    });
  });

  it('fetches an image’s content only when it is opened, and shows it', async () => {
    signIn('DEPARTMENT_HEAD');
    const { evidence } = setup();
    const files = await screen.findAllByTestId('evidence-file');
    expect(evidence).not.toHaveBeenCalled();
    fireEvent.click(within(files[1]).getByRole('button', { name: /查看/ }));
    const img = await screen.findByRole('img', { name: '截图.png' });
    expect(img).toHaveAttribute('src', 'data:image/png;base64,iVBORw0KGgo=');
    expect(evidence).toHaveBeenCalledTimes(1);
    expect(evidence.mock.calls[0][1]).toEqual({ id: ADJUSTMENT_ID, fileId: '12' });
  });
});

describe('the adjustments list', { timeout: 60_000 }, () => {
  it('lists by stage with the stage labels, and offers the request to managers', async () => {
    signIn('ACCOUNT_MANAGER');
    const row = adjustment({ status: 'PENDING' });
    const mock = mockClient({
      query: (name) =>
        name === 'BillingAdjustments'
          ? { billingAdjustments: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [row] } }
          : undefined,
    });
    renderWithProviders(<AdjustmentsPage />, { client: mock.client, path: '/adjustments?tab=PENDING' });
    expect(await screen.findByText('BT2027030001')).toBeInTheDocument();
    for (const tab of ['全部', '审批中', '待操作', '待审核', '待稽核', '已稽核']) expect(screen.getByRole('tab', { name: tab })).toBeInTheDocument();
    expect(mock.queries.find((q) => q.name === 'BillingAdjustments')?.variables).toMatchObject({ status: ['PENDING'], month: null });
    expect(screen.getByRole('button', { name: '申请补退费' })).toBeInTheDocument();
  });

  it('gives billing no request button', async () => {
    signIn('BILLING');
    const mock = mockClient({
      query: () => ({ billingAdjustments: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }),
    });
    renderWithProviders(<AdjustmentsPage />, { client: mock.client, path: '/adjustments' });
    expect(await screen.findByText('暂无补退费申请')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '申请补退费' })).toBeNull();
  });
});
