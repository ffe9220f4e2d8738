import { parse } from 'graphql';
import { type Session, session } from '../auth/session';
import { LoginDocument } from '../gql/graphql';
import registry from '../gql/persisted-documents.json';
import { refreshSession, registeredHash } from './client';

describe('persisted operations', () => {
  it('names a generated operation by its hash in the registry the server trusts', async () => {
    const hash = await registeredHash('', LoginDocument);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(registry)).toContain(`sha256:${hash}`);
    expect((registry as Record<string, string>)[`sha256:${hash}`]).toContain('mutation Login(');
  });

  it('sends a document written by hand as text', async () => {
    expect(await registeredHash('', parse('{ __typename }'))).toBeUndefined();
  });
});

describe('renewing the session', () => {
  const make = (refreshToken: string): Session => ({
    accessToken: `access-${refreshToken}`,
    accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
    refreshToken,
    refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    user: { id: 'VXNlcjox', username: 'gz_am1', displayName: '张晓明', role: 'ACCOUNT_MANAGER' },
  });
  // One lock at a time, like the browser's.
  const queue = () => {
    let tail: Promise<unknown> = Promise.resolve();
    return {
      request: <T>(_name: string, run: () => Promise<T>) => {
        const next = tail.then(run);
        tail = next.catch(() => undefined);
        return next;
      },
    } as unknown as Pick<LockManager, 'request'>;
  };
  afterEach(() => session.set(null));

  it('spends the refresh token once when two tabs renew together', async () => {
    session.set(make('r1'));
    const spent: string[] = [];
    const mutate = async (t: string) => {
      spent.push(t);
      // The other tab's answer lands in the shared storage.
      const next = make(`${t}-next`);
      localStorage.setItem('gecrm.session', JSON.stringify(next));
      return { session: next };
    };
    const locks = queue();
    const [a, b] = await Promise.all([refreshSession(mutate, locks), refreshSession(mutate, locks)]);
    expect([a, b]).toEqual([true, true]);
    expect(spent).toEqual(['r1']);
    expect(session.get()?.refreshToken).toBe('r1-next');
  });

  it('ends the session when the refresh token is refused', async () => {
    session.set(make('r1'));
    expect(await refreshSession(async () => ({ session: null }), queue())).toBe(false);
    expect(session.get()).toBeNull();
  });
});
