import type { Schemas } from '../../api/client';

export type Scorecard = Schemas['ScorecardView'];
export type Criterion = Schemas['CriterionView'];
export type ScorecardBody = Schemas['ScorecardFields'];

export interface ScorecardForm {
  name: string;
  description: string;
  samples_per_week: number;
  extra_samples: number;
  target_score: number;
  is_default: boolean;
  criteria: Criterion[];
}

// newScorecardForm starts a scorecard with the handbook's five criteria
// left for the tenant to name, weigh and mark critical.
export function newScorecardForm(from?: Scorecard, copyName?: string): ScorecardForm {
  if (from) return { ...scorecardToForm(from), name: copyName ?? from.name, is_default: false };
  return {
    name: '', description: '', samples_per_week: 5, extra_samples: 3, target_score: 85, is_default: false,
    criteria: [{ key: 'greeting', label: '', weight: 10, critical: false }],
  };
}

export function scorecardToForm(s: Scorecard): ScorecardForm {
  return {
    name: s.name, description: s.description ?? '', samples_per_week: s.samples_per_week,
    extra_samples: s.extra_samples, target_score: s.target_score, is_default: s.is_default,
    criteria: (s.criteria ?? []).map((c) => ({ key: c.key, label: c.label, label_en: c.label_en ?? '', weight: c.weight, critical: !!c.critical })),
  };
}

function clean(cs: Criterion[]): Criterion[] {
  return cs.map((c) => ({
    key: (c.key ?? '').trim(), label: (c.label ?? '').trim(), weight: c.weight ?? 0,
    ...(c.label_en?.trim() ? { label_en: c.label_en.trim() } : {}),
    ...(c.critical ? { critical: true } : {}),
  }));
}

// scorecardBody is the create body for a form.
export function scorecardBody(f: ScorecardForm): ScorecardBody {
  return {
    name: f.name.trim(), description: f.description, samples_per_week: f.samples_per_week,
    extra_samples: f.extra_samples, target_score: f.target_score, is_default: f.is_default,
    criteria: clean(f.criteria ?? []),
  };
}

// scorecardPatch sends only what changed: criteria the inspections were
// scored on cannot change (409), so an edit of the sampling numbers alone
// must not send them back.
export function scorecardPatch(was: Scorecard, f: ScorecardForm): ScorecardBody {
  const next = scorecardBody(f);
  const before = scorecardBody(scorecardToForm(was));
  const out: ScorecardBody = {};
  for (const k of ['name', 'description', 'samples_per_week', 'extra_samples', 'target_score'] as const) {
    if (next[k] !== before[k]) (out as Record<string, unknown>)[k] = next[k];
  }
  if (f.is_default && !was.is_default) out.is_default = true;
  if (JSON.stringify(next.criteria) !== JSON.stringify(before.criteria)) out.criteria = next.criteria;
  return out;
}

// weightTotal is the points a perfect conversation earns: the score is the
// marks' share of it on 0–100.
export function weightTotal(cs: (Criterion | undefined)[] = []): number {
  return cs.reduce((s, c) => s + (c?.weight ?? 0), 0);
}
