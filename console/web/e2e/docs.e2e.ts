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
    await page.locator('.opblock-summary-path[data-path="/v1/tickets"]').first().waitFor();

    // As many operation rows as the document has operations.
    const doc = (await (await fetch(`${env.kefu.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const ops = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).length, 0);
    expect(await page.locator('.opblock').count()).toBe(ops);

    // An operation opens with its description, the IVR intake's among them.
    await page.locator('#operations-Tickets-create-ticket .opblock-summary').click();
    await page.locator('#operations-Tickets-create-ticket').getByText('Telephony/IVR intake', { exact: false }).first().waitFor();
    await page.locator('#operations-Tickets-create-ticket').getByText('422', { exact: true }).first().waitFor();
    await env.b.screenshot('docs');

    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});
