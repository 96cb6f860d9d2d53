import { api, fetchAll, unwrap, type Schemas } from '../../api/client';
import { useAsync } from '../../components/useAsync';

export type RoleView = Schemas['RoleView'];
export type UserView = Schemas['UserView'];

// Roles (for a position's role) — every org reader may list them.
export function useRoles(enabled: boolean) {
  return useAsync<RoleView[]>(
    () => (enabled ? unwrap(api.GET('/v1/roles')).then((r) => r.items ?? []) : Promise.resolve([])),
    [enabled],
  );
}

// Active people for the assignment picker; only loaded for editors.
export function useActiveUsers(enabled: boolean) {
  return useAsync<UserView[]>(
    () => (enabled
      ? fetchAll((cursor) => unwrap(api.GET('/v1/users', { params: { query: { status: 'active', limit: 200, cursor } } })))
      : Promise.resolve([])),
    [enabled],
  );
}
