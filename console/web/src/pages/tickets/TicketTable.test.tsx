import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { LocaleProvider } from '../../i18n';
import { TicketTable } from './TicketTable';
import { buildDirectory } from './directory';
import type { Ticket } from './labels';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const ticket = (over: Partial<Ticket>): Ticket => ({
  id: 'tkt_1', number: 'T-2026-000001', type: 'complaint', channel: 'phone', subject: '电梯停运', priority: 'urgent', severity: 'normal',
  status: 'open', escalation_level: 0, reopen_count: 0, created_at: inMinutes(-60), updated_at: inMinutes(-5),
  sla: { breached: false, paused: false, first_response_due_at: inMinutes(192.5), resolution_due_at: inMinutes(600) },
  ...over,
});

describe('TicketTable', () => {
  it('shows each ticket with labels, assignee and its running SLA clock', () => {
    const dir = buildDirectory([], [{ id: 'u1', name: '赵客服', email: 'a@b', status: 'active', roles: [], all_roles: [], created_at: '', updated_at: '' }], 'zh-CN');
    render(
      <LocaleProvider initial="zh-CN">
        <MemoryRouter>
          <TicketTable
            loading={false}
            dir={dir}
            items={[
              ticket({ assignee_id: 'u1' }),
              ticket({ id: 'tkt_2', number: 'T-2026-000002', status: 'new', severity: 'major', sla: { breached: true, paused: false, first_response_due_at: inMinutes(-25.5) } }),
            ]}
          />
        </MemoryRouter>
      </LocaleProvider>,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const first = within(rows[0]);
    expect(first.getByText('T-2026-000001').getAttribute('href')).toBe('/tickets/tkt_1');
    expect(first.getByText('处理中')).toBeTruthy();
    expect(first.getByText('赵客服')).toBeTruthy();
    expect(first.getByTestId('sla-first_response').textContent).toContain('剩余 3小时12分');
    const second = within(rows[1]);
    expect(second.getByText('未指派')).toBeTruthy();
    expect(second.getByTestId('sla-first_response').getAttribute('data-state')).toBe('breached');
    expect(second.getByTestId('sla-first_response').textContent).toContain('已超时 25分');
  });
});
