// End-to-end harness: a real `kefu serve --demo` on a free loopback port with a
// fresh SQLite database, and Debian's Chromium driven by playwright-core.
//
// The server binary is KEFU_E2E_BIN when set (the Taskfile builds it with the
// console embedded), otherwise it is built here into e2e/artifacts/kefu.
// KEFU_E2E_CONSOLE_DIR serves a console build from a folder instead of the
// embedded one (for working on pages without rebuilding the binary).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
export const artifacts = join(here, 'artifacts');
const repo = resolve(here, '../../..');

export const demo = { tenant: 'demo-property', email: 'director@property.demo', password: 'kefu-demo-2026' };

export interface Kefu {
  url: string;
  stop: () => Promise<void>;
  log: () => string;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

function binary(): string {
  if (process.env.KEFU_E2E_BIN) return process.env.KEFU_E2E_BIN;
  const out = join(artifacts, 'kefu');
  if (!existsSync(out)) {
    mkdirSync(artifacts, { recursive: true });
    execFileSync('go', ['build', '-o', out, './cmd/kefu'], { cwd: repo, stdio: 'inherit' });
  }
  return out;
}

// startKefu runs the server until stop(); it resolves once /readyz answers 200.
export async function startKefu(extraArgs: string[] = []): Promise<Kefu> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'kefu-e2e-'));
  const args = ['serve', '--demo', '--addr', `127.0.0.1:${port}`, '--data-dir', data, '--log-format', 'text', '--log-level', 'warn', ...extraArgs];
  if (process.env.KEFU_E2E_CONSOLE_DIR) args.push('--console-dir', process.env.KEFU_E2E_CONSOLE_DIR);
  const proc: ChildProcess = spawn(binary(), args, { cwd: data, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout?.on('data', (d) => (log += d));
  proc.stderr?.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`kefu exited with ${proc.exitCode}:\n${log}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`kefu did not become ready:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    log: () => log,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export interface Session {
  browser: Browser;
  page: Page;
  // errors collects console errors and uncaught exceptions: the suite fails
  // on any of them.
  errors: string[];
  screenshot: (name: string) => Promise<string>;
  close: () => Promise<void>;
}

// The browser's wall clock: it runs in Asia/Shanghai (UTC+8, no DST), so
// read the UTC fields of this date for the browser's date and month.
export function browserNow(): Date {
  return new Date(Date.now() + 8 * 3600_000);
}

export async function openBrowser(opts: { locale?: string } = {}): Promise<Session> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ locale: opts.locale ?? 'zh-CN', viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' }); // see browserNow
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('console', (m) => {
    // Chromium logs every 4xx response as an error; those are answers the
    // console shows inline (a 409 on over-quota, say), not faults. 5xx stay.
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const shots = join(artifacts, 'screenshots');
  mkdirSync(shots, { recursive: true });
  return {
    browser,
    page,
    errors,
    screenshot: async (name) => {
      const file = join(shots, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => browser.close(),
  };
}

// login signs in through the login form and waits for the shell.
export async function login(page: Page, url: string, who: { tenant: string; email: string; password: string } = demo): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByTestId('login-tenant').fill(who.tenant);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav').waitFor();
}

export interface Env {
  kefu: Kefu;
  b: Session;
}

// suite starts a server and a browser for the test file (signed in as the
// demo director when asked) and stops both after it.
export function suite(opts: { login?: boolean } = {}): Env {
  const env = {} as Env;
  beforeAll(async () => {
    env.kefu = await startKefu();
    env.b = await openBrowser();
    if (opts.login) await login(env.b.page, env.kefu.url, demo);
  });
  afterAll(async () => {
    await env.b?.close();
    await env.kefu?.stop();
  });
  return env;
}

// pageApi reads the API with the page's own session, to check what the UI did.
export async function pageApi<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const r = await fetch(p, { headers: { Authorization: `Bearer ${localStorage.getItem('kefu.token')}` } });
    return r.json();
  }, path) as Promise<T>;
}

// pickOption opens an antd Select, types to filter and chooses the option
// with that text; `close` presses Escape after (a multi-select stays open).
// Under load a click can land while the dropdown is still settling and be
// lost (seen in CI: the role's parent stayed on its default), so the
// selection is read back, and the pick made once more if it did not take.
export async function pickOption(page: Page, select: Locator, text: string, opts: { close?: boolean } = {}) {
  for (let attempt = 1; ; attempt++) {
    await select.click();
    await page.keyboard.type(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
    if (opts.close) await page.keyboard.press('Escape');
    const shown = async () => (await select.textContent()) ?? '';
    const took = await expect.poll(shown, { timeout: 5000 }).toContain(text).then(() => true, () => false);
    if (took) return;
    if (attempt === 1) console.warn(`pickOption: "${text}" did not take; picking again`);
    if (attempt === 2) throw new Error(`pickOption: "${text}" not selected after two picks; the select shows "${await shown()}"`);
  }
}
