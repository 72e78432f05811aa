// T13 — Threat: a page a learner serves in their lab (or a hostile one a course makes them install) runs in
// the learner's browser through the preview and acts as the platform: reads the session, calls the API
// with it, resets the lab, reads another learner's preview. Defence: previews carry a per-lab capability in
// their path, the lab gets no platform cookie, and every answer is sandboxed (CSP `sandbox`) to an opaque
// origin, so the page is cross-origin to the platform and to every other preview. Tried in Chromium.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../e2e/support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const FIXTURES = path.resolve('test/fixtures/courses');

/** The attack page: everything it learns goes into its body as JSON. */
const attackPage = (labId: string, otherPreview: string) => `<!doctype html><html><body>waiting<script>
(async () => {
  const out = {};
  const attempt = (name, fn) => { try { out[name] = String(fn()); } catch (e) { out[name] = 'throws'; } };
  attempt('cookie', () => document.cookie);
  attempt('storage', () => (localStorage.setItem('x', '1'), 'ok'));
  attempt('parentCookie', () => window.parent.document.cookie);
  out.origin = String(self.origin);
  const fetchText = async (url, init) => {
    try { const r = await fetch(url, init); return r.status + ':' + (await r.text()).slice(0, 300); }
    catch (e) { return 'blocked'; }
  };
  out.me = await fetchText('/api/me', { credentials: 'include' });
  out.labs = await fetchText('/api/labs', { credentials: 'include' });
  out.reset = await fetchText('/api/labs/${labId}/reset', { method: 'POST', credentials: 'include', mode: 'no-cors' });
  out.other = await fetchText('${otherPreview}', { credentials: 'include' });
  document.body.textContent = JSON.stringify(out);
  document.title = 'done';
})();
</script></body></html>`;

/** Serves /srv/page.html on :8080 of the lab's default machine, and a marker page elsewhere. */
const SERVE = `setsid perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(LocalPort => 8080, Listen => 20,
  ReuseAddr => 1) or die; while (my $c = $s->accept) { while (<$c>) { last if /^\\r?$/ }
  open my $f, "<", "/srv/page.html"; local $/; my $b = <$f>; close $f;
  print $c "HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\nContent-Length: ".length($b)."\\r\\nConnection: close\\r\\n\\r\\n$b";
  close $c }' >/dev/null 2>&1 < /dev/null & sleep 0.5`;

describe('T13 preview isolation (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  const people: Record<string, { context: BrowserContext; page: Page; labId: string; preview: string }> = {};

  beforeAll(async () => {
    // The platform's own page frames the preview (the e2e project builds the client too).
    if (!fs.existsSync(path.resolve('dist/client/index.html')))
      execFileSync('npx', ['vite', 'build'], { stdio: 'ignore' });
    server = await startTestServer({
      env: {
        ATELIER_COURSES_DIR: FIXTURES,
        ATELIER_EXERCISES_DIR: path.resolve('exercises'),
        ATELIER_AUTO_CHECK_MS: '0',
      },
    });
    browser = await launchChromium();
    for (const who of ['alice', 'bob']) {
      const context = await browser.newContext();
      const api = context.request;
      await api.post(`${server.url}/api/auth/register`, {
        data: { username: who, password: 'correct horse battery' },
      });
      const labId = (
        (await (await api.post(`${server.url}/api/labs`, { data: { courseId: 'duo' } })).json()) as {
          id: string;
        }
      ).id;
      const link = (await (
        await api.post(`${server.url}/api/labs/${labId}/preview`, { data: {} })
      ).json()) as { url: string };
      people[who] = { context, page: await context.newPage(), labId, preview: link.url };
    }
    const { alice, bob } = people as Required<typeof people>;
    await server.runtime.exec(
      alice!.labId,
      ['bash', '-c', `cat > /srv/page.html; touch /root/still-here; ${SERVE}`],
      {
        stdin: attackPage(alice!.labId, bob!.preview),
      },
    );
    await server.runtime.exec(bob!.labId, ['bash', '-c', `echo bob-secret > /srv/page.html; ${SERVE}`]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const results = async (page: Page) => {
    await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 15_000 });
    return JSON.parse((await page.textContent('body')) ?? '{}') as Record<string, string>;
  };

  const expectContained = (r: Record<string, string>) => {
    expect(r.origin).toBe('null'); // opaque origin
    expect(r.cookie).toBe('throws'); // no cookie jar at all in a sandboxed document
    expect(r.storage).toBe('throws');
    for (const call of ['me', 'labs', 'other']) expect(r[call], call).toBe('blocked');
    expect(r.reset).not.toMatch(/"id"/);
  };

  it('opened in its own tab, the page has an opaque origin and cannot use the platform or another preview', async () => {
    const { alice } = people as Required<typeof people>;
    await alice!.page.goto(server.url + alice!.preview);
    expectContained(await results(alice!.page));
    // The reset the page tried did not happen: the lab still has the learner's file.
    const still = await server.runtime.exec(alice!.labId, ['test', '-e', '/root/still-here']);
    expect(still.exitCode).toBe(0);
  });

  it('framed in the platform’s page (the Browser tab), it cannot reach the parent either', async () => {
    const { alice } = people as Required<typeof people>;
    const page = await alice!.context.newPage();
    await page.goto(`${server.url}/`);
    const url = server.url + alice!.preview;
    await page.evaluate((src) => {
      const f = document.createElement('iframe');
      f.src = src;
      f.setAttribute('sandbox', 'allow-scripts allow-forms allow-popups');
      document.body.append(f);
    }, url);
    await expect.poll(() => page.frames().length, { timeout: 10_000 }).toBe(2);
    const frame = page.frames()[1]!;
    // A sandboxed frame takes no evaluated function: read its document instead.
    await expect.poll(() => frame.title(), { timeout: 15_000 }).toBe('done');
    const r = JSON.parse((await frame.textContent('body')) ?? '{}') as Record<string, string>;
    expectContained(r);
    expect(r.parentCookie).toBe('throws');
    // Meanwhile the platform page itself still has its session.
    expect(await page.evaluate(async () => (await fetch('/api/me')).status)).toBe(200);
  });

  it('the platform session never reaches the lab, and a wrong token is a 404', async () => {
    const { alice, bob } = people as Required<typeof people>;
    // Bob's own preview works for bob; alice without bob's token finds nothing.
    await bob!.page.goto(server.url + bob!.preview);
    expect(await bob!.page.textContent('body')).toContain('bob-secret');
    const guess = bob!.preview.replace(/\/preview\/[a-z2-7]{32}\//, `/preview/${'a'.repeat(32)}/`);
    const res = await alice!.page.goto(server.url + guess);
    expect(res?.status()).toBe(404);
  });
});
