import { useEffect, useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';

// useEach fetches each id once per distinct set; a failed look-up is simply
// missing from the map, and its cell falls back to the bare id.
function useEach<T extends { id: string }>(ids: string[], one: (id: string) => Promise<T>): Record<string, T> {
  const [found, setFound] = useState<Record<string, T>>({});
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let live = true;
    const list = key ? key.split(',') : [];
    Promise.allSettled(list.map(one)).then((rs) => {
      if (!live) return;
      const m: Record<string, T> = {};
      rs.forEach((r) => { if (r.status === 'fulfilled') m[r.value.id] = r.value; });
      setFound(m);
    });
    return () => { live = false; };
    // `one` is a stable module-level function for each caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return found;
}

const getTicket = (id: string) => unwrap(api.GET('/v1/tickets/{id}', { params: { path: { id } } }));
const getCustomer = (id: string) => unwrap(api.GET('/v1/customers/{id}', { params: { path: { id } } }));

// useRefs fills callback rows with their tickets and customers: the
// worklist has no joined view, so rows are completed as these arrive.
export function useRefs(ticketIds: string[], customerIds: string[]): {
  tickets: Record<string, Schemas['TicketView']>;
  customers: Record<string, Schemas['CustomerView']>;
} {
  return { tickets: useEach(ticketIds, getTicket), customers: useEach(customerIds, getCustomer) };
}
