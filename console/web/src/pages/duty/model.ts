// What the duty pages compute without the server: the month grid, entries
// by day, which shift is "mine now", what a person may do with a handover,
// and the rotation form → API pattern.
import type { Schemas } from '../../api/client';

export type Entry = Schemas['RosterEntryView'];
export type Handover = Schemas['HandoverView'];
export type Shift = Schemas['ShiftView'];

// REST marks a day off in a cycle form (the API takes "").
export const REST = '__rest';

// monthOf is a month (YYYY-MM) of a date.
export function monthOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

// addMonths moves a month (YYYY-MM) by n.
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(y, m - 1 + n, 1);
  return monthOf(d);
}

// monthRange is the first and last date of a month.
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(y, m, 0).getDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

// monthWeeks lays a month out in weeks from Monday; '' pads the first and
// last week.
export function monthWeeks(month: string): string[][] {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(y, m, 0).getDate();
  const lead = (new Date(y, m - 1, 1).getDay() + 6) % 7; // Monday = 0
  const cells: string[] = Array(lead).fill('');
  for (let d = 1; d <= days; d++) cells.push(`${month}-${String(d).padStart(2, '0')}`);
  while (cells.length % 7) cells.push('');
  const weeks: string[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

// isWeekend: Saturday or Sunday (a make-up workday 调休 is a weekend day
// the calendar says is a workday).
export function isWeekend(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number);
  const wd = new Date(y, m - 1, d).getDay();
  return wd === 0 || wd === 6;
}

// dayTag is the mark a calendar cell carries: 节 on holidays, 班 on a
// make-up workday, 休 on a rest day; none on an ordinary workday.
export function dayTag(date: string, kind: string | undefined): 'holiday' | 'makeup' | 'rest_day' | null {
  if (kind === 'holiday') return 'holiday';
  if (kind === 'workday' && isWeekend(date)) return 'makeup';
  if (kind === 'rest_day') return 'rest_day';
  return null;
}

// byDate groups entries by date, each day by start time then role.
export function byDate(entries: Entry[]): Record<string, Entry[]> {
  const out: Record<string, Entry[]> = {};
  for (const e of entries) (out[e.date] ??= []).push(e);
  const order = { leader: 0, agent: 1, callback: 2 } as Record<string, number>;
  for (const list of Object.values(out)) {
    list.sort((a, b) => a.start_at.localeCompare(b.start_at) || (order[a.role] ?? 9) - (order[b.role] ?? 9) || a.user_id.localeCompare(b.user_id));
  }
  return out;
}

// currentAndNext picks, from a person's entries, the one running at now
// (or starting within the hour: sign-in opens then) and the next one after.
export function currentAndNext(entries: Entry[], now: number): { current?: Entry; next?: Entry } {
  const sorted = [...entries].sort((a, b) => a.start_at.localeCompare(b.start_at));
  const hour = 3600_000;
  const current = sorted.find((e) => !e.signed_out_at && Date.parse(e.start_at) - hour <= now && now < Date.parse(e.end_at));
  const next = sorted.find((e) => e !== current && Date.parse(e.start_at) > now);
  return { current, next };
}

// handoverActions says what the viewer may do with a handover.
export function handoverActions(h: Handover, me: string, canApprove: boolean) {
  const outgoing = h.from_user_id === me;
  const incoming = h.to_user_id === me;
  return {
    edit: outgoing && !h.from_signed_at,
    signOutgoing: outgoing && !h.from_signed_at,
    signIncoming: incoming && !!h.from_signed_at && !h.to_signed_at,
    override: canApprove && !outgoing && !h.to_signed_at && !h.overridden_at,
  };
}

export interface RotationForm {
  role: 'agent' | 'callback' | 'leader';
  user_ids: string[];
  cycle: string[];
  holiday_cycle?: string[];
  works_rest_days?: boolean;
  offset?: number;
}

// patternBody turns the rotation form into the API's pattern: REST steps
// become "", an empty holiday cycle is left out.
export function patternBody(rows: RotationForm[]) {
  const steps = (xs: string[] | undefined) => (xs ?? []).map((s) => (s === REST || !s ? '' : s));
  return {
    rotations: rows.map((r) => {
      const holiday = steps(r.holiday_cycle);
      return {
        role: r.role,
        user_ids: r.user_ids ?? [],
        cycle: steps(r.cycle),
        ...(holiday.some(Boolean) ? { holiday_cycle: holiday } : {}),
        ...(r.works_rest_days ? { works_rest_days: true } : {}),
        ...(r.offset ? { offset: r.offset } : {}),
      };
    }),
  };
}

// shiftTime renders a shift's times, marking an end on the next day.
export function shiftTime(s: Shift, nextDay: string): string {
  return `${s.start}–${s.crosses_midnight ? nextDay : ''}${s.end}`;
}
