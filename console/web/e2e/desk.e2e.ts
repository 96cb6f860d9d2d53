// The agent workspace end to end: a customer is put on file, a ticket is
// logged for them, answered, noted and resolved, and the callback (回访)
// that resolving schedules is recorded as satisfied, which closes it.
import { describe, expect, it } from 'vitest';
import { suite } from './harness';

let ticketUrl = '';
let ticketNumber = '';

const customer = { name: '陈美玲', phone: '13911112222' };

const env = suite({ login: true });

// pick chooses an option in the open antd Select dropdown.
async function pick(text: string, timeout?: number) {
  await env.b.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click({ timeout });
}

describe('agent workspace', () => {
  it('creates a customer archive with quiet hours and attributes', async () => {
    const { page } = env.b;
    await page.getByTestId('nav').getByText('客户档案', { exact: true }).click();
    await page.getByTestId('customer-new').click();
    await page.getByTestId('customer-name').fill(customer.name);
    await page.getByTestId('customer-phone').fill(customer.phone);
    // A drawer still sliding in can swallow the first pick on a busy
    // machine; choose until the select shows it, as a person would look.
    const tier = page.getByTestId('customer-tier');
    for (let i = 0; i < 3 && !((await tier.textContent()) ?? '').includes('VIP'); i++) {
      await tier.click();
      // A dropdown that closed under the click fails fast and is opened again.
      await pick('VIP', 5000).catch(() => {});
      await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' }).catch(() => {});
    }
    expect(await tier.textContent()).toContain('VIP');
    // An overnight rest period, typed as a person would.
    await page.getByText('添加时段').click();
    const range = page.locator('.ant-picker-range').last().locator('input');
    await range.first().click();
    await page.keyboard.type('22:00');
    await page.keyboard.press('Tab');
    await range.last().click();
    await page.keyboard.type('07:30');
    await page.keyboard.press('Tab');
    await page.getByText('添加字段').click();
    await page.getByPlaceholder('字段，如 房号').fill('房号');
    await page.getByPlaceholder('内容，如 3-2-801').fill('5-1-302');
    await env.b.screenshot('desk-01-customer-form');
    await page.getByTestId('customer-save').click();
    const row = page.getByTestId('customer-table').locator('tr').filter({ hasText: customer.name });
    await row.waitFor();
    expect(await row.textContent()).toContain('房号: 5-1-302');
    expect(await row.textContent()).toContain('VIP');
    expect(await row.textContent()).toContain('22:00–07:30');
    await env.b.screenshot('desk-02-customers');
  });

  it('logs a ticket for that customer from the new-ticket drawer', async () => {
    const { page } = env.b;
    await page.getByTestId('nav').getByText('工单', { exact: true }).click();
    await page.getByTestId('ticket-new').click();
    await page.getByTestId('ticket-customer').click();
    await page.keyboard.type('陈美');
    await pick(customer.name);
    await page.getByTestId('ticket-type').getByText('投诉').click();
    await page.getByTestId('ticket-subject').fill('楼道灯长期不亮');
    await page.getByTestId('ticket-description').fill('5 号楼 1 单元 3 楼楼道灯坏了一周，晚上回家看不清。');
    await env.b.screenshot('desk-03-new-ticket');
    await page.getByTestId('ticket-save').click();
    await page.getByTestId('ticket-subject').filter({ hasText: '楼道灯长期不亮' }).waitFor();
    ticketUrl = page.url();
    ticketNumber = (await page.getByTestId('ticket-number').textContent())?.trim() ?? '';
    expect(ticketNumber).toMatch(/^T-\d{4}-\d+$/);
    expect(await page.getByTestId('customer-card').textContent()).toContain(customer.name);
    // A fresh ticket runs both SLA clocks.
    expect(await page.getByTestId('sla-first_response').getAttribute('data-state')).toMatch(/normal|warning/);
    expect(await page.getByTestId('sla-first_response').textContent()).toContain('剩余');
  });

  it('replies to the customer, adds an internal note and resolves', async () => {
    const { page } = env.b;
    await page.getByTestId('composer-body').fill('您好，已通知维修组今天下午更换灯具。');
    await page.getByTestId('composer-send').click();
    await page.getByTestId('tl-reply').filter({ hasText: '已通知维修组' }).waitFor();
    // The first public reply is the first response.
    await page.getByTestId('sla-first_response').filter({ hasText: '已按时响应' }).waitFor();

    await page.getByTestId('composer-note').click();
    await page.getByTestId('composer-body').fill('维修组老刘负责，备件已领。');
    await page.getByTestId('composer-send').click();
    await page.getByTestId('tl-note').filter({ hasText: '老刘' }).waitFor();
    await env.b.screenshot('desk-04-replied');

    await page.getByTestId('move-resolved').click();
    await page.getByTestId('status-note').fill('已更换楼道灯具并测试正常。');
    await page.getByTestId('status-ok').click();
    await page.getByTestId('ticket-status').filter({ hasText: '已解决' }).waitFor();
    await page.getByTestId('tl-callback_scheduled').waitFor();
    await env.b.screenshot('desk-05-resolved');
  });

  it('records a satisfied callback from the worklist, which closes the ticket', async () => {
    const { page } = env.b;
    await page.getByTestId('nav').getByText('回访', { exact: true }).click();
    await page.getByTestId('cb-tab-all').click();
    // The demo history fills several pages; narrow to the pending ones.
    await page.getByTestId('cb-status-filter').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '待回访' }).click();
    const row = page.getByTestId('callback-table').locator('tr').filter({ hasText: ticketNumber });
    await row.waitFor();
    expect(await row.textContent()).toContain(customer.name);
    await row.getByTestId('callback-open').click();
    const sheet = page.getByTestId('callback-sheet');
    await sheet.waitFor();
    expect(await page.getByTestId('callback-script').textContent()).toContain('回访');
    await page.getByTestId('q-resolved').getByText('是').click();
    await page.getByTestId('outcome-satisfied').click();
    await page.getByTestId('callback-note').fill('客户表示灯已修好，很满意。');
    await env.b.screenshot('desk-06-callback-sheet');
    // A survey link for the customer's phone: it opens without signing in,
    // names the ticket and takes one answer.
    await page.getByTestId('survey-link').click();
    const url = (await page.getByTestId('survey-url').textContent()) ?? '';
    expect(url.startsWith(`${env.kefu.url}/s/`)).toBe(true);
    const phone = await page.context().newPage();
    await phone.goto(url);
    expect(await phone.locator('body').textContent()).toContain(ticketNumber);
    await phone.locator('input[name="csat"][value="5"]').check();
    await phone.locator('textarea[name="comment"]').fill('处理很及时，谢谢');
    await phone.locator('button[type="submit"]').click();
    await phone.getByText('感谢您的评价').waitFor();
    await phone.close();
    await page.getByTestId('callback-submit').click();
    await page.getByTestId('callback-status').filter({ hasText: '已回访' }).waitFor();

    await page.goto(ticketUrl);
    await page.getByTestId('ticket-status').filter({ hasText: '已关闭' }).waitFor();
    // Two answers on the timeline: the customer's survey and the callback.
    await expect.poll(() => page.getByTestId('tl-callback_recorded').count()).toBe(2);
    await env.b.screenshot('desk-07-closed');
  });

  it('logged no console errors', () => {
    expect(env.b.errors).toEqual([]);
  });
});
