import type { Schemas } from '../../api/client';
import { isoToSeconds, secondsToIso } from './duration';

// The SLA editor's form holds durations as seconds and coverage as percent;
// these functions convert to and from the API's ISO durations and fractions.
export type Policy = Schemas['PolicyView'];
export const TYPES = ['inquiry', 'complaint', 'suggestion', 'request', 'praise'];
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
export const TIERS = ['key_account', 'vip', 'member', 'regular'];
export const LADDER = ['supervisor', 'manager', 'director', 'center_head'];

export interface Step { after: number; to: string }
export interface PolicyForm {
  name: string;
  enabled: boolean;
  rank: number;
  calendar_id: string;
  types: string[];
  priorities: string[];
  tiers: string[];
  first_response: number;
  resolution: number;
  warn_at_percent: number;
  escalation: Step[];
  cb_within: number;
  cb_business_time: boolean;
  cb_coverage: Record<string, number>;
  cb_max_attempts?: number | null;
  cb_spacing: number;
  cb_position_id?: string;
}

const pct = (f: number) => Math.round(f * 1000) / 10;

// A new policy starts where the handbooks do: answer within 2 hours, solve
// within a working day, callbacks within 3 days, members and up all called.
export function newPolicyForm(calendarId: string, rank: number): PolicyForm {
  return {
    name: '', enabled: true, rank, calendar_id: calendarId, types: [], priorities: [], tiers: [],
    first_response: 2 * 3600, resolution: 9 * 3600, warn_at_percent: 80,
    escalation: [{ after: 0, to: 'supervisor' }],
    cb_within: 3 * 86400, cb_business_time: false,
    cb_coverage: { key_account: 100, vip: 100, member: 100, regular: 20 },
    cb_max_attempts: 3, cb_spacing: 2 * 3600,
  };
}

export function policyToForm(p: Policy): PolicyForm {
  const cb = p.callback ?? {};
  return {
    name: p.name, enabled: p.enabled, rank: p.rank, calendar_id: p.calendar_id,
    types: p.match?.types ?? [], priorities: p.match?.priorities ?? [], tiers: p.match?.tiers ?? [],
    first_response: isoToSeconds(p.first_response) ?? 0,
    resolution: isoToSeconds(p.resolution) ?? 0,
    warn_at_percent: p.warn_at_percent,
    escalation: (p.escalation ?? []).map((s) => ({ after: isoToSeconds(s.after) ?? 0, to: s.to })),
    cb_within: cb.within_seconds ?? 0,
    cb_business_time: !!cb.business_time,
    cb_coverage: Object.fromEntries(TIERS.map((tier) => [tier, pct(cb.coverage?.[tier] ?? 0)])),
    cb_max_attempts: cb.max_attempts ?? null,
    cb_spacing: cb.spacing_seconds ?? 0,
    cb_position_id: cb.position_id,
  };
}

// formToPolicy writes every field, so an edit replaces the whole policy;
// empty match lists mean "any" and are sent as empty.
export function formToPolicy(f: PolicyForm): Schemas['PolicyFields'] {
  const callback: Schemas['CallbackPolicy'] = {
    within_seconds: f.cb_within,
    business_time: f.cb_business_time,
    coverage: Object.fromEntries(TIERS.map((tier) => [tier, Math.min(100, Math.max(0, f.cb_coverage?.[tier] ?? 0)) / 100])),
    ...(f.cb_max_attempts ? { max_attempts: f.cb_max_attempts } : {}),
    ...(f.cb_spacing ? { spacing_seconds: f.cb_spacing } : {}),
    ...(f.cb_position_id ? { position_id: f.cb_position_id } : {}),
  };
  return {
    name: f.name.trim(), enabled: f.enabled, rank: f.rank, calendar_id: f.calendar_id,
    match: { types: f.types, priorities: f.priorities, tiers: f.tiers },
    first_response: secondsToIso(f.first_response),
    resolution: secondsToIso(f.resolution),
    warn_at_percent: f.warn_at_percent,
    escalation: f.escalation.map((s) => ({ after: secondsToIso(s.after), to: s.to })),
    callback,
  };
}

// suggestRank places a new policy just before the first catch-all policy
// (one matching every ticket), which would otherwise shadow it.
export function suggestRank(policies: Pick<Policy, 'rank' | 'match'>[]): number {
  const isCatchAll = (p: Pick<Policy, 'match'>) => !p.match?.types?.length && !p.match?.priorities?.length && !p.match?.tiers?.length;
  const catchAll = policies.filter(isCatchAll).map((p) => p.rank);
  if (catchAll.length) return Math.max(0, Math.min(...catchAll) - 5);
  return policies.reduce((m, p) => Math.max(m, p.rank), 0) + 10;
}
