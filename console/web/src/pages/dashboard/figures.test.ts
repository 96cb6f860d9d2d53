import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import { label, percent, unitRows } from './figures';

const zh = (k: string, v?: Record<string, string | number>) => translate('zh-CN', k, v);

describe('dashboard figures', () => {
  it('shows a dash, not 0 %, when nothing was measured', () => {
    expect(percent(0, 0)).toBe('—');
    expect(percent(0, 4)).toBe('0.0%');
    expect(percent(0.8333, 6)).toBe('83.3%');
  });

  it('names units, calls undispatched tickets so, and puts the largest backlog first', () => {
    const rows = unitRows(
      [
        { unit_id: 'u1', open: 2, breached: 0 },
        { open: 5, breached: 1 },
        { unit_id: 'gone', open: 3, breached: 3 },
      ],
      new Map([['u1', '客服一组']]),
      zh,
    );
    expect(rows.map((r) => r.name)).toEqual(['未派单', 'gone', '客服一组']);
    expect(rows[0]).toEqual({ name: '未派单', open: 5, breached: 1 });
  });

  it('translates known channels and keeps unknown ones', () => {
    expect(label(zh, 'channel', 'wechat')).toBe('微信');
    expect(label(zh, 'type', 'complaint')).toBe('投诉');
    expect(label(zh, 'channel', 'carrier-pigeon')).toBe('carrier-pigeon');
  });
});
