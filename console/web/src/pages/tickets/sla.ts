// SLA clock of a ticket as the desk shows it: which target is running,
// whether it is fine, warned, breached, met or paused, and the time left.
import type { Translate } from '../../i18n';
import type { Ticket } from './labels';

export type SlaState = 'normal' | 'warning' | 'breached' | 'met' | 'late' | 'paused' | 'stopped' | 'none';
export type SlaTarget = 'first_response' | 'resolution';

export interface SlaClock {
  target: SlaTarget;
  state: SlaState;
  due?: string;
  // Milliseconds until due (negative once overdue); only for running clocks.
  left?: number;
}

const ms = (s?: string) => (s ? new Date(s).getTime() : NaN);

// clockOf reads one target from the ticket's sla object at time now.
export function clockOf(tk: Pick<Ticket, 'sla' | 'status'>, target: SlaTarget, now: number): SlaClock {
  const s = tk.sla;
  const first = target === 'first_response';
  const due = first ? s.first_response_due_at : s.resolution_due_at;
  const breachedAt = first ? s.first_response_breached_at : s.resolution_breached_at;
  const done = first ? !!s.first_responded_at : tk.status === 'resolved' || tk.status === 'closed';
  if (done) return { target, state: breachedAt ? 'late' : 'met', due };
  // Resolved or closed without a public reply: nothing is running any more.
  if (tk.status === 'resolved' || tk.status === 'closed') return { target, state: breachedAt ? 'late' : 'stopped', due };
  if (!due) return { target, state: 'none' };
  const left = ms(due) - now;
  if (breachedAt) return { target, state: 'breached', due, left };
  // While the ticket waits on the customer the clock stands still; the
  // server moves the due time on when it starts again.
  if (s.paused) return { target, state: 'paused', due };
  if (left <= 0) return { target, state: 'breached', due, left };
  // The server warns on the first response until it is given, then on the
  // resolution; a warning older than the first response was about the former.
  const warned = !!s.warned_at && (first || (!!s.first_responded_at && ms(s.warned_at) >= ms(s.first_responded_at)));
  return { target, state: warned ? 'warning' : 'normal', due, left };
}

// currentClock is the one clock a list row shows: first response until it
// is given, then resolution.
export function currentClock(tk: Pick<Ticket, 'sla' | 'status'>, now: number): SlaClock {
  const fr = clockOf(tk, 'first_response', now);
  if (fr.state === 'normal' || fr.state === 'warning' || fr.state === 'breached') return fr;
  return clockOf(tk, 'resolution', now);
}

// formatDuration renders a length of time in the two largest units,
// e.g. "3小时12分" / "3h 12m", "2天4小时" / "2d 4h".
export function formatDuration(millis: number, t: Translate): string {
  const mins = Math.floor(Math.abs(millis) / 60_000);
  if (mins < 1) return t('desk.dur.lt1m');
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  const parts: string[] = [];
  if (d) parts.push(t('desk.dur.d', { n: d }));
  if (h) parts.push(t('desk.dur.h', { n: h }));
  if (!d && m) parts.push(t('desk.dur.m', { n: m }));
  return parts.join(t('desk.dur.join'));
}

// clockText is the badge label: "剩余 3小时12分", "已超时 25分", "已响应" …
export function clockText(c: SlaClock, t: Translate): string {
  switch (c.state) {
    case 'normal':
    case 'warning':
      return t('desk.sla.left', { d: formatDuration(c.left ?? 0, t) });
    case 'breached':
      return c.left !== undefined ? t('desk.sla.over', { d: formatDuration(c.left, t) }) : t('desk.sla.breached');
    default:
      return t(`desk.sla.${c.state}.${c.target}`);
  }
}

export const slaColor: Record<SlaState, string> = {
  normal: 'blue', warning: 'orange', breached: 'red', met: 'green', late: 'volcano', paused: 'default', stopped: 'default', none: 'default',
};
