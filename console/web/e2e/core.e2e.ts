// The console's front door: sign up with an industry, language switch,
// logout and login, and the page-load budget (largest contentful paint).
import { describe, expect, it } from 'vitest';
import { demo, login, suite } from './harness';


const env = suite();

describe('front door', () => {
  it('loads the login page within the LCP budget', async () => {
    // Three cold loads, each in a fresh browser context (nothing cached);
    // the median is held to the budget so one scheduling hiccup on a busy
    // 2-core machine does not decide it.
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const ctx = await env.b.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      const page = await ctx.newPage();
      await page.goto(`${env.kefu.url}/login`, { waitUntil: 'load' });
      await page.getByTestId('login-submit').waitFor();
      samples.push(await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            new PerformanceObserver((list) => {
              const entries = list.getEntries();
              resolve(entries[entries.length - 1].startTime);
            }).observe({ type: 'largest-contentful-paint', buffered: true });
          }),
      ));
      await ctx.close();
    }
    const median = [...samples].sort((a, b) => a - b)[1];
    console.log(`console LCP on localhost: ${samples.map((s) => s.toFixed(0)).join(', ')} ms (median ${median.toFixed(0)} ms)`);
    expect(median).toBeGreaterThan(0);
    expect(median).toBeLessThan(1500);
    await env.b.page.goto(`${env.kefu.url}/login`);
    await env.b.page.getByTestId('login-submit').waitFor();
    await env.b.screenshot('core-01-login');
  });

  it('signs up a new organization with an industry and lands in the console', async () => {
    const { page } = env.b;
    await page.goto(`${env.kefu.url}/login`);
    await page.getByTestId('to-signup').click();
    await page.getByTestId('signup-organization').fill('华东医院客户服务中心');
    await page.getByTestId('signup-slug').fill('e2e-hospital');
    await page.getByTestId('signup-industry').click();
    await page.getByTitle('医院').click();
    await page.getByTestId('signup-name').fill('王主任');
    await page.getByTestId('signup-email').fill('wang@hospital-e2e.cn');
    await page.getByTestId('signup-password').fill('e2e-password-1');
    await page.getByTestId('signup-submit').click();
    await page.getByTestId('nav').waitFor();
    expect(await page.getByText('华东医院客户服务中心').first().isVisible()).toBe(true);
    await env.b.screenshot('core-02-after-signup');
  });

  it('refuses a taken organization code with the API error inline', async () => {
    const { page } = env.b;
    await page.getByTestId('user-menu').hover();
    await page.getByText('退出登录').click();
    await page.getByTestId('login-submit').waitFor();
    await page.goto(`${env.kefu.url}/signup`);
    await page.getByTestId('signup-organization').fill('另一家');
    await page.getByTestId('signup-slug').fill('e2e-hospital');
    await page.getByTestId('signup-email').fill('x@other-e2e.cn');
    await page.getByTestId('signup-password').fill('e2e-password-1');
    await page.getByTestId('signup-submit').click();
    await page.getByTestId('problem').waitFor();
    expect(await page.getByTestId('problem').textContent()).toMatch(/e2e-hospital|taken|已被|exists|使用/i);
  });

  it('switches language and logs in as the demo director', async () => {
    const { page } = env.b;
    await page.goto(`${env.kefu.url}/login`);
    await page.getByTestId('lang').click();
    expect(await page.getByTestId('login-submit').textContent()).toMatch(/Log in/);
    await page.getByTestId('lang').click();
    expect(await page.getByTestId('login-submit').textContent()).toMatch(/登\s*录/);
    await login(page, env.kefu.url, demo);
    expect(await page.getByTestId('nav').textContent()).toContain('组织架构');
    await page.getByTestId('lang').click();
    expect(await page.getByTestId('nav').textContent()).toContain('Org chart');
    await page.getByTestId('lang').click();
  });

  it('a wrong password shows the error and keeps the person on the login page', async () => {
    const { page } = env.b;
    await page.getByTestId('user-menu').hover();
    await page.getByText('退出登录').click();
    await page.getByTestId('login-tenant').fill(demo.tenant);
    await page.getByTestId('login-email').fill(demo.email);
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('problem').waitFor();
    expect(page.url()).toContain('/login');
  });

  it('logged no console errors', () => {
    expect(env.b.errors).toEqual([]);
  });
});
