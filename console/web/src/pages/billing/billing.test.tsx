import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LocaleProvider } from '../../i18n';
import { BillingBanner } from './BillingBanner';
import { formatPrice, usagePercent } from './billingState';

const session = vi.hoisted(() => ({ me: null as unknown, perms: [] as string[] }));
vi.mock('../../auth/session', () => ({
  useSession: () => ({ me: session.me, can: (p: string) => session.perms.includes(p) }),
}));

const me = (status: string, extra: Record<string, unknown> = {}) => ({ tenant: { status, ...extra }, read_only: false });

function banner() {
  return render(<LocaleProvider initial="en"><MemoryRouter><BillingBanner /></MemoryRouter></LocaleProvider>);
}

describe('usage and prices', () => {
  it('computes the share of a limit, unlimited as 0', () => {
    expect(usagePercent(4, 5)).toBe(80);
    expect(usagePercent(7, 5)).toBe(100);
    expect(usagePercent(12, 0)).toBe(0);
  });
  it('shows minor units as money', () => {
    expect(formatPrice(49900, 'cny', 'en')).toBe('CN¥499');
  });
});

describe('billing banner', () => {
  beforeEach(() => {
    session.perms = ['billing:read'];
  });
  it('says nothing while the subscription is in order', () => {
    session.me = me('active');
    banner();
    expect(screen.queryByTestId('billing-banner')).toBeNull();
  });
  it('warns while past due, with a link to pay for those who manage billing', () => {
    session.me = me('past_due');
    banner();
    expect(screen.getByTestId('billing-banner').textContent).toContain('payment failed');
    expect(screen.getByRole('link').getAttribute('href')).toBe('/settings/billing');
  });
  it('tells an agent the organization is read-only, without the link', () => {
    session.me = { ...me('suspended', { suspended_by: 'billing' }), read_only: true };
    session.perms = [];
    banner();
    expect(screen.getByTestId('billing-banner').textContent).toContain('read-only');
    expect(screen.queryByRole('link')).toBeNull();
  });
  it('leaves an operator suspension to the generic read-only notice', () => {
    session.me = { ...me('suspended', { suspended_by: 'operator' }), read_only: true };
    banner();
    expect(screen.queryByTestId('billing-banner')).toBeNull();
    expect(screen.getByText(/read-only/)).toBeTruthy();
  });
});
