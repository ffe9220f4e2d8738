// A filtered Relay connection shown as cards a page at a time, with its count and the pager:
// one column, so the same list reads on a phone and on a desk.
import { Typography } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { type AnyVariables, type TypedDocumentNode, useQuery } from 'urql';
import { Pager, useCursorPager } from './Pager';
import { QueryState } from './QueryState';

interface Connection<N> {
  totalCount: number;
  nodes: readonly N[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export function PagedCards<D, V extends AnyVariables, F, N>({
  query,
  filter,
  connection,
  emptyText,
  totalText,
  render,
}: {
  /** A query taking `filter`, `first` and `after`. */
  query: TypedDocumentNode<D, V>;
  filter: F;
  connection: (data: D) => Connection<N>;
  emptyText: ReactNode;
  totalText: (count: number) => ReactNode;
  render: (node: N) => ReactNode;
}) {
  const pager = useCursorPager(20);
  const variables = useMemo(
    () => ({ filter, first: pager.variables.first, after: pager.variables.after }) as unknown as V,
    [filter, pager.variables.first, pager.variables.after],
  );
  const [result, reexecute] = useQuery<D, V>({ query, variables });
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
