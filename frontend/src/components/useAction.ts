import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { type AnyVariables, type TypedDocumentNode, useMutation } from 'urql';
import { applyUserErrors, describeFailure, type UserErrorLike } from './errors';

export interface ActionOptions {
  /** The form whose fields the server's `userErrors` are shown on. */
  form?: FormInstance;
  /** Leading segments of the server's field paths that the form does not have (e.g. `content`). */
  strip?: string[];
  /** Shown when the action succeeds. */
  success?: string;
  /** Called instead of reloading the page when the server reports a version conflict. */
  onConflict?: () => void;
  /** Called with the server's user errors instead of showing them on the form or in a message. */
  onUserErrors?: (errors: UserErrorLike[]) => void;
}

type Payload<D> = D extends Record<string, infer P> ? NonNullable<P> : never;

/**
 * Runs a mutation whose payload has `userErrors`: user errors go to the form's fields (or a
 * message when they name no field), a version conflict offers to reload, a failed request says
 * so. Resolves to the payload when it worked, `null` when it did not.
 */
export function useAction<D extends Record<string, unknown>, V extends AnyVariables>(doc: TypedDocumentNode<D, V>) {
  const [state, execute] = useMutation<D, V>(doc);
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const run = useCallback(
    async (variables: V, opts: ActionOptions = {}): Promise<Payload<D> | null> => {
      opts.form?.setFields(
        (opts.form.getFieldsError() ?? []).filter((f) => f.errors.length).map((f) => ({ name: f.name, errors: [] })),
      );
      const r = await execute(variables);
      if (r.error && !r.data) {
        const failure = describeFailure(r.error, t('networkError'));
        if (failure.kind === 'conflict') {
          modal.confirm({
            title: t('conflict.title'),
            content: `${t('conflict.body')}（${failure.message}）`,
            okText: t('reload'),
            cancelText: t('cancel'),
            onOk: () => (opts.onConflict ? opts.onConflict() : window.location.reload()),
          });
        } else {
          message.error(failure.message);
        }
        return null;
      }
      const payload = (r.data ? Object.values(r.data)[0] : null) as (Payload<D> & { userErrors?: UserErrorLike[] }) | null;
      const errors = payload?.userErrors ?? [];
      if (errors.length) {
        if (opts.onUserErrors) {
          opts.onUserErrors(errors);
        } else {
          const loose = applyUserErrors(opts.form, errors, opts.strip);
          if (loose.length) message.error(loose.join('；'));
        }
        return null;
      }
      if (opts.success) message.success(opts.success);
      return payload;
    },
    [execute, message, modal, t],
  );
  return [run, state.fetching] as const;
}
