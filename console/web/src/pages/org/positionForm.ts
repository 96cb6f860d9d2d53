// Position form ↔ API body mapping: blanks are left out on create, and on
// edit an emptied reports-to is sent as "" because the API reads that as
// "clear it" (an absent field means "leave unchanged").
import type { Schemas } from '../../api/client';

export interface PositionFormValues {
  title: string;
  title_en?: string;
  code?: string;
  grade?: string;
  headcount: number;
  role?: string;
  reports_to_id?: string;
  head?: boolean;
  duties?: string;
  requirements?: string;
}

type CreateBody = Schemas['CreatePositionInputBody'];
type PatchBody = Schemas['PositionFields'];

const OPTIONAL_TEXT = ['title_en', 'code', 'grade', 'duties', 'requirements'] as const;

const clean = (s?: string) => (s ?? '').trim();

export function toCreateBody(v: PositionFormValues, unitId: string): CreateBody {
  const body: CreateBody = { unit_id: unitId, title: clean(v.title), headcount: v.headcount, head: !!v.head };
  for (const k of OPTIONAL_TEXT) if (clean(v[k])) body[k] = clean(v[k]);
  if (v.role) body.role = v.role;
  if (v.reports_to_id) body.reports_to_id = v.reports_to_id;
  return body;
}

export function toPatchBody(v: PositionFormValues): PatchBody {
  const body: PatchBody = { title: clean(v.title), headcount: v.headcount, head: !!v.head, reports_to_id: v.reports_to_id ?? '' };
  for (const k of OPTIONAL_TEXT) body[k] = clean(v[k]);
  if (v.role) body.role = v.role;
  return body;
}

export function fromPosition(p?: Schemas['PositionView']): PositionFormValues {
  if (!p) return { title: '', headcount: 1, role: 'agent', head: false };
  return {
    title: p.title,
    title_en: p.title_en,
    code: p.code,
    grade: p.grade,
    headcount: p.headcount,
    role: p.role,
    reports_to_id: p.reports_to_id,
    head: p.head,
    duties: p.duties,
    requirements: p.requirements,
  };
}
