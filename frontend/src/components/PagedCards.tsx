// A filtered Relay connection shown as cards a page at a time, with its count and the pager:
// one column, so the same list reads on a phone and on a desk.
import { Typography } from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo, useRef } from 'react';
import { type AnyVariables, type TypedDocumentNode, useQuery } from 'urql';
import { Pager, useCursorPager } from './Pager';
import { QueryState } from './QueryState';

interface Connection<N> {
  totalCount: number;
  nodes: readonly N[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export function PagedCards<D, V extends AnyVariables, N>({
  query,
  args,
  connection,
  emptyText,
  totalText,
  render,
  refetchKey,
}: {
  /** A query taking `args` (its filter, say), `first` and `after`. */
  query: TypedDocumentNode<D, V>;
  args: Record<string, unknown>;
  connection: (data: D) => Connection<N>;
  emptyText: ReactNode;
  totalText: (count: number) => ReactNode;
  render: (node: N) => ReactNode;
  /** When it moves on (a change made on the page), the current page is fetched again. */
  refetchKey?: number;
}) {
  const pager = useCursorPager(20);
  const argsKey = JSON.stringify(args);
  const variables = useMemo(
    () => ({ ...JSON.parse(argsKey), first: pager.variables.first, after: pager.variables.after }) as unknown as V,
    [argsKey, pager.variables.first, pager.variables.after],
  );
  const [result, reexecute] = useQuery<D, V>({ query, variables });
  useRefetchOn(refetchKey, useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]));
  return (
    <QueryState
      result={result}
      onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      isEmpty={(d) => connection(d).nodes.length === 0 && pager.page === 1}
      emptyText={emptyText}
    >
      {(d) => (
        <>
          <Typography.Text type="secondary">{totalText(connection(d).totalCount)}</Typography.Text>
          <div style={{ marginTop: 8 }}>{connection(d).nodes.map(render)}</div>
          <Pager pager={pager} pageInfo={connection(d).pageInfo} />
        </>
      )}
    </QueryState>
  );
}

/** Runs `refetch` each time `version` moves on (after a change made on the page). */
export function useRefetchOn(version: number | undefined, refetch: () => void) {
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    refetch();
  }, [version, refetch]);
}
