import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import integrations from '../../i18n/messages/integrations';
import { toCreateBody } from './ApiKeys';

describe('API key form', () => {
  it('sends the expiry as an instant, or leaves it out', () => {
    expect(toCreateBody({ name: '  HIS 对接 ', role: 'agent', mode: 'live', expires_at: null }))
      .toEqual({ name: 'HIS 对接', role: 'agent', mode: 'live' });
    const at = dayjs('2027-01-01T08:00:00+08:00');
    expect(toCreateBody({ name: 'x', role: 'viewer', mode: 'test', expires_at: at }).expires_at).toBe('2027-01-01T00:00:00.000Z');
  });

  it('has every string in both languages', () => {
    expect(Object.keys(integrations.en).sort()).toEqual(Object.keys(integrations['zh-CN']).sort());
  });
});
