import { useSyncExternalStore } from 'react';
import type { Role } from '../gql/graphql';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: SessionUser;
}

const KEY = 'gecrm.session';
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return Date.parse(s.refreshTokenExpiresAt) > Date.now() ? s : null;
  } catch {
    return null;
  }
}

/** The signed-in session, kept in localStorage so a reload keeps the user signed in. */
export const session = {
  get: (): Session | null => current,
  set(s: Session | null) {
    current = s;
    try {
      if (s) localStorage.setItem(KEY, JSON.stringify(s));
      else localStorage.removeItem(KEY);
    } catch {
      /* storage unavailable: the session lives in memory only */
    }
    listeners.forEach((l) => l());
  },
  /** The session as stored now (another tab may have renewed it). */
  reload(): Session | null {
    try {
      localStorage.getItem(KEY);
    } catch {
      return current; // storage unavailable: the session lives in memory only
    }
    const stored = read();
    if (stored?.refreshToken !== current?.refreshToken) session.set(stored);
    return current;
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  /** True when the access token is gone or about to expire (within `marginMs`). */
  accessExpiring(s: Session, now = Date.now(), marginMs = 30_000) {
    return Date.parse(s.accessTokenExpiresAt) - now < marginMs;
  },
};

window.addEventListener?.('storage', (e) => {
  if (e.key === KEY) {
    current = read();
    listeners.forEach((l) => l());
  }
});

export function useSession(): Session | null {
  return useSyncExternalStore(session.subscribe, session.get);
}
