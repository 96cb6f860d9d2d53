import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import { buildTimeline, describe as describeEvent } from './timeline';
import type { Schemas } from '../../api/client';

const t = (k: string, v?: Record<string, string | number>) => translate('zh-CN', k, v);
const en = (k: string, v?: Record<string, string | number>) => translate('en', k, v);
const names = { user: (id?: string) => ({ u1: '张主任', u2: '赵客服' })[id ?? ''] ?? '?', unit: (id?: string) => ({ g1: '维修组' })[id ?? ''] ?? '?' };
type Event = Schemas['EventView'];
const ev = (id: string, type: Event['type'], at: string, data: Record<string, unknown> = {}, actor?: string): Event => ({ id, type, at, data, actor_id: actor });

describe('describe', () => {
  it('tells each event with names instead of ids', () => {
    expect(describeEvent(ev('e', 'transferred', '', { from_unit_id: '', to_unit_id: 'g1', reason: '需维修' }), t, names))
      .toEqual({ text: '转派工单（部门协调单）：未分配部门 → 维修组', body: '需维修' });
    expect(describeEvent(ev('e', 'status_changed', '', { from: 'open', to: 'resolved', note: '已修复' }), en, names))
      .toEqual({ text: 'changed the status from “Open” to “Resolved”', body: '已修复' });
    expect(describeEvent(ev('e', 'escalated', '', { level: 1, reason: 'major_complaint', to_user_ids: ['u1'] }), t, names).text)
      .toBe('工单升级至第 1 级，已通知 张主任');
    expect(describeEvent(ev('e', 'callback_recorded', '', { channel: 'survey', csat: 4 }), t, names).text).toContain('4 分');
  });

  it('keeps an escalation reason it does not know', () => {
    expect(describeEvent(ev('e', 'escalated', '', { level: 2, reason: 'new_rule' }), t, names).body).toBe('new_rule');
  });
});

describe('buildTimeline', () => {
  it('merges comments into their events, newest first, ties in reverse server order', () => {
    const events = [
      ev('e1', 'created', '2026-03-02T10:00:00Z', { type: 'request', channel: 'phone', priority: 'normal' }, 'u1'),
      ev('e2', 'commented', '2026-03-02T10:05:00.5Z', { comment_id: 'c1', public: true }, 'u1'),
      ev('e3', 'status_changed', '2026-03-02T10:09:00Z', { from: 'open', to: 'resolved' }, 'u1'),
      ev('e4', 'callback_scheduled', '2026-03-02T10:09:00Z', { assignee_id: 'u2' }),
    ];
    const comments = [
      { id: 'c1', ticket_id: 't', body: '已安排', public: true, created_at: '2026-03-02T10:05:00.5Z', author_id: 'u1' },
      { id: 'c2', ticket_id: 't', body: '内部', public: false, created_at: '2026-03-02T10:05:00.45Z', author_id: 'u2' },
    ];
    const out = buildTimeline(events, comments, t, names);
    expect(out.map((e) => e.id)).toEqual(['e4', 'e3', 'c1', 'c2', 'e1']);
    expect(out[0].actor).toBe('系统');
    expect(out[2]).toMatchObject({ kind: 'reply', body: '已安排', actor: '张主任' });
    expect(out[3]).toMatchObject({ kind: 'note', body: '内部', actor: '赵客服' });
  });
});
