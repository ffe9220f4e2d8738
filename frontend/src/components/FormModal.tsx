import { Form, type FormInstance, type FormProps, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface FormModalProps<V> {
  open: boolean;
  title: ReactNode;
  /** The OK button's text: 确定 unless given. */
  okText?: ReactNode;
  /** A red OK button, for a move that cannot be undone. */
  danger?: boolean;
  width?: number;
  /** The mutation is running. */
  busy: boolean;
  /** The form of the fields given as children; without one the dialog only asks to confirm. */
  form?: FormInstance<V>;
  initialValues?: FormProps<V>['initialValues'];
  /** Keep fields' values when they unmount; a `Form.List` needs it to keep its rows' initial values. */
  preserve?: boolean;
  /** Shown above the form. */
  intro?: ReactNode;
  /** Sends the checked values (e.g. through `useAction` with this form); resolves to whether it worked. */
  onSubmit: (values: V) => Promise<boolean>;
  onClose: () => void;
  /** Called instead of `onClose` once the submit worked. */
  onDone?: () => void;
  children?: ReactNode;
}

/**
 * A dialog around a vertical form: OK checks the fields, hands their values to `onSubmit` and
 * closes the dialog when that worked; the server's objections stay on the fields (see `useAction`).
 */
export function FormModal<V>({
  open,
  title,
  okText,
  danger,
  width,
  busy,
  form,
  initialValues,
  preserve = false,
  intro,
  onSubmit,
  onClose,
  onDone,
  children,
}: FormModalProps<V>) {
  const { t } = useTranslation();
  async function submit() {
    const values = form ? await form.validateFields().catch(() => null) : ({} as V);
    if (values === null) return;
    if (await onSubmit(values)) (onDone ?? onClose)();
  }
  return (
    <Modal
      open={open}
      title={title}
      onOk={submit}
      onCancel={onClose}
      okText={okText ?? t('common:confirm')}
      okButtonProps={danger ? { danger: true } : undefined}
      cancelText={t('common:cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={width}
    >
      {intro}
      {form ? (
        <Form form={form} layout="vertical" preserve={preserve} initialValues={initialValues}>
          {children}
        </Form>
      ) : (
        children
      )}
    </Modal>
  );
}
