// The API reference at /docs: Swagger UI bundled with the console renders
// the server's own OpenAPI document offline — every request the page makes
// stays on the server's loopback origin, the console's strict CSP holds
// (no violation, no console error), and the operations are there to read.
import { describe, expect, it } from 'vitest';
import { suite } from './harness';

const env = suite();

describe('API reference', () => {
  it('renders every operation from /openapi.json with nothing fetched from elsewhere', async () => {
    const { page, errors } = env.b;
    const origin = new URL(env.kefu.url).origin;
    const foreign: string[] = [];
    // Anything not addressed to this server is refused and remembered.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    const violations: string[] = [];
    await page.exposeFunction('reportCSPViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { reportCSPViolation: (v: string) => void }).reportCSPViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });

    const res = await page.goto(`${env.kefu.url}/docs`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.swagger-ui .info .title', { hasText: 'Kefu API' }).waitFor();
    await page.locator('.opblock').first().waitFor();

    // Swagger UI renders only the sections near the viewport: scroll
    // through and collect every operation row that appears.
    const doc = (await (await fetch(`${env.kefu.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    const want = new Set<string>();
    for (const item of Object.values(doc.paths))
      for (const [m, op] of Object.entries(item)) if (['get', 'post', 'put', 'patch', 'delete'].includes(m)) want.add(op.operationId);
    const seen = new Set<string>();
    for (let y = 0; y < 200_000; y += 500) {
      const { ids, end } = await page.evaluate(async (top) => {
        window.scrollTo(0, top);
        await new Promise((r) => setTimeout(r, 120));
        return {
          ids: [...document.querySelectorAll('.opblock .opblock-summary-operation-id')].map((e) => e.textContent ?? ''),
          end: top + window.innerHeight >= document.body.scrollHeight,
        };
      }, y);
      ids.forEach((id) => seen.add(id));
      if (end) break;
    }
    expect([...want].filter((id) => !seen.has(id))).toEqual([]);
    expect(seen.size).toBe(want.size);

    // A deep link opens an operation with its description and errors: the IVR intake.
    await page.goto('about:blank');
    await page.goto(`${env.kefu.url}/docs#/Tickets/create-ticket`);
    const op = page.locator('#operations-Tickets-create-ticket.is-open');
    await op.waitFor({ timeout: 60_000 });
    await op.getByText('Telephony/IVR intake', { exact: false }).first().waitFor();
    await op.locator('.response-col_status', { hasText: '422' }).first().waitFor();
    await env.b.screenshot('docs');

    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});
