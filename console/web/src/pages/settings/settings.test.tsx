import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { LocaleProvider } from '../../i18n';
import { mergeDays, newDraft, overlaps, parseDayLines, spanProblem, toDraft, toFields, weeklyMinutes, type Calendar } from './calendarDraft';
import { buildTree, countDescendants } from './categoryTree';
import { humanize, isoToSeconds, secondsToIso, split } from './duration';
import { formToPolicy, policyToForm, suggestRank, type Policy } from './slaForm';
import { WeekGrid } from './WeekGrid';

describe('ISO durations', () => {
  it('reads what the API writes', () => {
    expect(isoToSeconds('PT15M')).toBe(900);
    expect(isoToSeconds('P1DT3H')).toBe(27 * 3600);
    expect(isoToSeconds('P1W')).toBe(7 * 86400);
    expect(isoToSeconds('PT0S')).toBe(0);
    expect(isoToSeconds('P1M')).toBeNull();
    expect(isoToSeconds('PT')).toBeNull();
  });
  it('writes like the server formatter, so values round-trip', () => {
    for (const s of ['PT15M', 'PT4H', 'P1D', 'P1DT3H', 'PT1H30M', 'PT0S']) expect(secondsToIso(isoToSeconds(s)!)).toBe(s);
  });
  it('splits and humanizes in hours and minutes', () => {
    expect(split(27 * 3600 + 120, ['h', 'm'])).toEqual({ d: 0, h: 27, m: 2 });
    expect(split(3 * 86400 + 3600, ['d', 'h'])).toEqual({ d: 3, h: 1, m: 0 });
    const t = (k: string, v?: Record<string, string | number>) => `${v?.n ?? ''}${k.slice(-1)}`;
    expect(humanize(5400, t)).toBe('1h 30m');
  });
});

const cal: Calendar = {
  id: 'cal_1', name: '工作日', timezone: 'Asia/Shanghai', always_open: false, is_default: true,
  hours: [{ weekday: 1, start: '13:30', end: '17:30' }, { weekday: 1, start: '08:30', end: '12:00' }, { weekday: 2, start: '08:30', end: '17:30' }],
  holidays: [{ date: '2026-10-02', name: '国庆' }, { date: '2026-10-01', name: '国庆' }],
  workdays: [{ date: '2026-09-20', name: '国庆调休', as_weekday: 1 }],
};

describe('calendar draft', () => {
  it('groups spans per weekday and flattens them back in order', () => {
    const d = toDraft(cal);
    expect(d.week[1]).toEqual([{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }]);
    expect(d.week[7]).toEqual([]);
    const f = toFields(d);
    expect(f.hours?.map((h) => `${h.weekday} ${h.start}`)).toEqual(['1 08:30', '1 13:30', '2 08:30']);
    expect(f.holidays?.map((h) => h.date)).toEqual(['2026-10-01', '2026-10-02']);
  });
  it('validates spans like the server', () => {
    expect(spanProblem({ start: '08:30', end: '24:00' })).toBeNull();
    expect(spanProblem({ start: '8:30', end: '17:30' })).toBe('format');
    expect(spanProblem({ start: '17:30', end: '08:30' })).toBe('order');
    expect(overlaps([{ start: '08:00', end: '12:00' }, { start: '11:00', end: '13:00' }])).toBe(true);
    expect(overlaps([{ start: '08:00', end: '12:00' }, { start: '12:00', end: '13:00' }])).toBe(false);
  });
  it('counts weekly hours of the office-hours default', () => {
    expect(weeklyMinutes(newDraft().week)).toBe(5 * 9 * 60);
  });
  it('parses pasted holiday lines with ranges and reports bad ones', () => {
    const r = parseDayLines('2027-02-06~2027-02-08 春节\n2027-01-01 元旦\nnonsense\n');
    expect(r.days.map((d) => d.date)).toEqual(['2027-02-06', '2027-02-07', '2027-02-08', '2027-01-01']);
    expect(r.days[0].name).toBe('春节');
    expect(r.bad).toEqual(['nonsense']);
  });
  it('merges days, the new entry winning', () => {
    expect(mergeDays([{ date: '2026-01-02', name: 'a' }], [{ date: '2026-01-02', name: 'b' }, { date: '2026-01-01', name: 'c' }]))
      .toEqual([{ date: '2026-01-01', name: 'c' }, { date: '2026-01-02', name: 'b' }]);
  });
});

const policy: Policy = {
  id: 'sla_1', name: '日常报修', calendar_id: 'cal_1', match: { types: ['request'] }, first_response: 'PT1H', resolution: 'P1DT3H',
  warn_at_percent: 75, escalation: [{ after: 'PT0S', to: 'supervisor' }, { after: 'PT9H', to: 'position:pos_1' }],
  callback: { within_seconds: 259200, coverage: { regular: 0.2, vip: 1 } }, rank: 40, enabled: true,
};

describe('SLA form mapping', () => {
  it('maps API → form → API without loss', () => {
    const f = policyToForm(policy);
    expect(f.resolution).toBe(27 * 3600);
    expect(f.cb_coverage).toEqual({ key_account: 0, vip: 100, member: 0, regular: 20 });
    const back = formToPolicy(f);
    expect(back.first_response).toBe('PT1H');
    expect(back.resolution).toBe('P1DT3H');
    expect(back.escalation).toEqual(policy.escalation);
    expect(back.callback?.coverage).toEqual({ key_account: 0, vip: 1, member: 0, regular: 0.2 });
    expect(back.match).toEqual({ types: ['request'], priorities: [], tiers: [] });
  });
  it('ranks a new policy before the catch-all', () => {
    expect(suggestRank([{ rank: 10, match: { types: ['complaint'] } }, { rank: 100, match: {} }])).toBe(95);
    expect(suggestRank([{ rank: 10, match: { types: ['complaint'] } }])).toBe(20);
  });
});

describe('category tree', () => {
  it('nests by parent, keeps API order, lifts orphans', () => {
    const tree = buildTree([
      { id: 'b', name: '投诉', sort: 0 }, { id: 'a', name: '报修', sort: 0 },
      { id: 'a1', name: '漏水', parent_id: 'a', sort: 0 }, { id: 'a11', name: '厨房', parent_id: 'a1', sort: 0 },
      { id: 'x', name: '孤儿', parent_id: 'gone', sort: 0 }, { id: 'first', name: '置顶', sort: -1 },
    ]);
    expect(tree.map((n) => n.category.id)).toEqual(['first', 'b', 'a', 'x']);
    expect(countDescendants(tree[2])).toBe(2);
  });
});

describe('WeekGrid', () => {
  it('adds a span to a rest day and flags a reversed one', () => {
    const onChange = vi.fn();
    const week = { ...newDraft().week, 3: [{ start: '18:00', end: '09:00' }] };
    render(<LocaleProvider initial="zh-CN"><WeekGrid week={week} onChange={onChange} /></LocaleProvider>);
    expect(screen.getByText('结束须晚于开始')).toBeTruthy();
    expect(screen.getAllByText('休息')).toHaveLength(2);
    fireEvent.click(screen.getByTestId('day-6-add'));
    expect(onChange.mock.calls[0][0][6]).toEqual([{ start: '08:30', end: '17:30' }]);
  });
});
