// Integrations: the demo director creates an API key in the console, the
// key shown once calls the API, and revoking it in the console shuts it out.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, login, openBrowser, pageApi, pickOption, startKefu, suite, type Kefu, type Session } from './harness';

const env = suite({ login: true });

const nav = (page: Page, label: string) => page.getByTestId('nav').getByText(label, { exact: true }).click();

describe('API keys', () => {
  const name = 'HIS 对接';
  let key = '';

  // callWithKey calls the API from outside the console, as an integrator would.
  const callWithKey = async (path: string) => (await fetch(`${env.kefu.url}${path}`, { headers: { Authorization: `Bearer ${key}` } })).status;

  it('creates a key and shows it once', async () => {
    const { page } = env.b;
    await nav(page, 'API 密钥');
    await page.getByTestId('key-table').waitFor();
    await page.getByTestId('key-add').click();
    await page.getByTestId('key-name').fill(name);
    await pickOption(page, page.getByTestId('key-role'), '主管/班长');
    await page.locator('#key-create-ok').click();
    const secret = page.getByTestId('key-secret');
    await secret.waitFor();
    key = ((await secret.textContent()) ?? '').trim();
    expect(key).toMatch(/^kf_live_[0-9A-Za-z]{38}$/);
    await env.b.screenshot('integrations-api-key-shown-once');
    await page.getByTestId('key-done').click();
    const row = page.getByTestId('key-table').locator('tr', { hasText: name });
    await row.getByText('有效').waitFor();
    // The list shows only the hint, never the secret.
    expect(await page.getByTestId('key-table').textContent()).not.toContain(key);
    expect(await row.textContent()).toContain(`kf_live_...${key.slice(-4)}`);
  });

  it('the key calls the API with its role', async () => {
    expect(await callWithKey('/v1/tickets')).toBe(200);
    expect(await callWithKey('/v1/api-keys')).toBe(403); // a supervisor may not manage keys
    const keys = await pageApi<{ items: { name: string; last_used_at?: string }[] }>(env.b.page, '/v1/api-keys');
    expect(keys.items.find((k) => k.name === name)?.last_used_at).toBeTruthy();
  });

  it('revoking in the console makes the key answer 401', async () => {
    const { page } = env.b;
    const row = page.getByTestId('key-table').locator('tr', { hasText: name });
    await page.getByTestId(`key-revoke-${name}`).click();
    await page.locator('.ant-popconfirm:visible .ant-btn-dangerous').click();
    await row.getByText('已吊销').waitFor();
    expect(await callWithKey('/v1/tickets')).toBe(401);
    await env.b.screenshot('integrations-api-key-revoked');
    expect(env.b.errors).toEqual([]);
  });
});

// Webhooks: an integrator's receiver on loopback (Kefu started with
// --webhook-allow-private), an endpoint created in the console, a ticket
// created through the API, the signed delivery verified by the receiver and
// seen succeeding in the console's delivery log. Its own server, so the
// operator switch does not touch the API-keys suite.
describe('Webhooks', () => {
  interface Received { type: string; eventId: string; body: string; verified: boolean }
  const received: Received[] = [];
  let secret = '';
  let receiver: Server;
  let receiverURL = '';
  let kefu: Kefu;
  let b: Session;

  // verify is what the README tells integrators to write.
  const verify = (header: string, body: string) => {
    const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
    const mac = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
    return mac === parts.v1 && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
  };
  const waitFor = async (what: string, cond: () => boolean) => {
    const deadline = Date.now() + 30_000;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({
          type: String(req.headers['kefu-event-type']), eventId: String(req.headers['kefu-event-id']), body,
          verified: verify(String(req.headers['kefu-signature'] ?? ''), body),
        });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    receiverURL = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/kefu-hook`;
    kefu = await startKefu(['--webhook-allow-private']);
    b = await openBrowser();
    await login(b.page, kefu.url, demo);
  });
  afterAll(async () => {
    await b?.close();
    await kefu?.stop();
    receiver?.close();
  });

  it('creates an endpoint in the console and shows its secret once', async () => {
    const { page } = b;
    await nav(page, 'Webhooks');
    await page.getByTestId('webhook-table').waitFor();
    await page.getByTestId('webhook-add').click();
    await page.getByTestId('webhook-url').fill(receiverURL);
    await page.getByTestId('webhook-description').fill('物业 App 工单同步');
    await page.getByTestId('webhook-event-ticket.created').click();
    await page.getByTestId('webhook-event-ticket.resolved').click();
    await page.locator('#webhook-save').click();
    const shown = page.getByTestId('webhook-secret');
    await shown.waitFor();
    secret = ((await shown.textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_[a-z2-7]{52}$/);
    await page.getByTestId('webhook-form').waitFor({ state: 'hidden' });
    await b.screenshot('integrations-webhook-secret-shown-once');
    await page.getByTestId('webhook-secret-done').click();
    const row = page.getByTestId('webhook-table').locator('tr', { hasText: receiverURL });
    await row.getByText('工单创建').waitFor();
    await row.getByText('启用').first().waitFor();
    expect(await page.getByTestId('webhook-table').textContent()).not.toContain(secret);
  });

  it('delivers a ticket created through the API, signed, and logs it', async () => {
    const token = (await (await fetch(`${kefu.url}/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant: demo.tenant, email: demo.email, password: demo.password }),
    })).json()).token as string;
    const r = await fetch(`${kefu.url}/v1/tickets`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'request', channel: 'api', subject: '3 号楼电梯困人' }),
    });
    expect(r.status).toBe(201);
    const ticket = await r.json();
    const mine = () => received.find((x) => x.type === 'ticket.created' && JSON.parse(x.body).data.ticket.id === ticket.id);
    await waitFor('the ticket.created delivery', () => !!mine());
    const got = mine()!;
    expect(got.verified).toBe(true);
    expect(JSON.parse(got.body).data.ticket.number).toBe(ticket.number);

    const { page } = b;
    const row = page.getByTestId('webhook-table').locator('tr', { hasText: receiverURL });
    await row.getByTestId('webhook-log').click();
    const log = page.getByTestId('delivery-table');
    await log.waitFor();
    // The relay may still be on its way when the drawer opens: refresh until
    // the delivery shows.
    const delivered = log.locator('tr', { hasText: 'ticket.created' }).filter({ hasText: '成功' }).first();
    for (let i = 0; i < 30 && !(await delivered.isVisible()); i++) {
      await page.getByTestId('delivery-refresh').click();
      await page.waitForTimeout(500);
    }
    await delivered.waitFor();
    await delivered.locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('webhook-attempts').getByText('200').first().waitFor();
    await b.screenshot('integrations-webhook-delivery-log');

    // Redelivery sends the same event again, signed afresh.
    const before = received.filter((x) => x.eventId === got.eventId).length;
    await delivered.getByTestId('delivery-redeliver').click();
    await waitFor('the redelivery', () => received.filter((x) => x.eventId === got.eventId).length === before + 1);
    expect(received.filter((x) => x.eventId === got.eventId).every((x) => x.verified)).toBe(true);

    // A test sends a ping.
    await page.keyboard.press('Escape');
    await row.getByTestId('webhook-test').click();
    await waitFor('the ping', () => received.some((x) => x.type === 'ping'));
    expect(received.find((x) => x.type === 'ping')!.verified).toBe(true);
    expect(b.errors).toEqual([]);
  });
});
