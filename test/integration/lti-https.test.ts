// LTI behind https (ATELIER_PUBLIC_ORIGIN https://…): the login initiation sets the `atelier_lti` cookie as
// `SameSite=None; Secure` (the only kind a cross-site form post carries), and a launch that comes back
// without it (another browser, a stolen form) is refused even with a valid state and token. The test talks
// to the server over loopback http and rewrites the public origin in the URLs, as a reverse proxy would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithRole } from '../support/classes-support.js';
import { FakeRuntime } from '../support/fake-runtime.js';
import { formOf, ROLES, startLtiPlatform, type TestLtiPlatform } from '../support/lti-platform.js';
import { TestBrowser } from '../support/oidc-provider.js';
import { startTestServer, type AnyTestServer } from '../support/server.js';

const PUBLIC = 'https://atelier.test';
let lms: TestLtiPlatform;
let server: AnyTestServer;

const local = (url: string) => url.replace(PUBLIC, server.url);

beforeAll(async () => {
  lms = await startLtiPlatform();
  server = await startTestServer({ runtime: new FakeRuntime(), env: { ATELIER_PUBLIC_ORIGIN: PUBLIC } });
  lms.useTool({ origin: PUBLIC });
  const { client: admin } = await userWithRole(server, 'ada', 'admin');
  expect((await admin.post('/api/admin/lti/platforms', lms.registration)).status).toBe(201);
});

afterAll(async () => {
  await server?.close();
  await lms?.close();
});

/** Login initiation and the platform's auth endpoint: the form the platform would post, and the cookie line. */
async function startLaunch(browser: TestBrowser, sub: string) {
  const start = await browser.request(
    local(lms.initiation({ user: { sub, name: 'Léa', roles: [ROLES.learner] } })),
  );
  expect(start.status).toBe(302);
  const setCookie = start.headers.getSetCookie().find((c) => c.startsWith('atelier_lti='))!;
  const auth = await browser.request(start.headers.get('location')!);
  const form = formOf(await auth.text(), lms.issuer);
  expect(form.action).toBe(`${PUBLIC}/api/lti/launch`);
  return { form, setCookie };
}

describe('LTI over https', () => {
  it('binds the launch to the browser with a SameSite=None; Secure cookie', async () => {
    const browser = new TestBrowser();
    const { form, setCookie } = await startLaunch(browser, 'https-1');
    expect(setCookie).toMatch(/SameSite=None/i);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/HttpOnly/);
    const res = await browser.request(local(form.action), { form: form.fields });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('__Host-atelier_sid='))).toBe(true);
  });

  it('refuses the same valid launch posted from a browser without that cookie', async () => {
    const { form } = await startLaunch(new TestBrowser(), 'https-2');
    const other = new TestBrowser();
    const res = await other.request(local(form.action), { form: form.fields });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('data-reason="lti-expired"');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('__Host-atelier_sid='))).toBe(false);
  });
});
