// Test helpers: a urql client answering from fixtures (no network) and the app's providers.
import { App as AntApp } from 'antd';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { type Client, Provider } from 'urql';
import { type Source, fromValue, map, never, pipe } from 'wonka';
import '../../i18n';
import '../registry';

// antd measures with ResizeObserver, which jsdom lacks.
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}

export interface MockClient {
  client: Client;
  queries: { query: string; variables: unknown }[];
  mutations: { query: string; variables: unknown }[];
}

/** A client whose queries and mutations answer with `answer(operationName, variables)`. */
export function mockClient(
  answer: (name: string, variables: Record<string, unknown>) => unknown,
  subscription: Source<unknown> = never,
): MockClient {
  const queries: MockClient['queries'] = [];
  const mutations: MockClient['mutations'] = [];
  const nameOf = (op: { query: { definitions: readonly { name?: { value: string } }[] } }) =>
    op.query.definitions.map((d) => d.name?.value).find(Boolean) ?? '';
  const run = (log: MockClient['queries']) => (op: Parameters<Client['executeQuery']>[0]) => {
    const name = nameOf(op as never);
    log.push({ query: name, variables: op.variables });
    return fromValue({ operation: op, data: answer(name, op.variables as Record<string, unknown>), stale: false, hasNext: false });
  };
  const client = {
    executeQuery: run(queries),
    executeMutation: run(mutations),
    executeSubscription: (op: Parameters<Client['executeSubscription']>[0]) =>
      pipe(
        subscription,
        map((data) => ({ operation: op, data, stale: false, hasNext: true })),
      ),
  } as unknown as Client;
  return { client, queries, mutations };
}

export function Providers({ client, children }: { client: Client; children: ReactNode }) {
  return (
    <AntApp>
      <Provider value={client}>
        <MemoryRouter>{children}</MemoryRouter>
      </Provider>
    </AntApp>
  );
}
