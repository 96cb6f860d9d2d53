import { describe, expect, it } from 'vitest';
import { codeColor, fromEvents, groupEvents, toEvents, type EventType } from './webhookEvents';

const cat: EventType[] = [
  { type: 'ticket.created', group: 'ticket', description: '' },
  { type: 'ticket.resolved', group: 'ticket', description: '' },
  { type: 'sla.breached', group: 'sla', description: '' },
  { type: 'callback.recorded', group: 'callback', description: '' },
  { type: 'sla.warning', group: 'sla', description: '' },
];

describe('webhook event checklist', () => {
  it('groups in catalogue order', () => {
    const g = groupEvents(cat);
    expect(g.map((x) => x.group)).toEqual(['ticket', 'sla', 'callback']);
    expect(g[1].types.map((t) => t.type)).toEqual(['sla.breached', 'sla.warning']);
  });
  it('sends "*" for all, else the picked types in catalogue order', () => {
    expect(toEvents(true, ['ticket.created'], cat)).toEqual(['*']);
    expect(toEvents(false, ['sla.warning', 'ticket.created', 'unknown'], cat)).toEqual(['ticket.created', 'sla.warning']);
  });
  it('reads a subscription back into the form', () => {
    expect(fromEvents(['*'])).toEqual({ all: true, picked: [] });
    expect(fromEvents(['ticket.created'])).toEqual({ all: false, picked: ['ticket.created'] });
  });
  it('colours response codes', () => {
    expect(codeColor(204)).toBe('green');
    expect(codeColor(0)).toBe('red');
    expect(codeColor(undefined)).toBe('red');
    expect(codeColor(503)).toBe('red');
    expect(codeColor(404)).toBe('orange');
  });
});
