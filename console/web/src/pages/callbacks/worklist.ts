// The callback worklist's tabs as API queries plus the part the API cannot
// filter (scheduled time), and the script's {{placeholders}}.
import dayjs from 'dayjs';
import type { Schemas } from '../../api/client';

type Callback = Schemas['CallbackView'];
export type Tab = 'today' | 'overdue' | 'all';

export interface WorkQuery {
  status?: Callback['status'] | '';
  due_before?: string;
  assignee_id?: string;
  limit: number;
}

export function queryFor(tab: Tab, now: Date, mine: boolean, status: Callback['status'] | '' = ''): WorkQuery {
  const q: WorkQuery = { limit: 200, assignee_id: mine ? 'me' : undefined };
  if (tab === 'overdue') return { ...q, status: 'pending', due_before: now.toISOString() };
  if (tab === 'today') return { ...q, status: 'pending' };
  return { ...q, status };
}

// keep narrows the API's answer: "today" is what may be called today
// (scheduled by the end of the day) and is not yet overdue.
export function keep(tab: Tab, c: Callback, now: Date): boolean {
  if (tab !== 'today') return true;
  const endOfDay = dayjs(now).endOf('day').valueOf();
  return new Date(c.scheduled_at).getTime() <= endOfDay && new Date(c.due_at).getTime() >= now.getTime();
}

export const isOverdue = (c: Callback, now: number) => c.status === 'pending' && new Date(c.due_at).getTime() < now;

// fillScript puts the organization, ticket and customer into the script's
// {{org}}, {{ticket}}, {{customer}} slots; unknown slots stay visible.
export function fillScript(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => vars[k] ?? m);
}
