import { useMemo } from 'react';
import { api, fetchAll, unwrap, type Schemas } from '../../api/client';
import { useAsync } from '../../components/useAsync';
import { useLocale } from '../../i18n';
import { buildDirectory, type Directory } from './directory';

export interface DirectoryState {
  dir: Directory;
  users: Schemas['UserView'][];
  error: unknown;
  loading: boolean;
}

// useDirectory loads the org chart and the staff the caller may see, for
// names on rows and for the assignee / unit pickers.
export function useDirectory(): DirectoryState {
  const { locale } = useLocale();
  const { data, error, loading } = useAsync(async () => {
    const [chart, users] = await Promise.all([
      unwrap(api.GET('/v1/org-chart')),
      fetchAll((cursor) => unwrap(api.GET('/v1/users', { params: { query: { limit: 200, cursor } } })), 5),
    ]);
    return { chart: chart.items ?? [], users };
  }, []);
  const dir = useMemo(() => buildDirectory(data?.chart ?? [], data?.users ?? [], locale), [data, locale]);
  return { dir, users: data?.users ?? [], error, loading };
}
