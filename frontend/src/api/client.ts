import { authExchange } from '@urql/exchange-auth';
import { persistedExchange } from '@urql/exchange-persisted';
import { createClient as createWsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { session } from '../auth/session';
import { RefreshSessionDocument } from '../gql/graphql';
import type { Lang } from '../i18n';

/** Codes the server puts in `errors[].extensions.code`. */
export function errorCode(e: { extensions?: Record<string, unknown> } | undefined): string | undefined {
  const c = e?.extensions?.code;
  return typeof c === 'string' ? c : undefined;
}

/**
 * Replaces the session after a refresh, or ends it when the refresh token is refused. Tabs take
 * turns (a refresh token works once), and a tab whose turn comes after another tab renewed the
 * shared session takes that one instead of spending the token again.
 */
export async function refreshSession(
  mutate: (refreshToken: string) => Promise<{ session?: unknown | null } | undefined>,
  locks: Pick<LockManager, 'request'> | undefined = globalThis.navigator?.locks,
): Promise<boolean> {
  const spent = session.get()?.refreshToken;
  const run = async () => {
    const s = session.reload();
    if (!s) return false;
    if (s.refreshToken !== spent) return true;
    const result = await mutate(s.refreshToken);
    const next = result?.session as typeof s | null | undefined;
    session.set(next ?? null);
    return !!next;
  };
  return locks ? locks.request('gecrm.session.refresh', run) : run();
}

/**
 * The hash the code generator gave an operation (its entry in the registry the server trusts);
 * none for a document written by hand, which then goes as text.
 */
export async function registeredHash(_query: string, document: unknown): Promise<string | undefined> {
  const meta = (document as { __meta__?: { hash?: unknown } } | null)?.__meta__;
  // The registry names documents `sha256:<hex>`; the protocol sends the hex.
  return typeof meta?.hash === 'string' ? meta.hash.replace(/^sha256:/, '') : undefined;
}

/**
 * One client per language: the server answers labels and messages in the language of the
 * `Accept-Language` header. The access token is renewed with the refresh token shortly before it
 * expires, or when the server calls it expired, and the operation is retried: the page stays.
 */
export function makeClient(lang: Lang): Client {
  const ws = createWsClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql/ws`,
    lazy: true,
    retryAttempts: 20,
    connectionParams: () => {
      const s = session.get();
      return s ? { authorization: `Bearer ${s.accessToken}` } : {};
    },
  });
  return new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({ headers: { 'Accept-Language': lang } }),
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const s = session.get();
          if (!s || operation.context.skipAuth) return operation;
          return utils.appendHeaders(operation, { Authorization: `Bearer ${s.accessToken}` });
        },
        willAuthError(operation) {
          const s = session.get();
          return !!s && !operation.context.skipAuth && session.accessExpiring(s);
        },
        didAuthError(error) {
          return error.graphQLErrors.some((e) => errorCode(e) === 'UNAUTHENTICATED');
        },
        async refreshAuth() {
          await refreshSession(async (refreshToken) => {
            const r = await utils.mutate(RefreshSessionDocument, { input: { refreshToken } }, { skipAuth: true });
            return r.data?.refreshToken ?? undefined;
          });
        },
      })),
      // Operations go by their registered hash, not their text (POST, mutations included); a
      // server that does not know the hash yet is sent the text once (automatic persisted queries).
      persistedExchange({ generateHash: registeredHash, enableForMutation: true, preferGetForPersistedQueries: false }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
