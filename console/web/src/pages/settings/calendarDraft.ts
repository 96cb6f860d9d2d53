import type { Schemas } from '../../api/client';

// The calendar editor works on a draft: opening hours grouped per ISO
// weekday (1 = Monday … 7 = Sunday), turned back into the API's flat list.
export type Calendar = Schemas['CalendarView'];
export type Span = { start: string; end: string };
export type Week = Record<number, Span[]>;
export interface Draft {
  name: string;
  timezone: string;
  always_open: boolean;
  is_default: boolean;
  week: Week;
  holidays: Schemas['Holiday'][];
  workdays: Schemas['Workday'][];
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

export function emptyWeek(): Week {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, []]));
}

export function toDraft(c: Calendar): Draft {
  const week = emptyWeek();
  for (const s of c.hours ?? []) week[s.weekday]?.push({ start: s.start, end: s.end });
  for (const d of WEEKDAYS) week[d].sort((a, b) => a.start.localeCompare(b.start));
  return {
    name: c.name, timezone: c.timezone, always_open: c.always_open, is_default: c.is_default, week,
    holidays: [...(c.holidays ?? [])], workdays: [...(c.workdays ?? [])],
  };
}

// A new calendar starts as the handbooks' office hours, 8:30–17:30 Mon–Fri.
export function newDraft(timezone = 'Asia/Shanghai'): Draft {
  const week = emptyWeek();
  for (const d of [1, 2, 3, 4, 5]) week[d] = [{ start: '08:30', end: '17:30' }];
  return { name: '', timezone, always_open: false, is_default: false, week, holidays: [], workdays: [] };
}

export function toFields(d: Draft): Schemas['CalendarFields'] {
  const hours = WEEKDAYS.flatMap((weekday) => d.week[weekday].map((s) => ({ weekday, start: s.start, end: s.end })));
  const byDate = <T extends { date: string }>(xs: T[]) => [...xs].sort((a, b) => a.date.localeCompare(b.date));
  return {
    name: d.name.trim(), timezone: d.timezone, always_open: d.always_open, is_default: d.is_default,
    hours, holidays: byDate(d.holidays), workdays: byDate(d.workdays),
  };
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

// spanProblem explains what is wrong with one span, mirroring the server:
// HH:MM clocks, an end of 24:00 allowed, end after start.
export function spanProblem(s: Span): 'format' | 'order' | null {
  if (!CLOCK.test(s.start) || !(CLOCK.test(s.end) || s.end === '24:00')) return 'format';
  if (s.end !== '24:00' && s.end <= s.start) return 'order';
  return null;
}

// overlaps reports whether any two spans of one day overlap.
export function overlaps(spans: Span[]): boolean {
  const xs = [...spans].sort((a, b) => a.start.localeCompare(b.start));
  return xs.some((s, i) => i > 0 && s.start < xs[i - 1].end);
}

// weeklyHours sums the open time of a week, for the "每周 45 小时" summary.
export function weeklyMinutes(week: Week): number {
  const min = (c: string) => Number(c.slice(0, 2)) * 60 + Number(c.slice(3));
  return WEEKDAYS.reduce((sum, d) => sum + week[d].reduce((s, x) => (spanProblem(x) ? s : s + min(x.end) - min(x.start)), 0), 0);
}

// parseDayLines reads pasted holiday lines ("2027-01-01 元旦", or a range
// "2027-02-06~2027-02-12 春节"), the way the State Council notice lists
// them, into one entry per date. Lines that do not parse are returned.
export function parseDayLines(text: string): { days: { date: string; name: string }[]; bad: string[] } {
  const days: { date: string; name: string }[] = [];
  const bad: string[] = [];
  const re = /^(\d{4}-\d{2}-\d{2})(?:\s*[~～至–-]\s*(\d{4}-\d{2}-\d{2}))?\s+(.+)$/;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = re.exec(line);
    const from = m ? new Date(`${m[1]}T00:00:00Z`) : null;
    const to = m ? new Date(`${m[2] ?? m[1]}T00:00:00Z`) : null;
    if (!m || !from || !to || isNaN(+from) || isNaN(+to) || to < from || (+to - +from) / 86400000 > 60) {
      bad.push(line);
      continue;
    }
    for (let d = from; d <= to; d = new Date(+d + 86400000)) days.push({ date: d.toISOString().slice(0, 10), name: m[3].trim() });
  }
  return { days, bad };
}

// mergeDays adds entries, the newer one winning on the same date.
export function mergeDays<T extends { date: string }>(cur: T[], add: T[]): T[] {
  const map = new Map(cur.map((x) => [x.date, x]));
  for (const x of add) map.set(x.date, x);
  return [...map.values()].sort((a, b) => a.date.localeCompare(b.date));
}
