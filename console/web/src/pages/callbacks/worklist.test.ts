import { describe, expect, it } from 'vitest';
import { fillScript, isOverdue, keep, queryFor } from './worklist';
import { answersBody } from './ScriptQuestions';
import type { Schemas } from '../../api/client';

const now = new Date('2026-03-02T02:00:00Z');
const cb = (scheduled: string, due: string, status: Schemas['CallbackView']['status'] = 'pending'): Schemas['CallbackView'] => ({
  id: 'cbk', ticket_id: 't', status, scheduled_at: scheduled, due_at: due, max_attempts: 3, attempts: [],
});

describe('worklist tabs', () => {
  it('asks the API for pending callbacks, overdue ones by due time', () => {
    expect(queryFor('today', now, false)).toEqual({ limit: 200, assignee_id: undefined, status: 'pending' });
    expect(queryFor('overdue', now, true)).toEqual({ limit: 200, assignee_id: 'me', status: 'pending', due_before: '2026-03-02T02:00:00.000Z' });
    expect(queryFor('all', now, false, 'done')).toMatchObject({ status: 'done' });
  });

  it('keeps for today what is scheduled by tonight and not yet overdue', () => {
    expect(keep('today', cb(now.toISOString(), '2026-03-05T00:00:00Z'), now)).toBe(true);
    expect(keep('today', cb('2026-03-04T01:00:00Z', '2026-03-05T00:00:00Z'), now)).toBe(false);
    expect(keep('today', cb('2026-03-01T01:00:00Z', '2026-03-02T01:00:00Z'), now)).toBe(false);
    expect(keep('all', cb('2026-03-04T01:00:00Z', '2026-03-05T00:00:00Z'), now)).toBe(true);
  });

  it('calls a pending callback past its due time overdue', () => {
    expect(isOverdue(cb('', '2026-03-02T01:00:00Z'), now.getTime())).toBe(true);
    expect(isOverdue(cb('', '2026-03-02T01:00:00Z', 'done'), now.getTime())).toBe(false);
  });
});

describe('script', () => {
  it('fills known slots and leaves unknown ones visible', () => {
    expect(fillScript('您好，我是{{org}}，就{{ ticket }}回访{{x}}', { org: '示范物业', ticket: 'T-1' })).toBe('您好，我是示范物业，就T-1回访{{x}}');
  });
  it('sends only answered questions, keeping a "no"', () => {
    expect(answersBody({ resolved: false, satisfaction: 0, suggestions: '', extra: undefined })).toEqual({ resolved: false });
    expect(answersBody({ satisfaction: 0 })).toBeUndefined();
  });
});
