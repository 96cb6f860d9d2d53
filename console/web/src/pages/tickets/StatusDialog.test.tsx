import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LocaleProvider } from '../../i18n';
import type { Ticket } from './labels';

const server = vi.hoisted(() => ({ calls: [] as unknown[], answers: [] as Array<() => unknown> }));
vi.mock('../../auth/session', () => ({ useSession: () => ({ can: (p: string) => p === 'callbacks:waive' }) }));
vi.mock('../../api/client', async (orig) => {
  const real = await orig<typeof import('../../api/client')>();
  return {
    ...real,
    api: { POST: (_path: string, init: { body: unknown }) => { server.calls.push(init.body); return Promise.resolve(server.answers.shift()!()); } },
    unwrap: (p: Promise<unknown>) => p,
  };
});

import { ApiError } from '../../api/client';
import { StatusDialog } from './StatusDialog';

const ticket = { id: 'tkt_1', status: 'resolved' } as Ticket;

describe('StatusDialog', () => {
  beforeEach(() => {
    server.calls = [];
    server.answers = [];
  });
  it('closing with a callback pending offers the waiver, which needs a reason and then closes', async () => {
    const done = vi.fn();
    server.answers.push(() => { throw new ApiError(409, { title: 'Conflict', detail: 'a callback is pending' }); });
    server.answers.push(() => ({ ...ticket, status: 'closed' }));
    render(<LocaleProvider initial="en"><App><StatusDialog move="closed" ticket={ticket} onClose={() => {}} onDone={done} /></App></LocaleProvider>);
    fireEvent.click(await screen.findByTestId('status-ok'));
    await screen.findByTestId('status-waive');
    expect(screen.getByTestId('problem').textContent).toContain('A callback is still pending');
    expect(done).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('status-waive'));
    await waitFor(() => expect((screen.getByTestId('status-waive') as HTMLInputElement).checked).toBe(true));
    fireEvent.click(screen.getByTestId('status-ok'));
    await screen.findByText('Required');
    expect(server.calls).toHaveLength(1); // no reason, nothing sent

    fireEvent.change(screen.getByTestId('status-note'), { target: { value: '客户已出国，无法联系' } });
    fireEvent.click(screen.getByTestId('status-ok'));
    await waitFor(() => expect(done).toHaveBeenCalledWith(expect.objectContaining({ status: 'closed' })));
    expect(server.calls[1]).toEqual({ status: 'closed', note: '客户已出国，无法联系', waive_callback: true });
  });
});
