import { useCallback } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { useAsync } from '../../components/useAsync';
import { useLocale } from '../../i18n';

export type Role = Schemas['RoleView'];

// useRoles loads every role once per page and names them in the console's
// language (custom roles may lack an English label).
export function useRoles() {
  const { locale } = useLocale();
  const state = useAsync(async () => (await unwrap(api.GET('/v1/roles'))).items ?? [], []);
  const roles = state.data ?? [];
  const label = useCallback((name: string) => {
    const r = roles.find((x) => x.name === name);
    if (!r) return name;
    return (locale === 'en' ? r.label_en || r.label : r.label) || r.name;
  }, [roles, locale]);
  return { ...state, roles, label };
}
