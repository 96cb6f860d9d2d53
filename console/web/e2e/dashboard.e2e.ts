// The operations board: figures come from the reports API and follow new
// tickets; changing the unit filter narrows them.
import { describe, expect, it } from 'vitest';
import { demo, login, suite } from './harness';


async function apiToken(): Promise<string> {
  const r = await fetch(`${env.kefu.url}/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(demo) });
  expect(r.status).toBe(200);
  return (await r.json()).token;
}

async function kpi(name: string): Promise<string> {
  const el = env.b.page.getByTestId(`kpi-${name}`).locator('.ant-statistic-content-value');
  await el.waitFor();
  return (await el.textContent()) ?? '';
}

const env = suite();

describe('dashboard', () => {
  it('shows the period figures and charts, and counts a new ticket', async () => {
    const { page } = env.b;
    await login(page, env.kefu.url);
    await page.getByTestId('dashboard').waitFor();
    await page.getByTestId('chart-by-day').locator('canvas').waitFor();
    await page.waitForFunction(() => !document.querySelector('.ant-card-loading-content'));
    const before = Number(await kpi('created'));
    expect(Number.isInteger(before)).toBe(true);

    const token = await apiToken();
    const r = await fetch(`${env.kefu.url}/v1/tickets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'complaint', channel: 'wechat', subject: '电梯故障投诉', severity: 'major' }),
    });
    expect(r.status).toBe(201);

    await page.reload();
    await page.getByTestId('dashboard').waitFor();
    await expect.poll(async () => Number(await kpi('created'))).toBe(before + 1);
    expect(Number(await kpi('major'))).toBeGreaterThanOrEqual(1);
    await page.getByTestId('chart-by-channel').locator('canvas').waitFor();
    await env.b.screenshot('dashboard-01');
  });

  it('narrows to one unit', async () => {
    const { page } = env.b;
    // A unit of its own, with no tickets: its figures must drop to zero.
    const token = await apiToken();
    const auth = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
    const units = await (await fetch(`${env.kefu.url}/v1/org-units?limit=200`, { headers: auth })).json();
    const root = units.items.find((u: { parent_id?: string }) => !u.parent_id);
    const r = await fetch(`${env.kefu.url}/v1/org-units`, { method: 'POST', headers: auth, body: JSON.stringify({ name: '看板测试组', kind: 'group', parent_id: root.id }) });
    expect(r.status).toBe(201);
    await page.reload();
    await page.getByTestId('dashboard').waitFor();
    await page.getByTestId('dash-unit').click();
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '看板测试组' }).click();
    await page.waitForFunction(() => !document.querySelector('.ant-card-loading-content'));
    await expect.poll(async () => Number(await kpi('created'))).toBe(0);
    await env.b.screenshot('dashboard-02-unit');
  });

  it('logged no console errors', () => {
    expect(env.b.errors).toEqual([]);
  });
});
