// People & access and settings: the demo director invites a user and gives
// them a role, creates a custom role, adds a holiday and a make-up workday
// (调休) to the office-hours calendar and checks a deadline with the
// preview, creates an SLA policy with a two-step escalation ladder, and adds
// a ticket category.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifacts, suite, pageApi, pickOption } from './harness';


const env = suite({ login: true });

const api = pageApi;


// field finds the text box of an antd input, whether the test id sits on
// the <input> itself or on its wrapper.
const field = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

// typeDate fills an antd DatePicker by typing, as a person with a keyboard would.
async function typeDate(page: Page, testId: string, value: string) {
  const input = field(page, testId);
  await input.click();
  await input.fill(value);
  await page.keyboard.press('Enter');
}

const nav = (page: Page, label: string) => page.getByTestId('nav').getByText(label, { exact: true }).click();

describe('people & access', () => {
  const email = 'chen.xin@property.demo';

  it('invites a user with roles, then adds another role', async () => {
    const { page } = env.b;
    await nav(page, '用户');
    await page.getByTestId('user-table').getByText('director@property.demo').waitFor();
    await page.getByTestId('user-add').click();
    await page.getByTestId('user-name').fill('陈新');
    await page.getByTestId('user-email').fill(email);
    await pickOption(page, page.getByTestId('user-roles'), '回访专员', { close: true });
    await page.locator('#user-create-ok').click();
    await page.getByTestId('invite-sent').waitFor();
    expect(await page.getByTestId('invite-sent').textContent()).toContain(email);
    const row = page.getByTestId('user-table').locator('tr', { hasText: email });
    await row.getByText('已邀请').waitFor();
    await env.b.screenshot('admin-users-invited');

    await page.getByTestId(`user-edit-${email}`).click();
    await pickOption(page, page.getByTestId('user-edit-roles'), '质检员', { close: true });
    await page.locator('#user-edit-ok').click();
    await row.getByText('质检员').waitFor();
    const users = await api<{ items: { email: string; status: string; roles: string[] }[] }>(page, `/v1/users?q=${encodeURIComponent(email)}`);
    expect(users.items[0].status).toBe('invited');
    expect(users.items[0].roles.sort()).toEqual(['agent', 'callback_agent', 'quality_inspector']);
  });

  it('the invited colleague follows the link, sets a password and is signed in', async () => {
    const link = (await env.b.page.getByTestId('invite-url').textContent()) ?? '';
    expect(link).toMatch(/\/invite\/kfi_/);
    const ctx = await env.b.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => env.b.errors.push(`invitee pageerror: ${e.message}`));
    await page.goto(link);
    await page.getByTestId('invite-password').fill('chen-xin-2026');
    await page.getByTestId('invite-confirm').fill('chen-xin-2027');
    await page.getByTestId('invite-submit').click();
    await page.getByText('两次输入的密码不一致').waitFor();
    await page.getByTestId('invite-confirm').fill('chen-xin-2026');
    await page.getByTestId('invite-submit').click();
    await page.getByTestId('nav').waitFor();
    expect(await page.getByTestId('user-menu').textContent()).toContain('陈新');
    await page.screenshot({ path: `${artifacts}/screenshots/admin-invitee-signed-in.png` });
    await ctx.close();
    const users = await api<{ items: { status: string }[] }>(env.b.page, `/v1/users?q=${encodeURIComponent(email)}`);
    expect(users.items[0].status).toBe('active');
  });

  it('creates a custom role on top of supervisor', async () => {
    const { page } = env.b;
    await nav(page, '角色');
    await page.getByTestId('role-open-director').waitFor();
    await page.getByTestId('role-add').click();
    await page.getByTestId('role-label').fill('夜班组长');
    await page.getByTestId('role-code').fill('night_shift_lead');
    await pickOption(page, page.getByTestId('role-parent'), '主管/班长', { close: true });
    // Inherited permissions are ticked and locked; add one on top.
    const checklist = page.getByTestId('perm-checklist');
    const assign = checklist.getByRole('checkbox', { name: '分派工单' });
    await expect.poll(() => assign.isChecked()).toBe(true);
    await expect.poll(() => assign.isDisabled()).toBe(true);
    await checklist.getByRole('checkbox', { name: '访问大客户' }).check();
    await env.b.screenshot('admin-role-editor');
    await page.getByTestId('role-save').click();
    await page.getByTestId('role-open-night_shift_lead').waitFor();
    const role = await api<{ parent: string; adds: string[]; built_in: boolean }>(page, '/v1/roles/night_shift_lead');
    expect(role).toMatchObject({ parent: 'supervisor', adds: ['customers:key_accounts'], built_in: false });
    await env.b.screenshot('admin-roles');
  });
});

describe('settings', () => {
  it('adds a holiday and a make-up workday to a calendar and previews a deadline', async () => {
    const { page } = env.b;
    await nav(page, '工作日历');
    await page.getByTestId('week-grid').waitFor();
    await page.getByRole('tab', { name: /节假日/ }).click();
    await typeDate(page, 'holiday-date', '2027-01-01');
    await page.getByTestId('holiday-name').fill('元旦');
    await page.getByTestId('holiday-add').click();
    await page.getByTestId('holiday-list').getByText('2027-01-01').waitFor();

    await page.getByRole('tab', { name: /调休上班/ }).click();
    await typeDate(page, 'workday-date', '2027-02-20');
    await page.getByTestId('workday-name').fill('春节调休');
    await pickOption(page, page.getByTestId('workday-as'), '按周五上班', { close: true });
    await page.getByTestId('workday-add').click();
    await page.getByTestId('workday-list').getByText('2027-02-20').waitFor();
    await env.b.screenshot('admin-calendar-workdays');

    await page.getByTestId('calendar-save').click();
    await page.getByText('已保存').first().waitFor();
    const cals = await api<{ items: { is_default: boolean; holidays: { date: string }[]; workdays: { date: string; as_weekday?: number }[] }[] }>(page, '/v1/calendars');
    const office = cals.items.find((c) => c.is_default)!;
    expect(office.holidays.map((h) => h.date)).toContain('2027-01-01');
    expect(office.workdays.find((w) => w.date === '2027-02-20')?.as_weekday).toBe(5);

    // Thursday 31 Dec 16:30 + 4 business hours: one hour that day, then the
    // new-year holiday and the weekend, so three hours into Monday 4 Jan.
    await typeDate(page, 'preview-start', '2026-12-31 16:30');
    await field(page, 'preview-duration-h').fill('4');
    await field(page, 'preview-duration-m').fill('0');
    await page.getByTestId('preview-run').click();
    const result = page.getByTestId('preview-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('2027-01-04');
    expect(await result.textContent()).toContain('11:30');
    await env.b.screenshot('admin-calendar-preview');
  });

  it('creates an SLA policy with a two-step escalation ladder', async () => {
    const { page } = env.b;
    await nav(page, 'SLA 策略');
    await page.getByTestId('sla-table').getByText('一般事项').waitFor();
    await page.getByTestId('sla-add').click();
    await page.getByTestId('sla-name').fill('收费争议投诉');
    await pickOption(page, page.getByTestId('sla-types'), '投诉', { close: true });
    await field(page, 'sla-first-h').fill('1');
    await field(page, 'sla-resolution-h').fill('8');
    await page.getByTestId('step-add').click();
    await field(page, 'step-1-after-h').fill('2');
    await pickOption(page, page.getByTestId('step-1-to'), '部门经理', { close: true });
    await field(page, 'coverage-regular').fill('50');
    await env.b.screenshot('admin-sla-editor');
    await page.getByTestId('sla-save').click();
    await page.getByTestId('sla-table').getByText('收费争议投诉').waitFor();
    const list = await api<{ items: { name: string; first_response: string; resolution: string; escalation: { after: string; to: string }[]; callback: { coverage: Record<string, number> } }[] }>(page, '/v1/sla-policies');
    const p = list.items.find((x) => x.name === '收费争议投诉')!;
    expect(p).toMatchObject({ first_response: 'PT1H', resolution: 'PT8H' });
    expect(p.escalation).toEqual([{ after: 'PT0S', to: 'supervisor' }, { after: 'PT2H', to: 'manager' }]);
    expect(p.callback.coverage.regular).toBe(0.5);
    await env.b.screenshot('admin-sla');
  });

  it('adds a sub-category', async () => {
    const { page } = env.b;
    await nav(page, '工单分类');
    const parent = page.getByTestId('category-投诉');
    await parent.hover();
    await page.getByTestId('category-add-投诉').click();
    await page.getByTestId('category-name').fill('物业费争议');
    await page.locator('#category-ok').click();
    await page.getByTestId('category-物业费争议').waitFor();
    const cats = await api<{ items: { id: string; name: string; parent_id?: string }[] }>(page, '/v1/categories');
    const complaint = cats.items.find((c) => c.name === '投诉')!;
    expect(cats.items.find((c) => c.name === '物业费争议')?.parent_id).toBe(complaint.id);
    await env.b.screenshot('admin-categories');
    expect(env.b.errors).toEqual([]);
  });
});
