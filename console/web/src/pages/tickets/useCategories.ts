import { api, unwrap } from '../../api/client';
import { useAsync } from '../../components/useAsync';

// useCategories loads the tenant's ticket categories (flat, with parents).
export function useCategories() {
  const { data, error } = useAsync(async () => (await unwrap(api.GET('/v1/categories'))).items ?? [], []);
  return { categories: data ?? [], error };
}
