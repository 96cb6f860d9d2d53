import type { Schemas } from '../../api/client';
import type { Translate } from '../../i18n';

export type TicketReport = Schemas['TicketReport'];

// percent renders a 0–1 rate; with nothing measured it says so rather than 0 %.
export function percent(rate: number, denominator: number): string {
  if (denominator === 0) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

// unitRows joins the backlog with unit names, largest backlog first, and
// names undispatched tickets.
export function unitRows(backlog: Schemas['BacklogView'][] | null, names: Map<string, string>, t: Translate) {
  return [...(backlog ?? [])]
    .sort((a, b) => b.open - a.open)
    .map((b) => ({ name: b.unit_id ? names.get(b.unit_id) ?? b.unit_id : t('dash.undispatched'), open: b.open, breached: b.breached }));
}

// label translates an enum value the API returns (channel or type), falling
// back to the raw value for ones the console does not know yet.
export function label(t: Translate, group: 'channel' | 'type', key: string): string {
  const k = `dash.${group}.${key}`;
  const s = t(k);
  return s === k ? key : s;
}
