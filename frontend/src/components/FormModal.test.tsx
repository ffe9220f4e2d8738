import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Form, Input } from 'antd';
import { renderWithProviders } from '../test/render';
import { FormModal } from './FormModal';

interface Props {
  onSubmit: (v: { name: string }) => Promise<boolean>;
  onClose: () => void;
  onDone?: () => void;
}

function Dialog({ onSubmit, onClose, onDone }: Props) {
  const [form] = Form.useForm<{ name: string }>();
  return (
    <FormModal open title="改名" form={form} busy={false} onSubmit={onSubmit} onClose={onClose} onDone={onDone}>
      <Form.Item name="name" label="名称" rules={[{ required: true, message: '必填' }]}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}

describe('FormModal', { timeout: 30_000 }, () => {
  it('sends nothing while a field is wrong', async () => {
    const onSubmit = vi.fn(async () => true);
    const onClose = vi.fn();
    renderWithProviders(<Dialog onSubmit={onSubmit} onClose={onClose} />);
    const dialog = await screen.findByRole('dialog');
    await userEvent.setup().click(within(dialog).getByRole('button', { name: /确\s*定/ }));
    expect(await within(dialog).findByText('必填')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('hands over the values and stays open when the submit did not work', async () => {
    const onSubmit = vi.fn(async () => false);
    const onClose = vi.fn();
    renderWithProviders(<Dialog onSubmit={onSubmit} onClose={onClose} />);
    const dialog = await screen.findByRole('dialog');
    const user = userEvent.setup();
    await user.type(within(dialog).getByLabelText('名称'), '新名');
    await user.click(within(dialog).getByRole('button', { name: /确\s*定/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ name: '新名' }));
    expect(onClose).not.toHaveBeenCalled();
  });

  it('calls onDone, not onClose, once the submit worked', async () => {
    const onClose = vi.fn();
    const onDone = vi.fn();
    renderWithProviders(<Dialog onSubmit={async () => true} onClose={onClose} onDone={onDone} />);
    const dialog = await screen.findByRole('dialog');
    const user = userEvent.setup();
    await user.type(within(dialog).getByLabelText('名称'), '新名');
    await user.click(within(dialog).getByRole('button', { name: /确\s*定/ }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(onClose).not.toHaveBeenCalled();
  });
});
