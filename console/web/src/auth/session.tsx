// Who is signed in: the token lives in localStorage, /v1/me says who it is,
// what they may do and their data scope.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionExpired, tokenStore, unwrap, type Schemas } from '../api/client';

export type Me = Schemas['MeOutputBody'];

interface Session {
  me: Me | null;
  loading: boolean;
  can: (perm: string) => boolean;
  signIn: (token: string) => Promise<Me>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const Ctx = createContext<Session | null>(null);

// myUnits lists the units the person holds a post in, primary post first
// (the server orders me.posts so): their "department queue".
export function myUnits(me: Me | null): string[] {
  return [...new Set((me?.posts ?? []).map((p) => p.unit_id))];
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(!!tokenStore.get());

  const load = useCallback(async () => {
    if (!tokenStore.get()) {
      setMe(null);
      setLoading(false);
      return null;
    }
    try {
      const m = await unwrap(api.GET('/v1/me'));
      setMe(m);
      return m;
    } catch {
      setMe(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
    return onSessionExpired(() => setMe(null));
  }, [load]);

  const signIn = useCallback(async (token: string) => {
    tokenStore.set(token);
    const m = await load();
    if (!m) throw new Error('session not accepted');
    return m;
  }, [load]);

  const signOut = useCallback(async () => {
    try {
      await api.POST('/v1/auth/logout');
    } finally {
      tokenStore.clear();
      setMe(null);
    }
  }, []);

  const can = useCallback((perm: string) => {
    if (!me) return false;
    const perms = me.permissions ?? [];
    return perms.includes(perm) || perms.includes('*') || perms.includes(`${perm.split(':')[0]}:*`);
  }, [me]);

  const refresh = useCallback(async () => { await load(); }, [load]);
  const value = useMemo(() => ({ me, loading, can, signIn, signOut, refresh }), [me, loading, can, signIn, signOut, refresh]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
