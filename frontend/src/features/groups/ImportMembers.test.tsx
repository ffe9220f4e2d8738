import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { GroupMemberImportFieldsFragment } from '../../gql/graphql';
import { ImportMembersModal, ImportReport } from './ImportMembers';
import { mockClient, renderWithProviders, signIn } from '../../test/render';

beforeAll(() => signIn());

const BASE: GroupMemberImportFieldsFragment = {
  id: 'TWVtYmVySW1wb3J0OjE',
  fileName: 'members.csv',
  mode: 'VALID_ROWS',
  status: 'VALIDATING',
  finished: false,
  totalRows: 0,
  processedRows: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  errorCount: 0,
  errors: [],
  failure: null,
  startedAt: '2026-11-23T07:00:00Z',
  finishedAt: null,
};

const DONE: GroupMemberImportFieldsFragment = {
  ...BASE,
  status: 'SUCCEEDED_WITH_ERRORS',
  finished: true,
  totalRows: 3,
  processedRows: 3,
  inserted: 1,
  errorCount: 2,
  errors: [
    { line: 3, column: '号码', message: '“1381234”不是有效的手机号码或固定电话' },
    { line: 4, column: '', message: '整行无法读取' },
  ],
  finishedAt: '2026-11-23T07:00:01Z',
};

describe('import report', () => {
  it('counts rows read while checking', () => {
    renderWithProviders(<ImportReport imp={{ ...BASE, processedRows: 1200 }} />);
    expect(screen.getByTestId('import-progress')).toHaveTextContent('正在校验：已读取 1200 行');
    expect(screen.getByTestId('import-status')).toHaveTextContent('校验中');
  });

  it('lists each wrong row with its line, column and message when done', () => {
    renderWithProviders(<ImportReport imp={DONE} />);
    expect(screen.getByTestId('import-status')).toHaveTextContent('部分完成');
    expect(screen.getByText('新增 1，更新 0，未变 0，错误 2 处')).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('3号码“1381234”不是有效的手机号码或固定电话');
    expect(rows[1]).toHaveTextContent('4整行整行无法读取');
  });
});

describe('member import dialog', () => {
  it('uploads the file, follows the import until it finishes, then reports', async () => {
    const user = userEvent.setup();
    let polls = 0;
    const mock = mockClient({
      mutation: (name) =>
        name === 'GroupImportMembers' ? { importMembers: { import: BASE, userErrors: [] } } : undefined,
      query: (name) => {
        if (name !== 'GroupMemberImport') return undefined;
        polls += 1;
        const imp =
          polls < 3
            ? { ...BASE, status: 'APPLYING' as const, totalRows: 3, processedRows: 1 }
            : DONE;
        return { memberImport: imp };
      },
    });
    const onImported = vi.fn();
    renderWithProviders(<ImportMembersModal groupId="G1" open onClose={() => {}} onImported={onImported} />, {
      client: mock.client,
    });
    const dialog = await screen.findByRole('dialog');

    // Nothing is sent without a file.
    await user.click(within(dialog).getByRole('button', { name: '开始导入' }));
    expect(await within(dialog).findByText('请选择要导入的 CSV 文件')).toBeInTheDocument();
    expect(mock.mutations).toHaveLength(0);

    const file = new File(['姓名,号码\n张三,13812345678\n'], 'members.csv', { type: 'text/csv' });
    const input = dialog.querySelector('input[type="file"]') as HTMLInputElement;
    await user.upload(input, file);
    await user.click(within(dialog).getByLabelText('只导入正确的行'));
    await user.click(within(dialog).getByRole('button', { name: '开始导入' }));

    await waitFor(() => expect(mock.mutations).toHaveLength(1));
    const sent = mock.mutations[0].variables.input as { groupId: string; mode: string; file: File };
    expect(sent.groupId).toBe('G1');
    expect(sent.mode).toBe('VALID_ROWS');
    expect(sent.file).toBeInstanceOf(File);
    expect(sent.file.name).toBe('members.csv');

    expect(await within(dialog).findByText('正在导入：1 / 3 行', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(await within(dialog).findByText('新增 1，更新 0，未变 0，错误 2 处', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(within(dialog).getByText('“1381234”不是有效的手机号码或固定电话')).toBeInTheDocument();
    expect(onImported).toHaveBeenCalledTimes(1);

    // Polling stops once the import has finished.
    const seen = polls;
    await new Promise((r) => setTimeout(r, 1200));
    expect(polls).toBe(seen);
  }, 30_000);
});
