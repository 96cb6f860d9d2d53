// Org chart (组织架构): the demo director adds a unit and a position, staffs
// it (and past its quota), sees it on the chart, moves the unit by drag and
// drop in the tree, and exports the chart as JSON; a supervisor sees it all
// read-only.
import { readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demo, login, suite, pageApi, pickOption } from './harness';


const UNIT = '投诉处理组';
const POSITION = '投诉专员';
const ids: { unit?: string; position?: string; target?: string } = {};

const env = suite({ login: true });

const api = pageApi;

const idFrom = async (l: Locator, prefix: string) => ((await l.getAttribute('data-testid')) ?? '').slice(prefix.length);


describe('org chart', () => {
  it('shows the chart with headcount and vacancies', async () => {
    const { page } = env.b;
    await page.getByTestId('nav').getByText('组织架构').click();
    await page.getByTestId('org-canvas').waitFor();
    expect(await page.getByTestId('org-summary').textContent()).toMatch(/编制 \d+ 人/);
    expect(await page.getByTestId('org-canvas').getByText('客户服务中心').isVisible()).toBe(true);
    expect(await page.getByTestId('tag-vacant').count()).toBeGreaterThan(0);
    // The chart opens fitted to the window; zoom steps by 10 % within 50–150 %.
    const zoom = async () => parseInt((await page.getByTestId('zoom-value').textContent()) ?? '', 10);
    const before = await zoom();
    expect(before).toBeGreaterThanOrEqual(50);
    await page.getByTestId('zoom-in').click();
    expect(await zoom()).toBe(before + 10);
    expect(await page.locator('.org-tree').getAttribute('data-zoom')).toBe(String(before + 10));
    await page.getByTestId('zoom-out').click();
    await env.b.screenshot('orgchart-01-chart');
  });

  it('adds a unit under the root', async () => {
    const { page } = env.b;
    await page.getByTestId('tab-editor').click();
    await page.getByTestId('unit-panel').getByText('客户服务中心').waitFor();
    await page.getByTestId('unit-add-child').click();
    await page.getByTestId('unit-name').fill(UNIT);
    await page.getByTestId('unit-save').click();
    const node = page.getByTestId('unit-tree').locator('[data-testid^="tree-unit-"]', { hasText: UNIT });
    await node.waitFor();
    ids.unit = await idFrom(node, 'tree-unit-');
    await page.getByTestId('unit-panel').getByText(UNIT).waitFor();
    const unit = await api<{ parent_id?: string }>(page, `/v1/org-units/${ids.unit}`);
    const roots = await api<{ items: { id: string; name: string }[] }>(page, '/v1/org-chart');
    expect(unit.parent_id).toBe(roots.items[0].id);
  });

  it('adds a position with headcount 1 and assigns a person', async () => {
    const { page } = env.b;
    await page.getByTestId('pos-add').click();
    await page.getByTestId('pos-title').fill(POSITION);
    await page.getByTestId('pos-headcount').fill('1');
    await page.getByTestId('pos-save').click();
    const row = page.locator('[data-testid^="pos-row-"]', { hasText: POSITION });
    await row.waitFor();
    ids.position = await idFrom(row, 'pos-row-');
    expect(await row.getByTestId('pos-count').textContent()).toBe('0/1');

    // 王主管 already has a primary position, so this one is concurrent (兼任).
    await page.getByTestId(`assign-${ids.position}`).click();
    await pickOption(page, page.getByTestId('assign-user'), '王主管');
    await page.getByRole('dialog').getByText('兼任', { exact: true }).click();
    await page.getByTestId('assign-save').click();
    await row.getByText('王主管').waitFor();
    expect(await row.getByTestId('pos-count').textContent()).toBe('1/1');
    await env.b.screenshot('orgchart-02-assigned');
  });

  it('refuses a second person over the quota until told to assign anyway', async () => {
    const { page } = env.b;
    const row = page.getByTestId(`pos-row-${ids.position}`);
    await page.getByTestId(`assign-${ids.position}`).click();
    await pickOption(page, page.getByTestId('assign-user'), '钱客服');
    await page.getByRole('dialog').getByText('兼任', { exact: true }).click();
    await page.getByTestId('assign-save').click();
    await page.getByTestId('assign-over').waitFor();
    expect(await page.getByTestId('assign-over').textContent()).toMatch(/headcount 1/);
    await env.b.screenshot('orgchart-03-over-quota');
    await page.getByTestId('assign-anyway').click();
    await row.getByText('钱客服').waitFor();
    expect(await row.getByTestId('pos-count').textContent()).toBe('2/1');
    expect(await row.getByTestId('tag-over').textContent()).toContain('超编 1');
  });

  it('ends an assignment', async () => {
    const { page } = env.b;
    const row = page.getByTestId(`pos-row-${ids.position}`);
    await row.locator('[data-testid^="holder-"]', { hasText: '钱客服' }).locator('[data-testid^="end-"]').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /离\s*岗/ }).click();
    await row.getByText('钱客服').waitFor({ state: 'detached' });
    expect(await row.getByTestId('pos-count').textContent()).toBe('1/1');
  });

  it('shows the new unit filled on the chart', async () => {
    const { page } = env.b;
    await page.getByTestId('tab-chart').click();
    const box = page.getByTestId(`chart-unit-${ids.unit}`);
    await box.waitFor();
    expect(await box.textContent()).toContain(UNIT);
    expect(await box.getByTestId(`chart-pos-${ids.position}`).getByTestId('pos-count').textContent()).toBe('1/1');
    expect(await box.getByTestId('tag-vacant').count()).toBe(0);
    await box.scrollIntoViewIfNeeded();
    await env.b.screenshot('orgchart-04-chart-filled');
  });

  it('refuses to delete a unit that still has positions, inline', async () => {
    const { page } = env.b;
    await page.getByTestId('tab-editor').click();
    await page.getByTestId(`tree-unit-${ids.unit}`).click();
    await page.getByTestId('unit-delete').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /删\s*除/ }).click();
    await page.getByTestId('unit-panel').getByTestId('problem').waitFor();
    expect(await page.getByTestId('unit-panel').getByTestId('problem').textContent()).toMatch(/positions/);
    expect(await page.getByTestId('unit-delete-move').isVisible()).toBe(true);
  });

  it('moves the unit under 客服部 by dragging it in the tree', async () => {
    const { page } = env.b;
    const tree = page.getByTestId('unit-tree');
    const source = tree.getByTestId(`tree-unit-${ids.unit}`);
    const target = tree.locator('[data-testid^="tree-unit-"]', { hasText: '客服部' });
    ids.target = await idFrom(target, 'tree-unit-');
    const from = await source.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('tree nodes not laid out');
    // A real mouse drag. rc-tree drops *into* a collapsed node when the pointer
    // ends in its lower half and well to the right of where the drag began.
    const start = { x: from.x + 20, y: from.y + from.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 10, start.y - 5, { steps: 4 });
    await page.mouse.move(start.x + 90, to.y + to.height * 0.75, { steps: 12 });
    await page.mouse.up();
    await page.getByText(/已将「投诉处理组」移至「客服部」下/).waitFor();
    const unit = await api<{ parent_id?: string }>(page, `/v1/org-units/${ids.unit}`);
    expect(unit.parent_id).toBe(ids.target);
    await env.b.screenshot('orgchart-05-moved');
  });

  it('exports the org chart as a JSON document', async () => {
    const { page } = env.b;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('org-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^org-chart-\d{8}-\d{4}\.json$/);
    const path = await download.path();
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { units: { key: string; name: string; parent?: string }[]; positions: { title: string; headcount: number }[] };
    const unit = doc.units.find((u) => u.name === UNIT);
    expect(unit?.parent).toBe(ids.target);
    expect(doc.positions.find((p) => p.title === POSITION)?.headcount).toBe(1);
  });

  it('shows import errors from the API inline', async () => {
    const { page } = env.b;
    await page.getByTestId('org-import').click();
    const bad = JSON.stringify({ units: [{ key: 'x', kind: 'bogus', name: '坏单元', parent: 'nowhere' }], positions: [] });
    await page.locator('input[type=file]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    await page.getByTestId('import-confirm').click();
    const problem = page.getByRole('dialog').getByTestId('problem');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/units\[0\]\.kind/);
    await env.b.screenshot('orgchart-06-import-error');
    await page.getByRole('dialog').getByRole('button', { name: /取\s*消/ }).click();
  });

  it('is read-only for a supervisor', async () => {
    const { page } = env.b;
    await page.evaluate(() => localStorage.removeItem('kefu.token'));
    await login(page, env.kefu.url, { ...demo, email: 'supervisor@property.demo' });
    await page.goto(`${env.kefu.url}/org?tab=editor`);
    await page.getByTestId('org-readonly').waitFor();
    await page.getByTestId('unit-panel').waitFor();
    expect(await page.getByTestId('pos-add').count()).toBe(0);
    expect(await page.getByTestId('unit-add-child').count()).toBe(0);
    expect(await page.getByTestId('org-import').count()).toBe(0);
    await env.b.screenshot('orgchart-07-read-only');
    expect(env.b.errors).toEqual([]);
  });
});
