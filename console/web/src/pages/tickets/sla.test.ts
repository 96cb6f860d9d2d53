import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import { clockOf, clockText, currentClock, formatDuration } from './sla';
import type { Ticket } from './labels';

const zh = (k: string, v?: Record<string, string | number>) => translate('zh-CN', k, v);
const en = (k: string, v?: Record<string, string | number>) => translate('en', k, v);
const now = Date.parse('2026-03-02T10:00:00Z');
const at = (min: number) => new Date(now + min * 60_000).toISOString();

function tk(sla: Partial<Ticket['sla']>, status: Ticket['status'] = 'open'): Pick<Ticket, 'sla' | 'status'> {
  return { status, sla: { breached: false, paused: false, ...sla } };
}

describe('formatDuration', () => {
  it('uses the two largest units in each language', () => {
    expect(formatDuration(192 * 60_000, zh)).toBe('3小时12分');
    expect(formatDuration(192 * 60_000, en)).toBe('3h 12m');
    expect(formatDuration((2 * 1440 + 4 * 60 + 30) * 60_000, zh)).toBe('2天4小时');
    expect(formatDuration(-25 * 60_000, zh)).toBe('25分');
    expect(formatDuration(20_000, zh)).toBe('不足1分钟');
  });
});

describe('clockOf', () => {
  it('runs the first response with the time left', () => {
    const c = clockOf(tk({ first_response_due_at: at(192) }), 'first_response', now);
    expect(c.state).toBe('normal');
    expect(clockText(c, zh)).toBe('剩余 3小时12分');
  });

  it('is breached once the due time passes, even before the server says so', () => {
    const c = clockOf(tk({ resolution_due_at: at(-25), first_responded_at: at(-60) }), 'resolution', now);
    expect(c.state).toBe('breached');
    expect(clockText(c, zh)).toBe('已超时 25分');
  });

  it('reads the warning for the first response until it is given, then for the resolution', () => {
    const warnedEarly = tk({ first_response_due_at: at(10), resolution_due_at: at(600), warned_at: at(-5) });
    expect(clockOf(warnedEarly, 'first_response', now).state).toBe('warning');
    expect(clockOf(warnedEarly, 'resolution', now).state).toBe('normal');
    const answered = tk({ resolution_due_at: at(30), first_responded_at: at(-120), warned_at: at(-150) });
    expect(clockOf(answered, 'resolution', now).state).toBe('normal');
    const warnedLate = tk({ resolution_due_at: at(30), first_responded_at: at(-120), warned_at: at(-10) });
    expect(clockOf(warnedLate, 'resolution', now).state).toBe('warning');
  });

  it('stands still while on hold and stops once resolved', () => {
    expect(clockOf(tk({ resolution_due_at: at(-5), paused: true }, 'pending'), 'resolution', now).state).toBe('paused');
    expect(clockOf(tk({ resolution_due_at: at(50) }, 'resolved'), 'resolution', now).state).toBe('met');
    expect(clockOf(tk({ resolution_due_at: at(-50), resolution_breached_at: at(-50) }, 'closed'), 'resolution', now).state).toBe('late');
    expect(clockOf(tk({ first_response_due_at: at(50) }, 'closed'), 'first_response', now).state).toBe('stopped');
  });

  it('has nothing to show without an SLA policy', () => {
    expect(clockOf(tk({}), 'resolution', now).state).toBe('none');
  });
});

describe('currentClock', () => {
  it('shows the first response until it is given, then the resolution', () => {
    const waiting = tk({ first_response_due_at: at(15), resolution_due_at: at(600) });
    expect(currentClock(waiting, now).target).toBe('first_response');
    const answered = tk({ first_response_due_at: at(15), first_responded_at: at(-1), resolution_due_at: at(600) });
    expect(currentClock(answered, now).target).toBe('resolution');
  });
});
