// Test helpers: a urql client answering from fixtures (no network), a signed-in user, and a
// render inside the app's providers (urql, a router, antd's App, every screen's messages).
// Tests only.
import { render } from '@testing-library/react';
import { App } from 'antd';
import type { DocumentNode } from 'graphql';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { type Client, type GraphQLRequest, Provider } from 'urql';
import { type Source, fromValue, map, never, pipe } from 'wonka';
import { type SessionUser, session } from '../auth/session';
import '../i18n';
import '../features/registry';
import type { Role } from '../gql/graphql';

/** An operation the client was asked to run, by its name. */
export interface Call {
  name: string;
  variables: Record<string, unknown>;
}

/** The data to answer an operation with; `undefined` leaves it unanswered (still loading). */
export type Answer = (name: string, variables: Record<string, unknown>) => unknown;

export interface MockAnswers {
  query?: Answer;
  mutation?: Answer;
  /** What subscriptions receive: each value is one result's data. */
  subscription?: Source<unknown>;
}

function operationName(query: DocumentNode): string {
  for (const d of query.definitions) if (d.kind === 'OperationDefinition') return d.name?.value ?? '';
  return '';
}

/** A client whose queries and mutations are answered by `query` / `mutation`, logging each call. */
export function mockClient({ query, mutation, subscription = never }: MockAnswers = {}) {
  const queries: Call[] = [];
  const mutations: Call[] = [];
  const respond = (log: Call[], answer?: Answer) => (op: GraphQLRequest) => {
    const call = { name: operationName(op.query), variables: (op.variables ?? {}) as Record<string, unknown> };
    log.push(call);
    const data = answer?.(call.name, call.variables);
    return data === undefined ? never : fromValue({ operation: op, data, stale: false, hasNext: false });
  };
  const client = {
    executeQuery: respond(queries, query),
    executeMutation: respond(mutations, mutation),
    executeSubscription: (op: GraphQLRequest) =>
      pipe(
        subscription,
        map((data) => ({ operation: op, data, stale: false, hasNext: true })),
      ),
  } as unknown as Client;
  return { client, queries, mutations };
}

/** Signs in a user with `role` (张晓明, gz_am1 unless `user` says otherwise). */
export function signIn(role: Role = 'ACCOUNT_MANAGER', user: Partial<SessionUser> = {}) {
  session.set({
    accessToken: 't',
    accessTokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    refreshToken: 'r',
    refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    user: { id: 'VXNlcjo3', username: 'gz_am1', displayName: '张晓明', role, ...user },
  });
}

export interface RenderOptions {
  /** Defaults to a client that answers nothing. */
  client?: Client;
  /** The address the router starts at. */
  path?: string;
}

/** Renders `ui` inside urql's provider, a router at `path` and antd's App. */
export function renderWithProviders(ui: ReactElement, { client = mockClient().client, path = '/' }: RenderOptions = {}) {
  function Providers({ children }: { children: ReactNode }) {
    return (
      <Provider value={client}>
        <MemoryRouter initialEntries={[path]}>
          <App>{children}</App>
        </MemoryRouter>
      </Provider>
    );
  }
  return render(ui, { wrapper: Providers });
}
