import { useCallback, useEffect, useRef, useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';

type User = Schemas['UserView'];
export interface UserFilter { q: string; status: '' | 'active' | 'invited' | 'deactivated'; role: string }

// useUserList pages through /v1/users with the API's cursor ("load more"),
// starting over whenever the filter changes.
export function useUserList(filter: UserFilter) {
  const [items, setItems] = useState<User[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);

  const load = useCallback(async (after?: string) => {
    const n = ++seq.current;
    setLoading(true);
    try {
      const query = { limit: 50, cursor: after, q: filter.q || undefined, status: filter.status || undefined, role: filter.role || undefined };
      const r = await unwrap(api.GET('/v1/users', { params: { query } }));
      if (n !== seq.current) return;
      setItems((prev) => (after ? [...prev, ...(r.items ?? [])] : r.items ?? []));
      setCursor(r.next_cursor);
      setError(null);
    } catch (e) {
      if (n === seq.current) setError(e);
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }, [filter.q, filter.status, filter.role]);

  useEffect(() => { void load(); }, [load]);

  // replace swaps one row after an edit without reloading the page of rows.
  const replace = useCallback((u: User) => setItems((xs) => xs.map((x) => (x.id === u.id ? u : x))), []);
  return { items, loading, error, hasMore: !!cursor, loadMore: () => load(cursor), reload: () => load(), replace };
}
