// Event catalogue helpers for the webhook pages: grouping the API's
// catalogue for the checklist and turning a checklist into the API's list.

export interface EventType { type: string; group: string; description: string }

export const ALL = '*';

// groupEvents keeps the catalogue's order, groups in order of first use.
export function groupEvents(types: EventType[]): { group: string; types: EventType[] }[] {
  const out: { group: string; types: EventType[] }[] = [];
  for (const t of types) {
    let g = out.find((x) => x.group === t.group);
    if (!g) out.push((g = { group: t.group, types: [] }));
    g.types.push(t);
  }
  return out;
}

// toEvents is what the form sends: ["*"] when "all" is ticked (it also
// covers types added later), else the ticked types in catalogue order.
export function toEvents(all: boolean, picked: string[], catalogue: EventType[]): string[] {
  if (all) return [ALL];
  return catalogue.map((c) => c.type).filter((t) => picked.includes(t));
}

// fromEvents splits an endpoint's subscription back into the form's fields.
export function fromEvents(events: string[]): { all: boolean; picked: string[] } {
  return events.includes(ALL) ? { all: true, picked: [] } : { all: false, picked: [...events] };
}

// statusColor is the tag colour of a delivery status.
export const deliveryColor: Record<string, string> = { pending: 'gold', succeeded: 'green', failed: 'red' };

// codeColor colours an HTTP status: 2xx green, no answer or 5xx red.
export function codeColor(code?: number): string {
  if (!code) return 'red';
  if (code >= 200 && code < 300) return 'green';
  if (code >= 500) return 'red';
  return 'orange';
}
