import { describe, expect, it } from 'vitest';
import { isOwnField, namePath } from './formErrors';

describe('namePath', () => {
  it('turns an API location into an antd name path', () => {
    expect(namePath('escalation[1].after')).toEqual(['escalation', 1, 'after']);
    expect(namePath('name')).toEqual(['name']);
  });
});

describe('isOwnField', () => {
  const values = { name: '', criteria: [{ key: 'a', weight: 0 }], weights: { csat: 10 } };
  it('keeps locations whose first segment is one of the form values', () => {
    expect(isOwnField(values, 'name')).toBe(true);
    expect(isOwnField(values, 'criteria[0].weight')).toBe(true);
    expect(isOwnField(values, 'weights.csat')).toBe(true);
  });
  it('drops locations the form does not show, and inherited names', () => {
    expect(isOwnField(values, 'complaint_ceiling')).toBe(false);
    expect(isOwnField(values, 'events')).toBe(false);
    expect(isOwnField(values, '')).toBe(false);
    expect(isOwnField(values, 'toString')).toBe(false);
  });
});
