import { useCallback, useState } from 'react';

// useCursor keeps the cursors of the pages already seen, so a list paged by
// opaque next_cursor can go back as well as forward. reset() on new filters.
export function useCursor() {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const cursor = stack[stack.length - 1];
  const next = useCallback((c: string) => setStack((s) => [...s, c]), []);
  const prev = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return { cursor, page: stack.length, next, prev, reset };
}
