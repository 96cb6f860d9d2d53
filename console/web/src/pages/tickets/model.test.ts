import { describe, expect, it } from 'vitest';
import { buildDirectory } from './directory';
import { myUnits, type Me } from '../../auth/session';
import { categoryPath, categoryTree } from './categoryTree';
import { newTicketBody } from './newTicket';
import { movesFrom, noteRequired } from './statusFlow';
import type { Schemas } from '../../api/client';

const unit = (id: string, name: string, children: Schemas['ChartUnitView'][] = [], holders: [string, string, 'primary' | 'concurrent'][] = []): Schemas['ChartUnitView'] => ({
  id, name, name_en: `${name}-en`, kind: 'group', headcount: 1, filled: 1, vacant: 0, children,
  positions: [{ id: `p-${id}`, title: 'x', role: 'agent', head: false, headcount: 1, filled: 1, vacant: 0, over_quota: false,
    holders: holders.map(([user_id, n, kind]) => ({ assignment_id: `a-${user_id}-${id}`, user_id, name: n, kind, over_quota: false })) }],
});

describe('myUnits', () => {
  const post = (unit_id: string, kind: 'primary' | 'concurrent' | 'acting') => ({ position_id: `p-${unit_id}-${kind}`, title: 'x', unit_id, unit_name: unit_id, kind });
  it('finds the units a person works in, primary post first, each once', () => {
    const me = { posts: [post('g2', 'primary'), post('g1', 'concurrent'), post('g2', 'acting')] } as unknown as Me;
    expect(myUnits(me)).toEqual(['g2', 'g1']);
    expect(myUnits({ posts: [] } as unknown as Me)).toEqual([]);
    expect(myUnits(null)).toEqual([]);
  });
});

describe('buildDirectory', () => {
  const chart = [unit('c', '中心', [unit('g1', '维修组', [], [['u2', '赵客服', 'concurrent']]), unit('g2', '保洁组', [], [['u2', '赵客服', 'primary']])])];
  it('names people and lists units in tree order', () => {
    const d = buildDirectory(chart, [], 'zh-CN');
    expect(d.userName.u2).toBe('赵客服');
    expect(d.units.map((u) => [u.name, u.depth])).toEqual([['中心', 0], ['维修组', 1], ['保洁组', 1]]);
  });
  it('names units in English when asked', () => {
    expect(buildDirectory(chart, [], 'en').unitName.g1).toBe('维修组-en');
  });
});

describe('categoryTree', () => {
  const cats = [
    { id: 'b', name: '电梯', parent_id: 'a', sort: 1 },
    { id: 'a', name: '报修', sort: 0 },
    { id: 'c', name: '漏水', parent_id: 'a', sort: 0 },
    { id: 'o', name: '孤儿', parent_id: 'gone', sort: 5 },
  ];
  it('nests children by parent in sort order and keeps orphans at the top', () => {
    const tree = categoryTree(cats, 'zh-CN');
    expect(tree.map((n) => n.title)).toEqual(['报修', '孤儿']);
    expect(tree[0].children.map((n) => n.title)).toEqual(['漏水', '电梯']);
  });
  it('spells a category path', () => {
    expect(categoryPath(cats, 'b', 'zh-CN')).toBe('报修 / 电梯');
    expect(categoryPath(cats, undefined, 'zh-CN')).toBe('');
  });
});

describe('newTicketBody', () => {
  it('leaves blank optional fields to the server and maps the checkboxes', () => {
    expect(newTicketBody({ type: 'complaint', channel: 'phone', subject: ' 电梯停运 ', description: '  ', major: true, mine: true }, 'u1'))
      .toEqual({ type: 'complaint', channel: 'phone', subject: '电梯停运', severity: 'major', assignee_id: 'u1' });
    expect(newTicketBody({ type: 'inquiry', channel: 'web', subject: 'x', priority: 'low', customer_id: 'c1', category: 'k', unit_id: 'g' }, 'u1'))
      .toEqual({ type: 'inquiry', channel: 'web', subject: 'x', severity: 'normal', priority: 'low', customer_id: 'c1', category: 'k', unit_id: 'g' });
  });
});

describe('status moves', () => {
  it('offers reopening only once resolved or closed, and wants a reason for it', () => {
    expect(movesFrom('closed')).toEqual(['reopen']);
    expect(movesFrom('resolved')).toEqual(['closed', 'reopen']);
    expect(movesFrom('open')).not.toContain('reopen');
    expect(noteRequired('reopen', false)).toBe(true);
    expect(noteRequired('closed', true)).toBe(true);
    expect(noteRequired('resolved', false)).toBe(false);
  });
});
