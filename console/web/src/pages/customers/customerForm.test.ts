import { describe, expect, it } from 'vitest';
import { fromForm, quietText, toForm } from './customerForm';
import type { Schemas } from '../../api/client';

const customer: Schemas['CustomerView'] = {
  id: 'cus_1', name: '李先生', phone: '13800000000', tier: 'vip', timezone: 'Asia/Shanghai', contacts: [],
  quiet_hours: [{ start: '22:00', end: '07:30' }], attributes: { room: '3-2-801', floors: 2 },
  created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
};

describe('customer form mapping', () => {
  it('round-trips quiet hours (overnight too) and attributes', () => {
    const v = toForm(customer, 'UTC');
    expect(v.quiet[0].range?.map((d) => d.format('HH:mm'))).toEqual(['22:00', '07:30']);
    expect(v.attrs).toEqual([{ key: 'room', value: '3-2-801' }, { key: 'floors', value: '2' }]);
    const body = fromForm(v);
    expect(body.quiet_hours).toEqual([{ start: '22:00', end: '07:30' }]);
    expect(body.attributes).toEqual({ room: '3-2-801', floors: '2' });
    expect(body.tier).toBe('vip');
  });

  it('starts a new customer in the tenant time zone and drops blank rows', () => {
    const v = toForm(undefined, 'Asia/Shanghai');
    expect(v).toMatchObject({ tier: 'regular', timezone: 'Asia/Shanghai', quiet: [], attrs: [] });
    const body = fromForm({ ...v, name: '  王女士 ', attrs: [{ key: ' ', value: 'x' }, { key: '房号', value: undefined }], quiet: [{}] });
    expect(body.name).toBe('王女士');
    expect(body.attributes).toEqual({ 房号: '' });
    expect(body.quiet_hours).toEqual([]);
    // Cleared text fields are sent empty so an edit can clear them.
    expect(body.phone).toBe('');
  });

  it('lists quiet hours for a table cell', () => {
    expect(quietText([{ start: '12:00', end: '14:00' }, { start: '22:00', end: '07:00' }])).toBe('12:00–14:00, 22:00–07:00');
    expect(quietText(null)).toBe('');
  });
});
