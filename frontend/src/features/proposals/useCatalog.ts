// The product catalog on offer (产品目录), every page of it, for the proposal builder.
import { useCallback, useEffect, useState } from 'react';
import { type CombinedError, useClient } from 'urql';
import {
  ProposalBuilderProductsDocument,
  type ProposalBuilderProductFragment,
  type ProposalBuilderProductsQuery,
} from '../../gql/graphql';
import type { OperationResult } from 'urql';

export interface CatalogState {
  data?: { products: ProposalBuilderProductFragment[] };
  fetching: boolean;
  error?: CombinedError;
}

export function useCatalog(): [CatalogState, () => void] {
  const client = useClient();
  const [state, setState] = useState<CatalogState>({ fetching: true });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      setState((s) => ({ ...s, fetching: true, error: undefined }));
      const all: ProposalBuilderProductFragment[] = [];
      let after: string | null = null;
      for (let page = 0; page < 50; page++) {
        const r: OperationResult<ProposalBuilderProductsQuery> = await client.query(ProposalBuilderProductsDocument, { after }).toPromise();
        if (cancelled) return;
        if (r.error || !r.data) {
          setState({ fetching: false, error: r.error });
          return;
        }
        all.push(...r.data.products.nodes);
        const info: ProposalBuilderProductsQuery['products']['pageInfo'] = r.data.products.pageInfo;
        if (!info.hasNextPage || !info.endCursor) break;
        after = info.endCursor;
      }
      setState({ fetching: false, data: { products: all } });
    })();
    return () => {
      cancelled = true;
    };
  }, [client, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, retry];
}
