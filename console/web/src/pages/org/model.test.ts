import { describe, expect, it } from 'vitest';
import { ancestorsOf, checkMove, childKind, headOf, indexUnits, isInSubtree, positionTitle, staffing, unitName, unitOver } from './model';
import { fitZoom } from './zoom';
import { fromPosition, toCreateBody, toPatchBody } from './positionForm';
import { parseDocument } from './ImportExport';
import { isQuotaConflict } from './AssignModal';
import { ApiError } from '../../api/client';
import { sampleChart } from './fixtures';

describe('org tree model', () => {
  const roots = sampleChart();
  const idx = indexUnits(roots);

  it('indexes units, parents and positions', () => {
    expect(idx.parentOf.get('g1')).toBe('cs');
    expect(idx.parentOf.get('root')).toBeUndefined();
    expect(idx.unitOfPosition.get('p-g1')?.id).toBe('g1');
    expect(ancestorsOf(idx, 'g1')).toEqual(['cs', 'root']);
  });

  it('knows a unit’s subtree', () => {
    expect(isInSubtree(idx, 'cs', 'g1')).toBe(true);
    expect(isInSubtree(idx, 'cs', 'cs')).toBe(true);
    expect(isInSubtree(idx, 'cs', 'adm')).toBe(false);
    expect(isInSubtree(idx, 'g1', 'cs')).toBe(false);
  });

  it('resolves drops: onto a node, into a gap, and refuses cycles', () => {
    expect(checkMove(idx, 'adm', 'cs', false)).toEqual({ ok: true, parentId: 'cs' });
    // A gap beside 一组 means "sibling of 一组", i.e. under 客服部.
    expect(checkMove(idx, 'adm', 'g1', true)).toEqual({ ok: true, parentId: 'cs' });
    // A gap beside the root means the top level.
    expect(checkMove(idx, 'g1', 'root', true)).toEqual({ ok: true, parentId: '' });
    expect(checkMove(idx, 'cs', 'g1', false)).toEqual({ ok: false, reason: 'descendant' });
    expect(checkMove(idx, 'cs', 'cs', false)).toEqual({ ok: false, reason: 'self' });
    expect(checkMove(idx, 'adm', 'cs', true)).toEqual({ ok: false, reason: 'unchanged' });
  });

  it('computes vacancies and overstaffing', () => {
    expect(staffing({ headcount: 3, filled: 1 })).toEqual({ headcount: 3, filled: 1, vacant: 2, over: 0 });
    expect(staffing({ headcount: 2, filled: 3 })).toEqual({ headcount: 2, filled: 3, vacant: 0, over: 1 });
    expect(unitOver(idx.byId.get('g1')!)).toBe(1);
    expect(unitOver(idx.byId.get('cs')!)).toBe(0);
  });

  it('finds the head and localizes names', () => {
    expect(headOf(roots[0]).names).toEqual(['张主任']);
    expect(headOf(idx.byId.get('cs')!).names).toEqual([]);
    expect(unitName(idx.byId.get('g1')!, 'en')).toBe('Team 1');
    expect(unitName(idx.byId.get('cs')!, 'en')).toBe('客服部');
    expect(positionTitle({ title: '中心主任', title_en: 'Director' }, 'zh-CN')).toBe('中心主任');
  });

  it('defaults a child to the level below its parent', () => {
    expect(childKind('center')).toBe('department');
    expect(childKind('team')).toBe('team');
    expect(childKind(undefined)).toBe('center');
  });
});

describe('zoom', () => {
  it('fits a wide chart in steps of 10 %, never above 100 % nor below 50 %', () => {
    expect(fitZoom(1000, 1400)).toBe(70);
    expect(fitZoom(1000, 800)).toBe(100);
    expect(fitZoom(300, 5000)).toBe(50);
    expect(fitZoom(0, 100)).toBe(100);
  });
});

describe('position form mapping', () => {
  const values = { title: ' 投诉专员 ', headcount: 2, role: 'agent', reports_to_id: undefined, code: ' ', grade: 'P1', head: undefined, duties: '处理投诉' };

  it('leaves blanks out on create', () => {
    expect(toCreateBody(values, 'u1')).toEqual({ unit_id: 'u1', title: '投诉专员', headcount: 2, head: false, role: 'agent', grade: 'P1', duties: '处理投诉' });
  });

  it('clears the superior and texts explicitly on edit', () => {
    const body = toPatchBody(values);
    expect(body.reports_to_id).toBe('');
    expect(body.code).toBe('');
    expect(body.title).toBe('投诉专员');
    expect(toPatchBody({ ...values, reports_to_id: 'p9' }).reports_to_id).toBe('p9');
  });

  it('starts a new position at headcount 1 as an agent', () => {
    expect(fromPosition(undefined)).toMatchObject({ headcount: 1, role: 'agent', head: false });
  });
});

describe('import and assignment helpers', () => {
  it('accepts a JSON object and refuses anything else', () => {
    expect(parseDocument('{"units":[],"positions":[]}')).toEqual({ units: [], positions: [] });
    expect(() => parseDocument('[1]')).toThrow();
    expect(() => parseDocument('{oops')).toThrow();
  });

  it('treats a 409 on a full position as a quota refusal only', () => {
    const conflict = new ApiError(409, { detail: 'full' });
    expect(isQuotaConflict(conflict, { headcount: 1, filled: 1 })).toBe(true);
    expect(isQuotaConflict(conflict, { headcount: 2, filled: 1 })).toBe(false);
    expect(isQuotaConflict(new ApiError(422, {}), { headcount: 1, filled: 1 })).toBe(false);
  });
});
