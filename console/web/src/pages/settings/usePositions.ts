import { useCallback } from 'react';
import { api, fetchAll, unwrap } from '../../api/client';
import { useAsync } from '../../components/useAsync';
import { useLocale } from '../../i18n';

// usePositions loads the org chart's positions for pickers (escalation
// targets, the callback post); a failure leaves the picker without them.
export function usePositions(enabled: boolean) {
  const { locale } = useLocale();
  const state = useAsync(async () => (enabled
    ? fetchAll((cursor) => unwrap(api.GET('/v1/positions', { params: { query: { limit: 200, cursor } } })))
    : []), [enabled]);
  const positions = state.data ?? [];
  const title = useCallback((id: string) => {
    const p = positions.find((x) => x.id === id);
    return p ? (locale === 'en' && p.title_en) || p.title : id;
  }, [positions, locale]);
  return { positions, title, error: state.error };
}
