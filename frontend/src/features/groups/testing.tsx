// Test helpers of the groups screens: a fake urql client answering by operation name, and a
// render wrapper with antd's App, a router and the translations. Tests only.
import { render } from '@testing-library/react';
import { App } from 'antd';
import type { DocumentNode } from 'graphql';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { Provider, type Client } from 'urql';
import { fromValue, never } from 'wonka';
import { session } from '../../auth/session';
import '../../i18n';
import type { Role } from '../../gql/graphql';
import './i18n';

export interface Call {
  name: string;
  variables: Record<string, unknown>;
}

type Answer = (name: string, variables: Record<string, unknown>, calls: Call[]) => unknown;

function opName(query: DocumentNode): string {
  for (const d of query.definitions) if (d.kind === 'OperationDefinition') return d.name?.value ?? '';
  return '';
}

/** A client whose queries and mutations are answered by `query` / `mutation` (data, or undefined for none). */
export function fakeClient(answers: { query?: Answer; mutation?: Answer }) {
  const queries: Call[] = [];
  const mutations: Call[] = [];
  const respond = (calls: Call[], answer?: Answer) => (req: { query: DocumentNode; variables?: object }) => {
    const call = { name: opName(req.query), variables: (req.variables ?? {}) as Record<string, unknown> };
    calls.push(call);
    const data = answer?.(call.name, call.variables, calls);
    return data === undefined ? never : fromValue({ data, stale: false, hasNext: false });
  };
  const client = {
    executeQuery: vi.fn(respond(queries, answers.query)),
    executeMutation: vi.fn(respond(mutations, answers.mutation)),
    executeSubscription: vi.fn(() => never),
  } as unknown as Client;
  return { client, queries, mutations };
}

export function signIn(role: Role = 'ACCOUNT_MANAGER') {
  session.set({
    accessToken: 't',
    accessTokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    refreshToken: 'r',
    refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    user: { id: 'VXNlcjo3', username: 'gz_am1', displayName: '张晓明', role },
  });
}

export function renderWith(client: Client, ui: ReactElement, path = '/') {
  return render(
    <Provider value={client}>
      <MemoryRouter initialEntries={[path]}>
        <App>{ui}</App>
      </MemoryRouter>
    </Provider>,
  );
}

export function installResizeObserver() {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}
