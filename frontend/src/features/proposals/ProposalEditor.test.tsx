import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Form } from 'antd';
import type { ProposalBuilderProductFragment } from '../../gql/graphql';
import { mockClient, renderWithProviders } from '../../test/render';
import type { ProductInfo, ProposalFormValues } from './formMapping';
import { ProposalEditor } from './ProposalEditor';

const catalog: ProposalBuilderProductFragment[] = [
  { id: 'P1', code: 'SMS_X', name: '集团短信', category: 'SMS', billing: 'MONTHLY', standardPrice: '33.33', active: true },
  { id: 'P2', code: 'STORE', name: '云存储 1TB', category: 'CLOUD', billing: 'YEARLY', standardPrice: '1800.00', active: true },
];
const products = new Map<string, ProductInfo>(catalog.map((p) => [p.id, p]));

function Harness({ initial }: { initial: ProposalFormValues }) {
  const [form] = Form.useForm<ProposalFormValues>();
  return (
    <ProposalEditor form={form} catalog={catalog} products={products} initialValues={initial} onChange={() => {}} dirty={false} />
  );
}

function setup(initial: ProposalFormValues) {
  const answer = (name: string) =>
    name === 'ProposalChainPreview' ? { approvalChainPreview: ['DEPARTMENT_HEAD', 'BRANCH_MANAGER'] } : null;
  const mock = mockClient({ query: answer, mutation: answer });
  renderWithProviders(<Harness initial={initial} />, { client: mock.client });
  return mock;
}

const summary = () => within(screen.getByTestId('live-summary'));

describe('ProposalEditor', { timeout: 60_000 }, () => {
  it('prices the lines live, to the fen (33.33 × 3 less 12.5 % plus yearly storage)', async () => {
    setup({
      title: '方案',
      defaultTermMonths: 12,
      lines: [
        { productId: 'P1', quantity: 3, termMonths: 12, discountKind: 'PERCENT', discountPercent: '12.5' },
        { productId: 'P2', quantity: 1, termMonths: 24, discountKind: 'NONE' },
      ],
    });
    // 87.48 + 150.00 a month; 1049.76 + 3600.00 over the term.
    await waitFor(() => expect(summary().getByText('¥237.48')).toBeInTheDocument());
    expect(summary().getByText('¥12.51')).toBeInTheDocument();
    expect(summary().getByText('¥4,649.76')).toBeInTheDocument();
    expect(screen.getByTestId('live-maxLineDiscountPercent')).toHaveTextContent('12.51%');
  });

  it('updates the totals as a discount is typed, and asks the matrix with the new figures', async () => {
    const mock = setup({
      title: '方案',
      lines: [{ productId: 'P1', quantity: 3, termMonths: 12, discountKind: 'PERCENT', discountPercent: '' }],
    });
    await waitFor(() => expect(summary().getByText('¥99.99')).toBeInTheDocument());
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('折扣率（%） 1'), '50');
    // 33.33 less 50 % = 16.665 → 16.67 a unit: 50.01 a month for three.
    await waitFor(() => expect(summary().getByText('¥50.01')).toBeInTheDocument());
    expect(summary().getByText('¥49.98')).toBeInTheDocument();
    await waitFor(() =>
      expect(mock.queries).toContainEqual({
        name: 'ProposalChainPreview',
        variables: { monthlyDiscount: '49.98', maxLineDiscountPercent: '49.985' },
      }),
    );
    expect(await screen.findByText('分公司主管领导')).toBeInTheDocument();
  });

  it('refuses a yearly term that is not whole years and leaves the line out of the totals', async () => {
    setup({ title: '方案', lines: [{ productId: 'P2', quantity: 1, termMonths: 18, discountKind: 'NONE' }] });
    await waitFor(() => expect(screen.getByText('有 1 行填写有误，未计入合计')).toBeInTheDocument());
    expect(summary().getAllByText('¥0.00').length).toBeGreaterThan(0);
  });

  it('adds a line with the default term', async () => {
    setup({ title: '方案', defaultTermMonths: 36, lines: [] });
    await userEvent.setup().click(screen.getByRole('button', { name: /添加产品/ }));
    expect(screen.getByLabelText('期限（月） 1')).toHaveValue('36');
    expect(screen.getByLabelText('数量 1')).toHaveValue('1');
  });
});
