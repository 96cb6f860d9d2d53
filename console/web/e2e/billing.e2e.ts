// Billing: on a server with Stripe configured (pointed at stripe-mock), an
// organization that signed up on the Team plan sees its plan, trial and
// usage; upgrading leads to a Stripe Checkout URL (the navigation is
// intercepted, nothing leaves the machine); a signed payment-failed webhook
// puts the past-due banner on every page. On a server without Stripe (the
// default) the menu has no billing entry.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, login, openBrowser, startKefu, type Kefu, type Session } from './harness';

const webhookSecret = 'whsec_kefu_e2e';

// stripeMockBinary finds stripe-mock where `go install` puts it.
function stripeMockBinary(): string {
  const dirs = (process.env.PATH ?? '').split(':');
  if (process.env.GOBIN) dirs.push(process.env.GOBIN);
  try {
    dirs.push(join(execFileSync('go', ['env', 'GOPATH']).toString().trim(), 'bin'));
  } catch {
    // no Go toolchain on PATH: only PATH and GOBIN count
  }
  for (const d of dirs) {
    const p = join(d, 'stripe-mock');
    if (d && existsSync(p)) return p;
  }
  throw new Error('stripe-mock is not installed: run `go install github.com/stripe/stripe-mock@v0.203.0` (or `go tool task stripe-mock`)');
}

// startStripeMock runs Stripe's API mock on free loopback ports.
async function startStripeMock(): Promise<{ url: string; stop: () => void }> {
  const proc: ChildProcess = spawn(stripeMockBinary(), ['-http-addr', '127.0.0.1:', '-https-addr', '127.0.0.1:'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`stripe-mock did not start:\n${out}`)), 60_000);
    proc.stdout?.on('data', (d) => {
      out += d;
      const m = /Listening for HTTP at address: (\S+)\r?\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(`http://${m[1]}`);
      }
    });
    proc.once('exit', (code) => fail(new Error(`stripe-mock exited with ${code}:\n${out}`)));
  });
  return { url, stop: () => proc.kill('SIGKILL') };
}

// signedWebhook posts a Stripe event signed as Stripe signs (t.body, HMAC-SHA256).
async function signedWebhook(url: string, event: object): Promise<Response> {
  const body = JSON.stringify(event);
  const t = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', webhookSecret).update(`${t}.${body}`).digest('hex');
  return fetch(`${url}/v1/billing/stripe-webhook`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${t},v1=${sig}` }, body,
  });
}

describe('billing with Stripe', () => {
  let stripe: { url: string; stop: () => void };
  let kefu: Kefu;
  let b: Session;
  const org = { tenant: 'billing-e2e', email: 'director@billing-e2e.test', password: 'billing-e2e-2026' };
  let tenantID = '';

  beforeAll(async () => {
    stripe = await startStripeMock();
    kefu = await startKefu(['--stripe-secret-key', 'sk_test_kefuE2e', '--stripe-webhook-secret', webhookSecret, '--stripe-api-url', stripe.url]);
    b = await openBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await kefu?.stop();
    stripe?.stop();
  });

  it('signs up on the Team plan and gets a Checkout link', async () => {
    const r = await fetch(`${kefu.url}/v1/signup`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ organization: '计费测试客服中心', slug: org.tenant, industry: 'generic', admin_email: org.email, admin_password: org.password, plan: 'team' }),
    });
    expect(r.status).toBe(201);
    const body = await r.json();
    expect(body.checkout_url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(body.tenant.status).toBe('trialing');
    tenantID = body.tenant.id;
  });

  it('shows plan, trial and usage, and upgrading redirects to Checkout', async () => {
    const { page } = b;
    await login(page, kefu.url, org);
    await page.getByTestId('nav').getByText('订阅与用量', { exact: true }).click();
    await page.getByTestId('billing-plan').getByText('团队版').waitFor();
    expect(await page.getByTestId('billing-status').textContent()).toBe('试用中');
    expect(await page.getByTestId('billing-current').textContent()).toContain('试用截止');
    expect(await page.getByTestId('usage-seats-text').textContent()).toBe('1 / 10');
    expect(await page.getByTestId('usage-tickets-text').textContent()).toBe('0 / 5000');
    await page.getByTestId('plan-business').waitFor();
    await b.screenshot('billing-page');

    // Stripe Checkout is answered here: the test never leaves the machine.
    let checkout = '';
    await page.route('https://checkout.stripe.com/**', (route) => {
      checkout = route.request().url();
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Checkout</title><h1>Stripe Checkout</h1>' });
    });
    await page.getByTestId('plan-choose-business').click();
    await page.waitForURL(/^https:\/\/checkout\.stripe\.com\//);
    expect(checkout).toMatch(/^https:\/\/checkout\.stripe\.com\/.+/);
  });

  it('pages whose writes need a feature the plan lacks say so', async () => {
    const { page } = b;
    // Team has API access and webhooks, not custom roles.
    await page.goto(`${kefu.url}/roles`);
    await page.getByTestId('plan-feature-missing').waitFor();
    expect(await page.getByTestId('plan-feature-missing').textContent()).toContain('自定义角色');
    expect(await page.getByTestId('role-add').isDisabled()).toBe(true);
    await page.goto(`${kefu.url}/settings/api-keys`);
    await page.getByTestId('key-table').waitFor();
    await expect.poll(() => page.getByTestId('key-add').isEnabled()).toBe(true);
    expect(await page.getByTestId('plan-feature-missing').count()).toBe(0);
    // The server refuses the write all the same.
    const token = await page.evaluate(() => localStorage.getItem('kefu.token'));
    const r = await fetch(`${kefu.url}/v1/roles`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'night_lead', parent: 'supervisor', permissions: ['tickets:assign'] }),
    });
    expect(r.status).toBe(402);
  });

  it('a failed payment puts the past-due banner up', async () => {
    const { page } = b;
    const r = await signedWebhook(kefu.url, {
      id: 'evt_e2e_payment_failed', object: 'event', api_version: '2023-10-16', created: Math.floor(Date.now() / 1000), type: 'invoice.payment_failed',
      livemode: false, pending_webhooks: 1, request: { id: null },
      data: { object: { id: 'in_e2e', object: 'invoice', subscription: 'sub_e2e', subscription_details: { metadata: { kefu_tenant_id: tenantID } } } },
    });
    expect(r.status).toBe(200);
    // A forged one is refused.
    const forged = await fetch(`${kefu.url}/v1/billing/stripe-webhook`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${Math.floor(Date.now() / 1000)},v1=00` }, body: '{}',
    });
    expect(forged.status).toBe(400);
    // The workers apply the event in the background; the banner follows.
    for (let i = 0; ; i++) {
      await page.goto(`${kefu.url}/settings/billing`);
      await page.getByTestId('billing-plan').waitFor();
      if (await page.getByTestId('billing-banner').count()) break;
      if (i > 40) throw new Error('no past-due banner');
      await page.waitForTimeout(250);
    }
    expect(await page.getByTestId('billing-banner').textContent()).toContain('付款失败');
    expect(await page.getByTestId('billing-status').textContent()).toBe('付款逾期');
    await b.screenshot('billing-past-due');
    expect(b.errors).toEqual([]);
  });
});

describe('billing off (no Stripe key)', () => {
  let kefu: Kefu;
  let b: Session;
  beforeAll(async () => {
    kefu = await startKefu();
    b = await openBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await kefu?.stop();
  });

  it('has no billing entry in the menu', async () => {
    const { page } = b;
    // The menu asks the server whether it bills; wait for that answer.
    const plans = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/plans');
    await login(page, kefu.url, demo);
    expect((await (await plans).json()).enabled).toBe(false);
    await page.getByTestId('nav').getByText('工单分类', { exact: true }).waitFor();
    expect(await page.getByTestId('nav').getByText('订阅与用量').count()).toBe(0);
    expect(await page.getByTestId('billing-banner').count()).toBe(0);
    expect(b.errors).toEqual([]);
  });
});
