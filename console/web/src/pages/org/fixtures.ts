// A small org chart for tests: 中心 → 客服部 → 一组, and 行政部.
import type { ChartPosition, ChartUnit } from './model';

export function pos(id: string, over: Partial<ChartPosition> = {}): ChartPosition {
  return { id, title: id, role: 'agent', head: false, headcount: 1, filled: 0, vacant: 1, over_quota: false, holders: [], ...over };
}

export function unit(id: string, over: Partial<ChartUnit> = {}): ChartUnit {
  return { id, name: id, kind: 'department', headcount: 0, filled: 0, vacant: 0, positions: [], children: [], ...over };
}

export function sampleChart(): ChartUnit[] {
  const group = unit('g1', { name: '一组', name_en: 'Team 1', kind: 'group', headcount: 2, filled: 3, vacant: 0, positions: [
    pos('p-g1', { title: '客服专员', headcount: 2, filled: 3, vacant: 0, over_quota: true, holders: [
      { assignment_id: 'a1', user_id: 'u1', name: '赵客服', kind: 'primary', over_quota: false },
      { assignment_id: 'a2', user_id: 'u2', name: '钱客服', kind: 'primary', over_quota: false },
      { assignment_id: 'a3', user_id: 'u3', name: '孙客服', kind: 'concurrent', over_quota: true },
    ] }),
  ] });
  const cs = unit('cs', { name: '客服部', headcount: 3, filled: 3, vacant: 1, positions: [pos('p-cs', { title: '客服部经理', head: true })], children: [group] });
  const admin = unit('adm', { name: '行政部', positions: [] });
  const root = unit('root', { name: '客户服务中心', kind: 'center', headcount: 4, filled: 4, vacant: 1, positions: [
    pos('p-root', { title: '中心主任', title_en: 'Director', head: true, filled: 1, vacant: 0, holders: [{ assignment_id: 'a0', user_id: 'u0', name: '张主任', kind: 'primary', over_quota: false }] }),
  ], children: [cs, admin] });
  return [root];
}
