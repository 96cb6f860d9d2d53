// Duty (值班) end to end on the demo property tenant, whose 客服部 is
// rostered with 赵客服 on duty and signed in now and 钱客服 on the next
// shift, whatever the hour: the roster calendar and a generated month; a
// major incident refuses the handover with its reason until it is closed;
// the rostered next person (钱客服) signs and both signatures show; a cover
// request is approved by the supervisor.
import { describe, expect, it } from 'vitest';
import { browserNow, demo, login, pageApi, pickOption, suite } from './harness';

const env = suite({ login: true });
const agent = { ...demo, email: 'agent@property.demo' };
const agent2 = { ...demo, email: 'agent2@property.demo' };
let handoverUrl = '';

async function switchTo(who: typeof demo) {
  const { page } = env.b;
  await page.evaluate(() => localStorage.removeItem('kefu.token'));
  await login(page, env.kefu.url, who);
}

async function openDuty() {
  const { page } = env.b;
  await page.getByTestId('nav').getByText('值班', { exact: true }).click();
  await page.getByTestId('duty-tab-mine').waitFor();
}

describe('duty and handover', () => {
  it('shows the unit roster calendar and generates a month from a rotation', async () => {
    const { page } = env.b;
    await openDuty();
    await page.getByTestId('duty-tab-roster').click();
    await pickOption(page, page.getByTestId('roster-unit'), '客服部');
    await page.getByTestId('roster-entry').first().waitFor();
    // Every entry of this month is on the calendar. (How many depends on
    // the hour: the demo rosters the month from now, not the shifts already
    // begun.)
    const units = await pageApi<{ items: { id: string; name: string }[] }>(page, '/v1/org-units?limit=200');
    const cs = units.items.find((u) => u.name === '客服部')!.id;
    const now = browserNow();
    const month = now.toISOString().slice(0, 7);
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
    const rostered = await pageApi<{ items: unknown[] }>(page, `/v1/duty/roster?unit_id=${cs}&from=${month}-01&to=${month}-${last}&limit=200`);
    expect(rostered.items.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('roster-entry').count()).toBe(rostered.items.length);
    await env.b.screenshot('duty-01-roster');

    // Two months ahead has no roster yet: generate it.
    await page.getByTestId('roster-next').click();
    await page.getByTestId('roster-next').click();
    await page.getByTestId('roster-empty').waitFor();
    await page.getByTestId('roster-generate').click();
    await pickOption(page, page.getByTestId('gen-members-0'), '赵客服', { close: true });
    await pickOption(page, page.getByTestId('gen-members-0'), '钱客服', { close: true });
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' }).catch(() => {});
    await env.b.screenshot('duty-02-generate');
    await page.getByTestId('gen-ok').click();
    await page.locator('.ant-message').getByText('已生成').waitFor();
    await page.getByTestId('roster-entry').first().waitFor();
    // Both agents every day of the month (the template's 7×24 rotation).
    const days = await page.locator('[data-testid^="day-"]').count();
    expect(await page.getByTestId('roster-entry').count()).toBe(days * 2);
  });

  it('refuses the handover while a major incident is open, with the reason', async () => {
    const { page } = env.b;
    await switchTo(agent);
    await openDuty();
    await page.getByTestId('open-log').waitFor();
    await pickOption(page, page.getByTestId('entry-kind'), '事件');
    await page.getByTestId('entry-text').fill('3号楼电梯困人');
    await page.getByTestId('entry-major').click();
    await page.getByTestId('entry-add').click();
    const row = page.getByTestId('log-entries').locator('tr').filter({ hasText: '3号楼电梯困人' });
    await row.waitFor();
    expect(await row.textContent()).toContain('重大事件');
    expect(await row.textContent()).toContain('报告截止');
    await env.b.screenshot('duty-03-my-shift');

    await page.getByTestId('handover-prepare').click();
    await page.getByTestId('handover-status').waitFor();
    handoverUrl = page.url();
    expect(await page.getByTestId('handover-to').textContent()).toBe('钱客服');
    expect(await page.getByTestId('ho-unfinished').textContent()).toContain('3号楼电梯困人');
    expect(await page.getByTestId('ho-checklist').textContent()).toContain('值班室钥匙');
    await page.getByTestId('ho-check-0').click();
    await page.getByTestId('ho-notes').fill('对讲机电量低，已充电。');
    await page.getByTestId('handover-sign').click();
    const problem = page.getByTestId('problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('major incident');
    expect(await problem.textContent()).toContain('3号楼电梯困人');
    expect(await page.getByTestId('handover-status').textContent()).toBe('待交班签字');
    await env.b.screenshot('duty-04-handover-refused');
  });

  it('hands over once the incident is closed; both signatures are kept', async () => {
    const { page } = env.b;
    await openDuty();
    const row = page.getByTestId('log-entries').locator('tr').filter({ hasText: '3号楼电梯困人' });
    await row.getByTestId('entry-close').click();
    await page.getByTestId('close-result').fill('维保人员到场，18 分钟解困，无人受伤。');
    await page.getByTestId('close-result-ok').click();
    await row.filter({ hasText: '已关闭' }).waitFor();
    await page.getByTestId('handover-open').click();
    await page.getByTestId('handover-sign').click();
    await page.getByTestId('handover-status').filter({ hasText: '待接班签字' }).waitFor();
    expect(await page.getByTestId('handover-from-signed').textContent()).toContain('交班签字');

    await switchTo(agent2);
    await openDuty();
    await page.getByTestId('handover-to-sign-open').click();
    await page.getByTestId('handover-status').filter({ hasText: '待接班签字' }).waitFor();
    expect(await page.getByTestId('ho-notes-text').textContent()).toContain('对讲机电量低');
    expect(await page.getByTestId('ho-unfinished').textContent()).not.toContain('3号楼电梯困人');
    await page.getByTestId('handover-sign').click();
    await page.getByTestId('handover-status').filter({ hasText: '交接完成' }).waitFor();
    expect(await page.getByTestId('handover-from-signed').textContent()).toMatch(/交班签字：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(await page.getByTestId('handover-to-signed').textContent()).toMatch(/接班签字：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await env.b.screenshot('duty-05-handover-done');
    const h = await pageApi<{ from_signed_at: string; to_signed_at: string; items: { checklist: { ok: boolean }[] } }>(page, `/v1/handovers/${handoverUrl.split('/').pop()}`);
    expect(h.from_signed_at && h.to_signed_at).toBeTruthy();
    expect(h.items.checklist[0].ok).toBe(true);
    // The incoming signature signed 钱客服 in.
    await openDuty();
    await page.getByTestId('open-log').waitFor();
  });

  it('asks for a cover, which the supervisor approves', async () => {
    const { page } = env.b;
    await page.getByTestId('duty-tab-roster').click();
    await pickOption(page, page.getByTestId('roster-unit'), '客服部');
    const me = (await pageApi<{ user: { id: string } }>(page, '/v1/me')).user.id;
    // One of 钱客服's shifts still to come, in next month's roster (this
    // month may have none left: on its last evening the next is the 1st's).
    const mine = page.locator(`[data-testid="roster-entry"][data-user="${me}"]`);
    await page.getByTestId('roster-entry').first().waitFor();
    await page.getByTestId('roster-next').click();
    await mine.first().waitFor();
    await mine.last().click();
    await page.getByTestId('swap-form').waitFor();
    await pickOption(page, page.getByTestId('swap-counterpart'), '赵客服');
    await page.getByTestId('swap-reason').fill('家中有事，请赵客服顶班');
    await page.getByTestId('swap-ok').click();
    await page.locator('.ant-message').getByText('等待上级审批').waitFor();

    await switchTo(demo);
    await openDuty();
    await page.getByTestId('duty-tab-swaps').click();
    const row = page.getByTestId('swap-table').locator('tr').filter({ hasText: '家中有事' });
    await row.waitFor();
    await row.getByTestId('swap-approve').click();
    await page.getByTestId('swap-note').fill('同意');
    await page.getByTestId('swap-note-ok').click();
    await page.getByTestId('swap-view').getByText('全部').click();
    await page.getByTestId('swap-table').locator('tr').filter({ hasText: '家中有事' }).getByText('已批准').waitFor();
    await env.b.screenshot('duty-06-swap-approved');
    expect(env.b.errors).toEqual([]);
  });
});
