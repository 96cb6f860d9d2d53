import { describe, expect, it } from 'vitest';
import { duration, lastMonth, lastQuarter, pct, rankRows, sheetActions, type Figures } from './format';

const t = (k: string, v?: Record<string, string | number>) => `${k}:${v?.n}`;

describe('performance format', () => {
  it('shows missing rates as a dash, not 0', () => {
    expect(pct(null)).toBe('—');
    expect(pct(0)).toBe('0.0%');
    expect(pct(2 / 3)).toBe('66.7%');
  });
  it('shows durations in minutes, then hours', () => {
    expect(duration(t, 1800)).toBe('perf.minutes:30');
    expect(duration(t, 10800)).toBe('perf.hours:3.0');
    expect(duration(t, null)).toBe('—');
  });
  it('ranks best first, lowest first where less is better, skipping rows without the rate', () => {
    const rows = [
      { key: 'a', complaint_rate: 0.1, satisfaction_rate: 0.9 },
      { key: 'b', complaint_rate: 0.0, satisfaction_rate: null },
      { key: 'c', complaint_rate: null, satisfaction_rate: 0.95 },
    ] as unknown as (Figures & { key: string })[];
    expect(rankRows(rows, 'satisfaction_rate').map((r) => r.key)).toEqual(['c', 'a']);
    expect(rankRows(rows, 'complaint_rate').map((r) => r.key)).toEqual(['b', 'a']);
  });
  it('names the last month and quarter', () => {
    expect(lastMonth(new Date(2026, 0, 15))).toBe('2025-12');
    expect(lastMonth(new Date(2026, 10, 23))).toBe('2026-10');
    expect(lastQuarter(new Date(2026, 1, 1))).toBe('2025-Q4');
    expect(lastQuarter(new Date(2026, 10, 23))).toBe('2026-Q3');
  });
  it('offers the sheet steps its status allows', () => {
    expect(sheetActions('draft', true, false, false)).toMatchObject({ edit: true, submit: true, approve: false, lock: false });
    expect(sheetActions('draft', true, true, true)).toMatchObject({ edit: false, submit: false });
    expect(sheetActions('submitted', true, true, false)).toMatchObject({ edit: false, approve: true, return: true, lock: false });
    expect(sheetActions('approved', false, true, false)).toMatchObject({ lock: true, return: true, approve: false });
    expect(sheetActions('locked', true, true, false)).toMatchObject({ edit: false, lock: false, return: false, adjust: true });
  });
});
