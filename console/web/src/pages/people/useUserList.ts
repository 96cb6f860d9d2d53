import { useCallback } from 'react';
import { useCursorList } from '../../components/useCursorList';
import { api, unwrap, type Schemas } from '../../api/client';

type User = Schemas['UserView'];
export interface UserFilter { q: string; status: '' | 'active' | 'invited' | 'deactivated'; role: string }

// useUserList pages through /v1/users with the API's cursor ("load more"),
// starting over whenever the filter changes.
export function useUserList(filter: UserFilter) {
  const { setItems, ...list } = useCursorList<User>((cursor) => {
    const query = { limit: 50, cursor, q: filter.q || undefined, status: filter.status || undefined, role: filter.role || undefined };
    return unwrap(api.GET('/v1/users', { params: { query } }));
  }, [filter.q, filter.status, filter.role]);
  // replace swaps one row after an edit without reloading the page of rows.
  const replace = useCallback((u: User) => setItems((xs) => xs.map((x) => (x.id === u.id ? u : x))), [setItems]);
  return { ...list, replace };
}
