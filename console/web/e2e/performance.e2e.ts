// Performance (绩效考核) end to end on the demo property tenant: the KPI
// page draws its ranking and trend from the demo history; a score sheet
// goes draft → submitted → approved → locked, refuses edits after and the
// month exports as an Excel workbook; an inspection is scored, appealed by
// the agent and decided on their reporting line; a manager configures the
// scorecards, the sheet weights and the grade ladder from their pages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { browserNow, demo, login, pageApi, pickOption, suite } from './harness';

const env = suite({ login: true });
const who = (local: string) => ({ ...demo, email: `${local}@property.demo` });

async function switchTo(local: string) {
  const { page } = env.b;
  await page.evaluate(() => localStorage.removeItem('kefu.token'));
  await login(page, env.kefu.url, who(local));
}

async function openTab(tab: string) {
  const { page } = env.b;
  await page.getByTestId('nav').getByText('绩效考核', { exact: true }).click();
  await page.getByTestId(`perf-tab-${tab}`).click();
}

// call sends a request with the page's session and returns the status.
async function call(method: string, path: string, body?: unknown): Promise<number> {
  return env.b.page.evaluate(async ([m, p, b]) => {
    const r = await fetch(p as string, {
      method: m as string,
      headers: { Authorization: `Bearer ${localStorage.getItem('kefu.token')}`, 'Content-Type': 'application/json' },
      body: b === undefined ? undefined : JSON.stringify(b),
    });
    return r.status;
  }, [method, path, body] as const);
}

// input finds a number field by test id, whether antd put the id on the
// input or on its wrapper.
function input(scope: Locator, id: string): Locator {
  return scope.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
}

interface Me { user: { id: string } }
interface Page<T> { items: T[] }

let agentId = '';
const month = browserNow().toISOString().slice(0, 7);

describe('performance', () => {
  it('shows KPIs with a ranking and a trend', async () => {
    const { page } = env.b;
    const users = await pageApi<Page<{ id: string; email: string }>>(page, '/v1/users?limit=50');
    agentId = users.items.find((u) => u.email === 'agent@property.demo')!.id;
    await openTab('kpis');
    await page.getByTestId('perf-kpis').waitFor();
    // The last 30 days, where the demo history lives whatever the date (the
    // page opens on last month).
    await page.getByTestId('perf-range').first().click();
    await page.locator('.ant-picker-presets li').filter({ hasText: '近 30 天' }).click();
    await page.getByTestId('perf-kpi-table').getByText('赵客服').first().waitFor();
    await page.getByTestId('chart-ranking').locator('canvas').waitFor();
    await page.getByTestId('chart-trend').locator('canvas').waitFor();
    await env.b.screenshot('performance-01-kpis');
    await page.getByTestId('perf-group-by').getByText('按部门').click();
    await page.getByTestId('perf-kpi-table').getByText('客服部').first().waitFor();
    const me = await pageApi<Me>(page, '/v1/me');
    expect(me.user.id).toBeTruthy();
  });

  it('takes a sheet from draft to locked and refuses edits after', async () => {
    const { page } = env.b;
    // The manager makes this month's drafts and submits 赵客服's with a reward.
    await switchTo('manager');
    await openTab('sheets');
    // The page opens on last month; this month is where the demo history is.
    const picker = page.locator('[data-testid="sheet-month"] input, input[data-testid="sheet-month"]').first();
    await picker.click();
    await picker.fill(month);
    await picker.press('Enter');
    await page.getByTestId('sheet-generate').click();
    await page.getByTestId(`sheet-row-${agentId}`).click();
    const drawer = page.getByTestId('sheet-drawer');
    await drawer.getByTestId('sheet-status').filter({ hasText: '草稿' }).waitFor();
    const before = Number(await drawer.getByTestId('sheet-total').textContent());
    await drawer.getByTestId('item-reason').fill('业主送锦旗表扬');
    await input(drawer, 'item-points').fill('5');
    await drawer.getByTestId('item-add').click();
    await drawer.getByTestId('sheet-items').getByText('业主送锦旗表扬').waitFor();
    expect(Number(await drawer.getByTestId('sheet-total').textContent())).toBeCloseTo(before + 5, 2);
    await env.b.screenshot('performance-02-sheet-draft');
    await drawer.getByTestId('sheet-submit').click();
    await drawer.getByTestId('sheet-status').filter({ hasText: '已提交' }).waitFor();
    expect(await drawer.getByTestId('sheet-item-form').count()).toBe(0);
    const sheets = await pageApi<Page<{ id: string; agent_id: string }>>(page, `/v1/score-sheets?month=${month}&agent_id=${agentId}`);
    const id = sheets.items[0].id;

    // The director approves and locks it.
    await switchTo('director');
    await page.goto(`${env.kefu.url}/performance?tab=sheets&open=${id}`);
    await drawer.getByTestId('sheet-approve').click();
    await drawer.getByTestId('sheet-status').filter({ hasText: '已审批' }).waitFor();
    await drawer.getByTestId('sheet-lock').click();
    await page.getByTestId('sheet-lock-ok').click();
    await drawer.getByTestId('sheet-status').filter({ hasText: '已锁定' }).waitFor();
    const total = await drawer.getByTestId('sheet-total').textContent();
    await env.b.screenshot('performance-03-sheet-locked');

    // Locked: no edit controls, and the API refuses every change with 409.
    expect(await drawer.getByTestId('sheet-item-form').count()).toBe(0);
    expect(await drawer.getByTestId('sheet-submit').count()).toBe(0);
    expect(await call('POST', `/v1/score-sheets/${id}/items`, { kind: 'reward', reason: '补录', points: 1 })).toBe(409);
    expect(await call('PATCH', `/v1/score-sheets/${id}`, { comment: '改' })).toBe(409);
    expect(await call('POST', `/v1/score-sheets/${id}/return`, { reason: '重审' })).toBe(409);

    // A correction is an adjustment beside it: the total stays, the final moves.
    await drawer.getByTestId('adjust-reason').fill('投诉复核不成立，补回分数');
    await input(drawer, 'adjust-points').fill('2');
    await drawer.getByTestId('adjust-add').click();
    await drawer.getByTestId('sheet-items').getByText('投诉复核不成立，补回分数').waitFor();
    expect(await drawer.getByTestId('sheet-total').textContent()).toBe(total);
    expect(Number(await drawer.getByTestId('sheet-final').textContent())).toBeCloseTo(Number(total) + 2, 2);
    await env.b.screenshot('performance-04-sheet-adjusted');
  });

  it('exports the month as an Excel workbook', async () => {
    const { page } = env.b;
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('sheet-final').waitFor({ state: 'detached' });
    // The file is named for the month the picker shows.
    const shown = await page.locator('[data-testid="sheet-month"] input, input[data-testid="sheet-month"]').first().inputValue();
    expect(shown).toMatch(/^\d{4}-\d{2}$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sheet-export-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`score-sheets-${shown}.xlsx`);
    const bytes = readFileSync(await download.path());
    // An xlsx workbook is a zip archive: it starts with a local file header.
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  });

  it('runs an appeal from score to decision', async () => {
    const { page } = env.b;
    // A ticket 赵客服 resolved (the inspection is of whoever resolved it).
    const tickets = await pageApi<Page<{ id: string; status: string }>>(page, `/v1/tickets?assignee_id=${agentId}&limit=100`);
    // Not one the weekly QA sampling already took: a ticket is inspected
    // once, and picking it again is a 409.
    const sampled = await pageApi<Page<{ ticket_id: string }>>(page, `/v1/inspections?agent_id=${agentId}&limit=200`);
    const inspected = new Set(sampled.items.map((i) => i.ticket_id));
    let picked = '';
    for (const t of tickets.items.filter((x) => (x.status === 'closed' || x.status === 'resolved') && !inspected.has(x.id))) {
      const evs = await pageApi<Page<{ type: string; actor_id?: string; data?: { to?: string } }>>(page, `/v1/tickets/${t.id}/events`);
      if (evs.items.some((e) => e.type === 'status_changed' && e.data?.to === 'resolved' && e.actor_id === agentId)) {
        picked = t.id;
        break;
      }
    }
    expect(picked).not.toBe('');

    // The inspector picks it and scores it 88.
    await switchTo('qa');
    await openTab('inspections');
    await page.getByTestId('ins-ticket').fill(picked);
    await page.getByTestId('ins-pick').click();
    const drawer = page.getByTestId('ins-drawer');
    await drawer.getByTestId('ins-score-form').waitFor();
    await input(drawer, 'mark-accuracy').fill('18');
    await drawer.getByTestId('ins-comment').fill('业务解答不完整');
    await drawer.getByTestId('ins-submit-score').click();
    await drawer.getByTestId('ins-final').filter({ hasText: '88' }).waitFor();
    await env.b.screenshot('performance-05-scored');
    const ins = await pageApi<Page<{ id: string; ticket_id: string }>>(page, '/v1/inspections?limit=50');
    const id = ins.items.find((i) => i.ticket_id === picked)!.id;

    // The agent sees the score and appeals, once.
    await switchTo('agent');
    await openTab('inspections');
    await page.getByTestId(`ins-row-${id}`).click();
    await drawer.getByTestId('appeal-reason').fill('已按知识库答复，录音可查');
    await drawer.getByTestId('appeal-submit').click();
    await drawer.getByTestId('ins-status').filter({ hasText: '申诉中' }).waitFor();
    expect(await drawer.getByTestId('appeal-submit').count()).toBe(0);
    expect(await call('POST', `/v1/inspections/${id}/appeal`, { reason: '再次申诉' })).toBe(409);
    await env.b.screenshot('performance-06-appealed');

    // The agent's reporting line on the demo chart runs to the center
    // director, who decides: the score becomes 95.
    await switchTo('director');
    await page.goto(`${env.kefu.url}/performance?tab=inspections&open=${id}`);
    await drawer.getByTestId('decide-adjusted').click();
    await input(drawer, 'decide-score').fill('95');
    await drawer.getByTestId('decide-reason').fill('复听录音，解答正确');
    await drawer.getByTestId('decide-submit').click();
    await drawer.getByTestId('ins-status').filter({ hasText: '已裁定' }).waitFor();
    expect(await drawer.getByTestId('ins-final').textContent()).toBe('95');
    expect(await drawer.getByTestId('ins-appeal').textContent()).toContain('88 → 95');
    await env.b.screenshot('performance-07-decided');

    // The agent sees the decision.
    await switchTo('agent');
    await page.goto(`${env.kefu.url}/performance?tab=inspections&open=${id}`);
    await drawer.getByTestId('ins-appeal').getByText('已改分').waitFor();
    expect(env.b.errors).toEqual([]);
  });

  it('samples the week for inspection once', async () => {
    const { page } = env.b;
    await switchTo('qa');
    await openTab('inspections');
    // The weekly job may have sampled already; either way a second run
    // finds the week taken and picks nothing more.
    await page.getByTestId('ins-sample').click();
    await page.locator('.ant-message').getByText(/已抽取 \d+ 张工单|已抽检过/).first().waitFor();
    const before = (await pageApi<Page<unknown>>(page, '/v1/inspections?limit=200')).items.length;
    await page.getByTestId('ins-sample').click();
    await page.locator('.ant-message').getByText('已抽检过').first().waitFor();
    expect((await pageApi<Page<unknown>>(page, '/v1/inspections?limit=200')).items.length).toBe(before);
    expect(env.b.errors).toEqual([]);
  });

  it('shows the grade ladder', async () => {
    const { page } = env.b;
    await switchTo('manager');
    await openTab('grades');
    await page.getByTestId('grade-ladder').getByText('高级').waitFor();
    await page.getByTestId('grade-ladder').getByText('见习').waitFor();
    await env.b.screenshot('performance-08-grades');

    // The quarterly review by hand: a malformed quarter is refused in place;
    // the last quarter's review says how many it proposed, which the
    // proposals then hold.
    const quarter = page.getByTestId('grade-quarter');
    const last = await quarter.inputValue();
    expect(last).toMatch(/^\d{4}-Q[1-4]$/);
    await quarter.fill('2026-Q9');
    await page.getByTestId('grade-review').click();
    await page.getByTestId('perf-grades').getByTestId('problem').waitFor();
    await quarter.fill(last);
    await page.getByTestId('grade-review').click();
    const said = page.locator('.ant-message').getByText(/生成 \d+ 条建议/);
    await said.waitFor();
    const proposed = Number(/\d+/.exec((await said.textContent()) ?? '')![0]);
    const held = await pageApi<Page<{ quarter: string }>>(page, '/v1/grades/proposals?limit=200');
    expect(held.items.filter((p) => p.quarter === last).length).toBeGreaterThanOrEqual(proposed);
    expect(await page.getByTestId('perf-grades').getByTestId('problem').count()).toBe(0);
    expect(env.b.errors).toEqual([]);
  });

  it('configures scorecards, sheet weights and grades from the console', async () => {
    const { page } = env.b;
    await switchTo('manager');
    interface Card { id: string; name: string; is_default: boolean; samples_per_week: number; criteria: { key: string; weight: number; critical?: boolean }[] }
    const cards = async () => (await pageApi<Page<Card>>(page, '/v1/scorecards')).items;
    const before = await cards();

    // A new scorecard: a non-critical item worth 0 points is refused by the
    // server beside its field, and nothing is made.
    await openTab('scorecards');
    await page.getByTestId('card-new').click();
    const editor = page.getByTestId('card-editor');
    await editor.getByTestId('card-name').fill('投诉处理质检');
    await editor.getByTestId('crit-0-label').fill('开场问候');
    await editor.getByTestId('crit-add').click();
    await editor.getByTestId('crit-1-key').fill('soothing');
    await editor.getByTestId('crit-1-label').fill('安抚情绪');
    await input(editor, 'crit-1-weight').fill('0');
    await editor.getByTestId('crit-add').click();
    await editor.getByTestId('crit-2-key').fill('privacy');
    await editor.getByTestId('crit-2-label').fill('泄露隐私');
    await input(editor, 'crit-2-weight').fill('0');
    await editor.getByTestId('crit-2-critical').click();
    await editor.getByTestId('card-save').click();
    await editor.getByTestId('crit-1').getByText('above 0 unless the item is critical').waitFor();
    expect((await cards()).length).toBe(before.length);
    await input(editor, 'crit-1-weight').fill('30');
    await editor.getByTestId('card-total').filter({ hasText: '40' }).waitFor();
    await editor.getByTestId('card-save').click();
    await page.getByTestId('card-row-投诉处理质检').waitFor();
    await editor.waitFor({ state: 'hidden' });
    const made = (await cards()).find((c) => c.name === '投诉处理质检')!;
    expect(made.is_default).toBe(false);
    expect(made.criteria.map((c) => [c.key, c.weight, !!c.critical])).toEqual([['greeting', 10, false], ['soothing', 30, false], ['privacy', 0, true]]);
    await env.b.screenshot('performance-09-scorecard');

    // The default scorecard was scored on (the appeal above): its sampling
    // numbers still change, since the criteria are not sent back.
    const def = before.find((c) => c.is_default)!;
    await page.getByTestId(`card-row-${def.name}`).getByText(def.name).click();
    await input(editor, 'card-samples').fill('8');
    await editor.getByTestId('card-save').click();
    await expect.poll(async () => (await cards()).find((c) => c.id === def.id)!.samples_per_week).toBe(8);
    expect((await cards()).find((c) => c.id === def.id)!.criteria).toEqual(def.criteria);

    // The sheet weights: QA counts 40.
    await openTab('sheets');
    await page.getByTestId('plan-edit').click();
    const plan = page.getByTestId('plan-form');
    await input(plan, 'plan-weight-qa').fill('40');
    await page.getByTestId('plan-save').click();
    await expect.poll(async () => (await pageApi<{ weights: Record<string, number> }>(page, '/v1/score-sheets/plan')).weights.qa).toBe(40);

    // The grade ladder: a keep line over its own promotion line is refused
    // and changes nothing; then 高级 becomes 资深.
    await openTab('grades');
    await page.getByTestId('ladder-edit').click();
    const ladder = page.getByTestId('ladder-form');
    await input(ladder, 'level-5-keep').fill('99');
    await page.getByTestId('ladder-save').click();
    await ladder.getByTestId('level-5').getByText('keep_at at most promote_at').waitFor();
    interface Ladder { levels: { id: string; name: string; keep_at: number }[] }
    expect((await pageApi<Ladder>(page, '/v1/grades')).levels[5].keep_at).toBe(92);
    await input(ladder, 'level-5-keep').fill('92');
    await ladder.getByTestId('level-5-name').fill('资深');
    await page.getByTestId('ladder-save').click();
    await page.getByTestId('grade-ladder').getByText('资深').waitFor();
    const levels = (await pageApi<Ladder>(page, '/v1/grades')).levels;
    expect(levels.map((l) => l.name)).toEqual(['见习', '四级', '三级', '二级', '一级', '资深']);

    // 赵客服 is placed on 三级 by hand.
    await pickOption(page, page.getByTestId('place-user'), '赵客服');
    await pickOption(page, page.getByTestId('place-level'), '三级');
    await page.getByTestId('place-save').click();
    await page.getByTestId('grade-holders').getByRole('row').filter({ hasText: '赵客服' }).getByText('三级').waitFor();
    const held = await pageApi<Page<{ user_id: string; level_id: string }>>(page, '/v1/grades/staff');
    expect(held.items.find((g) => g.user_id === agentId)?.level_id).toBe(levels[2].id);
    await env.b.screenshot('performance-10-grades-edited');
    expect(env.b.errors).toEqual([]);
  });
});
