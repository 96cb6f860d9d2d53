import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface Page<T> { items?: T[] | null; next_cursor?: string }

// useCursorList pages through a list operation with the API's cursor ("load
// more"), starting over whenever deps change; an answer to an outdated
// request is dropped. A missing fetchPage loads nothing. clear empties the
// rows when deps change instead of showing the old ones until the answer.
export function useCursorList<T>(
  fetchPage: ((cursor?: string) => Promise<Page<T>>) | undefined,
  deps: DependencyList,
  { clear = false }: { clear?: boolean } = {},
) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(fetchPage !== undefined);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(async (after?: string) => {
    const fetch = fetchRef.current;
    if (!fetch) return;
    const n = ++seq.current;
    setLoading(true);
    try {
      const r = await fetch(after);
      if (n !== seq.current) return;
      setItems((prev) => (after ? [...prev, ...(r.items ?? [])] : r.items ?? []));
      setCursor(r.next_cursor);
      setError(null);
    } catch (e) {
      if (n === seq.current) setError(e);
    } finally {
      if (n === seq.current) setLoading(false);
    }
    // The caller's deps, not fetchPage's identity, decide when to start over.
  }, deps);

  useEffect(() => {
    if (clear) setItems([]);
    void load();
  }, [load, clear]);

  return { items, setItems, loading, error, hasMore: !!cursor, loadMore: () => load(cursor), reload: () => load() };
}
