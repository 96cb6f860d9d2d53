import { describe, expect, it } from 'vitest';
import { newScorecardForm, scorecardBody, scorecardPatch, scorecardToForm, weightTotal, type Scorecard } from './scorecardForm';

const card: Scorecard = {
  id: 'scd_1', name: '通话质检', description: '', is_default: true, samples_per_week: 5, extra_samples: 3, target_score: 85,
  criteria: [
    { key: 'greeting', label: '开场问候', weight: 10 },
    { key: 'compliance', label: '合规', label_en: 'Compliance', weight: 0, critical: true },
  ],
  created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z',
};

describe('scorecardPatch', () => {
  it('sends nothing when nothing changed', () => {
    expect(scorecardPatch(card, scorecardToForm(card))).toEqual({});
  });
  it('leaves the criteria out when only the sampling changed', () => {
    const f = { ...scorecardToForm(card), samples_per_week: 8, name: ' 通话质检 ' };
    expect(scorecardPatch(card, f)).toEqual({ samples_per_week: 8 });
  });
  it('sends all criteria when one changed, trimmed and without empty extras', () => {
    const f = scorecardToForm(card);
    f.criteria[0] = { ...f.criteria[0], weight: 20, label: ' 问候 ' };
    expect(scorecardPatch(card, f).criteria).toEqual([
      { key: 'greeting', label: '问候', weight: 20 },
      { key: 'compliance', label: '合规', label_en: 'Compliance', weight: 0, critical: true },
    ]);
  });
  it('makes a card the default but never sends is_default false', () => {
    const other = { ...card, is_default: false };
    expect(scorecardPatch(other, { ...scorecardToForm(other), is_default: true })).toEqual({ is_default: true });
    expect(scorecardPatch(card, { ...scorecardToForm(card), is_default: false })).toEqual({});
  });
});

describe('scorecard forms', () => {
  it('copies a scorecard as a new, non-default one', () => {
    const f = newScorecardForm(card, '通话质检 (副本)');
    expect(f.name).toBe('通话质检 (副本)');
    expect(f.is_default).toBe(false);
    expect(scorecardBody(f).criteria).toHaveLength(2);
  });
  it('adds up the weights, missing rows as 0', () => {
    expect(weightTotal([{ key: 'a', label: 'A', weight: 30 }, undefined, { key: 'b', label: 'B', weight: 12.5 }])).toBe(42.5);
  });
});
