import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AnyVariables, type TypedDocumentNode, useMutation } from 'urql';
import { describeFailure, type UserErrorLike } from '../../components/errors';

type Payload<D> = D extends Record<string, infer P> ? NonNullable<P> : never;

/**
 * Like the shared `useAction`, for a mutation whose refusal must stay on the page (not only
 * flash as a message): the user errors' messages are kept in `refusal` until the next run.
 * Version conflicts and failed requests are handled as `useAction` does.
 */
export function useRefusal<D extends Record<string, unknown>, V extends AnyVariables>(doc: TypedDocumentNode<D, V>) {
  const [state, execute] = useMutation<D, V>(doc);
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [refusal, setRefusal] = useState<string[] | null>(null);
  const run = useCallback(
    async (variables: V, success?: string): Promise<Payload<D> | null> => {
      setRefusal(null);
      const r = await execute(variables);
      if (r.error && !r.data) {
        const failure = describeFailure(r.error, t('networkError'));
        if (failure.kind === 'conflict') {
          modal.confirm({
            title: t('conflict.title'),
            content: `${t('conflict.body')}（${failure.message}）`,
            okText: t('reload'),
            cancelText: t('cancel'),
            onOk: () => window.location.reload(),
          });
        } else {
          message.error(failure.message);
        }
        return null;
      }
      const payload = (r.data ? Object.values(r.data)[0] : null) as (Payload<D> & { userErrors?: UserErrorLike[] }) | null;
      const errors = payload?.userErrors ?? [];
      if (errors.length) {
        setRefusal(errors.map((e) => e.message));
        return null;
      }
      if (success) message.success(success);
      return payload;
    },
    [execute, message, modal, t],
  );
  const clear = useCallback(() => setRefusal(null), []);
  return { run, fetching: state.fetching, refusal, clear };
}
