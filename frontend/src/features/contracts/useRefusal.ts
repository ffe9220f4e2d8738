import { useCallback, useState } from 'react';
import type { AnyVariables, TypedDocumentNode } from 'urql';
import { useAction } from '../../components/useAction';

/**
 * The shared `useAction`, for a mutation whose refusal must stay on the page (not only flash as
 * a message): the user errors' messages are kept in `refusal` until the next run. Version
 * conflicts and failed requests are handled as `useAction` does.
 */
export function useRefusal<D extends Record<string, unknown>, V extends AnyVariables>(doc: TypedDocumentNode<D, V>) {
  const [action, fetching] = useAction(doc);
  const [refusal, setRefusal] = useState<string[] | null>(null);
  const run = useCallback(
    (variables: V, success?: string) => {
      setRefusal(null);
      return action(variables, { success, onUserErrors: (errors) => setRefusal(errors.map((e) => e.message)) });
    },
    [action],
  );
  const clear = useCallback(() => setRefusal(null), []);
  return { run, fetching, refusal, clear };
}
