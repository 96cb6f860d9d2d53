// A ticket's timeline: events and comments merged into one story, each
// entry told in the reader's language with names instead of ids.
import dayjs from 'dayjs';
import type { Schemas } from '../../api/client';
import type { Translate } from '../../i18n';

type Event = Schemas['EventView'];
type Comment = Schemas['CommentView'];

export interface Entry {
  id: string;
  at: string;
  actor?: string;
  kind: Event['type'] | 'reply' | 'note';
  text: string;
  // Free text a person wrote: a reply, a note, a reason.
  body?: string;
  color: string;
}

export interface Names {
  user: (id?: string) => string;
  unit: (id?: string) => string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));
const time = (v: unknown) => (v ? dayjs(str(v)).format('YYYY-MM-DD HH:mm') : '');

const colors: Partial<Record<Entry['kind'], string>> = {
  created: 'blue', reply: 'green', note: 'gray', sla_warning: 'orange', sla_breached: 'red', escalated: 'red',
  callback_scheduled: 'purple', callback_recorded: 'purple', reopened: 'orange', status_changed: 'blue',
};

// describe turns one event into words; unknown data is shown as-is rather
// than hidden, so a newer server never loses information on the page.
export function describe(e: Event, t: Translate, n: Names): { text: string; body?: string } {
  const d = e.data ?? {};
  const enumText = (group: string, v: unknown) => (v ? t(`desk.${group}.${str(v)}`) : '');
  switch (e.type) {
    case 'created':
      return { text: t('desk.ev.created', { type: enumText('type', d.type), channel: enumText('channel', d.channel), priority: enumText('priority', d.priority) }) };
    case 'assigned':
      return { text: t('desk.ev.assigned', { user: n.user(str(d.assignee_id)) }), body: str(d.reason) || undefined };
    case 'transferred':
      return { text: t('desk.ev.transferred', { from: d.from_unit_id ? n.unit(str(d.from_unit_id)) : t('desk.ev.noUnit'), to: n.unit(str(d.to_unit_id)) }), body: str(d.reason) || undefined };
    case 'status_changed':
      return { text: t('desk.ev.status', { from: enumText('status', d.from), to: enumText('status', d.to) }), body: str(d.note) || undefined };
    case 'sla_warning':
      return { text: t('desk.ev.slaWarning', { due: time(d.due_at) }) };
    case 'sla_breached':
      return { text: t('desk.ev.slaBreached', { target: t(`desk.sla.target.${str(d.target) || 'resolution'}`), due: time(d.due_at) }) };
    case 'escalated': {
      const ids = Array.isArray(d.to_user_ids) ? d.to_user_ids.map(str) : d.to_user_id ? [str(d.to_user_id)] : [];
      const reason = str(d.reason);
      return {
        text: t('desk.ev.escalated', { level: str(d.level), users: ids.map((id) => n.user(id)).join('、') || t('desk.ev.nobody') }),
        body: reason ? translateOr(t, `desk.escalation.${reason}`, reason) : undefined,
      };
    }
    case 'callback_scheduled':
      return { text: t('desk.ev.cbScheduled', { at: time(d.scheduled_at), due: time(d.due_at), user: d.assignee_id ? n.user(str(d.assignee_id)) : t('desk.unassigned') }) };
    case 'callback_recorded':
      if (d.channel === 'survey') return { text: t('desk.ev.cbSurvey', { csat: str(d.csat) }) };
      return { text: t('desk.ev.cbRecorded', { outcome: enumText('outcome', d.outcome), attempt: str(d.attempt) }) };
    case 'reopened':
      return { text: t('desk.ev.reopened', { n: str(d.reopen_count) }), body: str(d.note) || undefined };
    case 'commented':
      return { text: d.public ? t('desk.ev.reply') : t('desk.ev.note') };
    default:
      return { text: `${str(e.type)} ${JSON.stringify(d)}` };
  }
}

function translateOr(t: Translate, key: string, fallback: string): string {
  const s = t(key);
  return s === key ? fallback : s;
}

// buildTimeline merges events and comments newest first; a "commented"
// event and its comment become one entry carrying the comment's text.
export function buildTimeline(events: Event[], comments: Comment[], t: Translate, n: Names): Entry[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const used = new Set<string>();
  const out: Entry[] = [];
  for (const e of events) {
    if (e.type === 'commented') {
      const c = byId.get(str(e.data?.comment_id));
      if (c) {
        used.add(c.id);
        out.push(commentEntry(c, t, n));
        continue;
      }
    }
    const { text, body } = describe(e, t, n);
    out.push({ id: e.id, at: e.at, actor: e.actor_id ? n.user(e.actor_id) : t('desk.system'), kind: e.type, text, body, color: colors[e.type] ?? 'gray' });
  }
  for (const c of comments) if (!used.has(c.id)) out.push(commentEntry(c, t, n));
  // Newest first; entries at the same instant keep the server's order, reversed.
  return out
    .map((e, i) => ({ e, i, ms: new Date(e.at).getTime() }))
    .sort((a, b) => b.ms - a.ms || b.i - a.i)
    .map((x) => x.e);
}

function commentEntry(c: Comment, t: Translate, n: Names): Entry {
  const kind = c.public ? 'reply' : 'note';
  return { id: c.id, at: c.created_at, actor: c.author_id ? n.user(c.author_id) : t('desk.system'), kind, text: t(`desk.ev.${kind}`), body: c.body, color: colors[kind]! };
}
