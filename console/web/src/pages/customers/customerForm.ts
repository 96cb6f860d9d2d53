// Customer form ↔ API body. Quiet hours are edited as time ranges and
// attributes as key/value rows; the API wants "HH:MM" pairs and an object.
import dayjs, { type Dayjs } from 'dayjs';
import type { Schemas } from '../../api/client';

type Customer = Schemas['CustomerView'];
export type CustomerBody = Schemas['CreateCustomerInputBody'];

export interface CustomerFormValues {
  name: string;
  phone?: string;
  email?: string;
  tier: Customer['tier'];
  timezone: string;
  notes?: string;
  quiet: { range?: [Dayjs, Dayjs] }[];
  attrs: { key?: string; value?: string }[];
}

const hm = (s: string): Dayjs => {
  const [h, m] = s.split(':').map(Number);
  return dayjs().hour(h || 0).minute(m || 0).second(0).millisecond(0);
};

export function toForm(c: Customer | undefined, defaultTz: string): CustomerFormValues {
  return {
    name: c?.name ?? '',
    phone: c?.phone,
    email: c?.email,
    tier: c?.tier ?? 'regular',
    timezone: c?.timezone ?? defaultTz,
    notes: c?.notes,
    quiet: (c?.quiet_hours ?? []).map((q) => ({ range: [hm(q.start), hm(q.end)] as [Dayjs, Dayjs] })),
    // Industry attributes are usually text; anything else is shown as JSON.
    attrs: Object.entries(c?.attributes ?? {}).map(([key, v]) => ({ key, value: typeof v === 'string' ? v : JSON.stringify(v) })),
  };
}

export function fromForm(v: CustomerFormValues): CustomerBody {
  const attributes: Record<string, string> = {};
  for (const a of v.attrs ?? []) {
    const k = a.key?.trim();
    if (k) attributes[k] = a.value ?? '';
  }
  return {
    name: v.name.trim(),
    phone: v.phone?.trim() ?? '',
    email: v.email?.trim() ?? '',
    tier: v.tier,
    timezone: v.timezone,
    notes: v.notes ?? '',
    quiet_hours: (v.quiet ?? []).filter((q) => q.range).map((q) => ({ start: q.range![0].format('HH:mm'), end: q.range![1].format('HH:mm') })),
    attributes,
  };
}

// quietText renders quiet hours for a table cell: "12:00–14:00, 22:00–08:00".
export function quietText(q: Customer['quiet_hours']): string {
  return (q ?? []).map((r) => `${r.start}–${r.end}`).join(', ');
}
