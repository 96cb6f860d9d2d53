// Pure helpers over the org chart tree the API returns (GET /v1/org-chart):
// lookups, subtree checks, drop-target resolution and display names.
import type { Schemas } from '../../api/client';
import type { Locale } from '../../i18n';

export type ChartUnit = Schemas['ChartUnitView'];
export type ChartPosition = Schemas['ChartPositionView'];
export type UnitKind = ChartUnit['kind'];
export type AssignKind = Schemas['AssignInputBody']['kind'];

export const UNIT_KINDS: UnitKind[] = ['company', 'center', 'department', 'group', 'team'];
export const ASSIGN_KINDS: AssignKind[] = ['primary', 'concurrent', 'acting'];

// Kinds go company → center → department → group → team; a new child
// defaults to the level below its parent.
export function childKind(parent?: UnitKind): UnitKind {
  if (!parent) return 'center';
  const i = UNIT_KINDS.indexOf(parent);
  return UNIT_KINDS[Math.min(i + 1, UNIT_KINDS.length - 1)];
}

export const children = (u: ChartUnit): ChartUnit[] => u.children ?? [];
export const positions = (u: ChartUnit): ChartPosition[] => u.positions ?? [];

export function walkUnits(roots: ChartUnit[], fn: (u: ChartUnit, parent: ChartUnit | undefined, depth: number) => void) {
  const go = (u: ChartUnit, parent: ChartUnit | undefined, depth: number) => {
    fn(u, parent, depth);
    children(u).forEach((c) => go(c, u, depth + 1));
  };
  roots.forEach((r) => go(r, undefined, 0));
}

export interface UnitIndex {
  byId: Map<string, ChartUnit>;
  parentOf: Map<string, string | undefined>;
  unitOfPosition: Map<string, ChartUnit>;
  positionById: Map<string, ChartPosition>;
}

export function indexUnits(roots: ChartUnit[]): UnitIndex {
  const idx: UnitIndex = { byId: new Map(), parentOf: new Map(), unitOfPosition: new Map(), positionById: new Map() };
  walkUnits(roots, (u, p) => {
    idx.byId.set(u.id, u);
    idx.parentOf.set(u.id, p?.id);
    positions(u).forEach((pos) => {
      idx.unitOfPosition.set(pos.id, u);
      idx.positionById.set(pos.id, pos);
    });
  });
  return idx;
}

// isInSubtree says whether candidate is root itself or one of its
// descendants: a unit may never be moved there.
export function isInSubtree(idx: UnitIndex, rootId: string, candidateId: string | undefined): boolean {
  for (let cur = candidateId; cur; cur = idx.parentOf.get(cur)) {
    if (cur === rootId) return true;
  }
  return false;
}

// dropParent turns an antd Tree drop (onto a node, or into the gap beside
// it) into the new parent id; '' means the top level.
export function dropParent(idx: UnitIndex, targetId: string, dropToGap: boolean): string {
  if (!dropToGap) return targetId;
  return idx.parentOf.get(targetId) ?? '';
}

export type MoveCheck = { ok: true; parentId: string } | { ok: false; reason: 'self' | 'descendant' | 'unchanged' };

export function checkMove(idx: UnitIndex, dragId: string, targetId: string, dropToGap: boolean): MoveCheck {
  const parentId = dropParent(idx, targetId, dropToGap);
  if (parentId === dragId) return { ok: false, reason: 'self' };
  if (parentId && isInSubtree(idx, dragId, parentId)) return { ok: false, reason: 'descendant' };
  if ((idx.parentOf.get(dragId) ?? '') === parentId) return { ok: false, reason: 'unchanged' };
  return { ok: true, parentId };
}

export function unitName(u: Pick<ChartUnit, 'name' | 'name_en'>, locale: Locale): string {
  return locale === 'en' && u.name_en ? u.name_en : u.name;
}

export function positionTitle(p: Pick<ChartPosition, 'title' | 'title_en'>, locale: Locale): string {
  return locale === 'en' && p.title_en ? p.title_en : p.title;
}

// Staffing of a position or unit: vacancies (缺编) and people past the
// quota (超编) are what a center manager scans the chart for.
export interface Staffing {
  headcount: number;
  filled: number;
  vacant: number;
  over: number;
}

export function staffing(x: { headcount: number; filled: number }): Staffing {
  return {
    headcount: x.headcount,
    filled: x.filled,
    vacant: Math.max(x.headcount - x.filled, 0),
    over: Math.max(x.filled - x.headcount, 0),
  };
}

// unitOver sums the overstaffing of a unit's own positions (the API's unit
// totals net vacancies against overstaffing, which would hide it).
export function unitOver(u: ChartUnit): number {
  return positions(u).reduce((n, p) => n + staffing(p).over, 0);
}

// headHolders names whoever holds the unit's head position, if anyone.
export function headOf(u: ChartUnit): { position?: ChartPosition; names: string[] } {
  const position = positions(u).find((p) => p.head);
  return { position, names: (position?.holders ?? []).map((h) => h.name) };
}

export function allUnitIds(roots: ChartUnit[]): string[] {
  const ids: string[] = [];
  walkUnits(roots, (u) => ids.push(u.id));
  return ids;
}

// ancestorsOf lists the ids above a unit, nearest first (to expand a tree
// down to a unit that was just added).
export function ancestorsOf(idx: UnitIndex, id: string): string[] {
  const out: string[] = [];
  for (let cur = idx.parentOf.get(id); cur; cur = idx.parentOf.get(cur)) out.push(cur);
  return out;
}
