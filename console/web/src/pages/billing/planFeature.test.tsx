import { render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocaleProvider } from '../../i18n';

const server = vi.hoisted(() => ({ enabled: true, features: [] as string[], billingStatus: 200 }));
vi.mock('./billingState', () => ({ billingEnabled: () => Promise.resolve(server.enabled) }));
vi.mock('../../api/client', () => ({
  api: { GET: () => Promise.resolve({ response: { status: server.billingStatus } }) },
  unwrap: (p: Promise<{ response: { status: number } }>) =>
    p.then((r) => (r.response.status === 200 ? { plan: { features: server.features } } : Promise.reject(new Error(String(r.response.status))))),
}));

import { PlanFeatureNotice, usePlanFeature } from './PlanFeature';

function Page({ feature }: { feature: string }) {
  const included = usePlanFeature(feature);
  return <><PlanFeatureNotice feature={feature} included={included} /><button disabled={!included}>add</button></>;
}

const show = (feature: string) =>
  render(<LocaleProvider initial="en"><MemoryRouter><Page feature={feature} /></MemoryRouter></LocaleProvider>);

describe('plan features', () => {
  afterEach(() => {
    server.enabled = true;
    server.features = [];
    server.billingStatus = 200;
  });
  it('a plan without the feature says so and disables the action', async () => {
    server.features = ['callbacks'];
    show('custom_roles');
    await screen.findByTestId('plan-feature-missing');
    expect(screen.getByTestId('plan-feature-missing').textContent).toContain('Custom roles');
    expect(screen.getByRole('link', { name: 'See plans' }).getAttribute('href')).toBe('/settings/billing');
    expect((screen.getByRole('button', { name: 'add' }) as HTMLButtonElement).disabled).toBe(true);
  });
  it('a plan with it, a server without billing, or an unreadable plan leave the page alone', async () => {
    for (const setup of [
      () => { server.features = ['custom_roles']; },
      () => { server.enabled = false; },
      () => { server.billingStatus = 403; },
    ]) {
      setup();
      const { unmount } = show('custom_roles');
      await waitFor(() => expect((screen.getByRole('button', { name: 'add' }) as HTMLButtonElement).disabled).toBe(false));
      await new Promise((r) => setTimeout(r, 20));
      expect(screen.queryByTestId('plan-feature-missing')).toBeNull();
      unmount();
    }
  });
});
