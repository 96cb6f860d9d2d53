import { describe, expect, it } from 'vitest';
import { addMonths, byDate, currentAndNext, dayTag, handoverActions, monthRange, monthWeeks, patternBody, REST, shiftTime, type Entry, type Handover } from './model';

const entry = (over: Partial<Entry>): Entry => ({
  id: 'dre_1', unit_id: 'unt_1', user_id: 'usr_a', shift_id: 'shf_e', date: '2026-05-06', role: 'agent', day_kind: 'workday',
  start_at: '2026-05-06T00:30:00Z', end_at: '2026-05-06T09:30:00Z', source: 'generated', ...over,
} as Entry);

describe('month grid', () => {
  it('lays May 2026 out from Monday, Friday the 1st', () => {
    const weeks = monthWeeks('2026-05');
    expect(weeks[0]).toEqual(['', '', '', '', '2026-05-01', '2026-05-02', '2026-05-03']);
    expect(weeks.at(-1)).toEqual(['2026-05-25', '2026-05-26', '2026-05-27', '2026-05-28', '2026-05-29', '2026-05-30', '2026-05-31']);
    expect(weeks).toHaveLength(5);
  });
  it('moves across years and knows month ends', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });
  it('tags holidays, make-up Saturdays and rest days', () => {
    expect(dayTag('2026-05-01', 'holiday')).toBe('holiday');
    expect(dayTag('2026-05-09', 'workday')).toBe('makeup'); // Saturday, 劳动节调休
    expect(dayTag('2026-05-10', 'rest_day')).toBe('rest_day');
    expect(dayTag('2026-05-06', 'workday')).toBeNull();
    expect(dayTag('2026-05-10', undefined)).toBeNull();
  });
});

describe('entries', () => {
  it('groups by day in start order, the leader first', () => {
    const late = entry({ id: 'late', start_at: '2026-05-06T09:30:00Z' });
    const early = entry({ id: 'early', user_id: 'usr_b' });
    const lead = entry({ id: 'lead', role: 'leader', user_id: 'usr_z' });
    expect(byDate([late, early, lead])['2026-05-06'].map((e) => e.id)).toEqual(['lead', 'early', 'late']);
  });
  it('finds the shift running now, or opening within the hour, and the next', () => {
    const a = entry({ id: 'a' });
    const b = entry({ id: 'b', start_at: '2026-05-07T09:30:00Z', end_at: '2026-05-08T00:30:00Z' });
    expect(currentAndNext([b, a], Date.parse('2026-05-06T00:00:00Z'))).toEqual({ current: a, next: b });
    expect(currentAndNext([b, a], Date.parse('2026-05-06T10:00:00Z'))).toEqual({ current: undefined, next: b });
    expect(currentAndNext([{ ...a, signed_out_at: '2026-05-06T09:31:00Z' }], Date.parse('2026-05-06T09:00:00Z')).current).toBeUndefined();
  });
});

describe('handover actions', () => {
  const h = { id: 'h', from_user_id: 'out', to_user_id: 'in', status: 'prepared' } as Handover;
  it('lets the outgoing person edit and sign first, then the incoming one', () => {
    expect(handoverActions(h, 'out', false)).toEqual({ edit: true, signOutgoing: true, signIncoming: false, override: false });
    expect(handoverActions(h, 'in', false).signIncoming).toBe(false);
    const signed = { ...h, from_signed_at: '2026-05-06T09:25:00Z' };
    expect(handoverActions(signed, 'in', false).signIncoming).toBe(true);
    expect(handoverActions(signed, 'out', false).edit).toBe(false);
  });
  it('offers a supervisor the override until it is done', () => {
    expect(handoverActions(h, 'boss', true).override).toBe(true);
    expect(handoverActions({ ...h, to_signed_at: 'x' }, 'boss', true).override).toBe(false);
    expect(handoverActions(h, 'out', true).override).toBe(false);
  });
});

describe('rotation form', () => {
  it('sends days off as empty steps and leaves an empty holiday cycle out', () => {
    expect(patternBody([
      { role: 'agent', user_ids: ['a', 'b'], cycle: ['e', 'n', REST], holiday_cycle: [REST], works_rest_days: true },
      { role: 'callback', user_ids: ['c'], cycle: ['e'], holiday_cycle: ['he'], offset: 2 },
    ])).toEqual({ rotations: [
      { role: 'agent', user_ids: ['a', 'b'], cycle: ['e', 'n', ''], works_rest_days: true },
      { role: 'callback', user_ids: ['c'], cycle: ['e'], holiday_cycle: ['he'], offset: 2 },
    ] });
  });
  it('renders a shift crossing midnight', () => {
    expect(shiftTime({ start: '17:30', end: '08:30', crosses_midnight: true } as never, '次日')).toBe('17:30–次日08:30');
    expect(shiftTime({ start: '08:30', end: '17:30', crosses_midnight: false } as never, '次日')).toBe('08:30–17:30');
  });
});
