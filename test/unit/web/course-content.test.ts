// Web side — Threats: (1) path traversal through the course asset route reads files outside a course's
// images (course sources, solutions, /etc/passwd); (2) a lesson or hint carries script that runs on the
// platform's origin (steals nothing — the cookie is HttpOnly — but can drive the learner's terminal).
// Defences: server/courses/asset-path.ts (fixed root, realpath prefix check, raster images only) and
// server/courses/markdown.ts (marked + sanitize-html allowlist), checked through the real registry.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../server/courses/markdown.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { httpClient, startTestServer, type AnyTestServer } from '../../support/server.js';
import { EVIL_ID, PNG, writeEvilCourse } from './evil-course.js';

/** GET with the path sent byte for byte (fetch would normalise `..` and `%2e%2e` away). */
function rawGet(base: string, rawPath: string, cookie: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: rawPath, headers: { cookie } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('latin1')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const DANGEROUS_TAGS = [
  'script',
  'iframe',
  'svg',
  'math',
  'form',
  'object',
  'embed',
  'style',
  'meta',
  'base',
  'link',
];
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data']);

/** Every element and attribute the browser would see, from a real HTML parser. */
function problemsIn(html: string): string[] {
  const problems: string[] = [];
  const parser = new Parser({
    onopentag(tag, attrs) {
      if (DANGEROUS_TAGS.includes(tag)) problems.push(`<${tag}>`);
      for (const [name, value] of Object.entries(attrs)) {
        if (/^on/i.test(name) || ['style', 'srcdoc', 'formaction'].includes(name))
          problems.push(`${tag}[${name}]`);
        // eslint-disable-next-line no-control-regex -- browsers drop these before reading the scheme
        const url = value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (URL_ATTRS.has(name) && /^(javascript|vbscript|data):/.test(url))
          problems.push(`${tag}[${name}=${value}]`);
      }
    },
  });
  parser.write(html);
  parser.end();
  return problems;
}

describe('course content: asset paths and Markdown sanitizing', () => {
  let server: AnyTestServer<FakeRuntime>;
  let cookie = '';
  let coursesDir = '';

  beforeAll(async () => {
    coursesDir = writeEvilCourse();
    server = await startTestServer({ runtime: new FakeRuntime(), env: { ATELIER_COURSES_DIR: coursesDir } });
    const u = httpClient(server.url);
    await u.post('/api/auth/register', { username: 'reader', password: 'correct horse battery' });
    cookie = u.cookie;
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(path.dirname(coursesDir), { recursive: true, force: true });
  });

  it('serves a real image and answers 404 to every traversal', async () => {
    const base = `/api/courses/${EVIL_ID}/assets`;
    const ok = await rawGet(server.url, `${base}/images/ok.png`, cookie);
    expect(ok.status).toBe(200);
    expect(Buffer.from(ok.body, 'latin1').equals(PNG)).toBe(true);
    expect((await rawGet(server.url, `${base}/images/ok.png`, '')).status).toBe(401);
    const attempts = [
      '/../course.ts',
      '/images/../../course.ts',
      '/images/../../../secret.png',
      '/%2e%2e/%2e%2e/secret.png',
      '/images/%2e%2e/%2e%2e/secret.png',
      '/images%2f..%2f..%2fsecret.png',
      '/%252e%252e/%252e%252e/secret.png',
      '/..%5c..%5csecret.png',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/images/ok.png%00.txt',
      '/images/ok.png%00',
      '/images/link.png', // symlink out of images/
      '/images/.hidden.png',
      '/solutions/xss.sh',
      '/lessons/xss.fr.md',
      '/images/',
    ];
    for (const a of attempts) {
      const res = await rawGet(server.url, base + a, cookie);
      expect(res.status, a).toBe(404);
      expect(res.body, a).not.toMatch(/SECRET-BESIDE-COURSE|defineCourse|root:x:0:0|touch \/root/);
    }
    for (const id of ['..', '..%2f..%2fetc', '%2e%2e']) {
      const res = await rawGet(server.url, `/api/courses/${id}/assets/images/ok.png`, cookie);
      expect(res.status, id).toBe(404);
    }
    console.log(`[content] 1 image served, ${attempts.length + 3} traversal attempts → 404`);
  });

  it('serves lessons and hints without script, event handlers or javascript: URLs', async () => {
    const res = await fetch(`${server.url}/api/courses/${EVIL_ID}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const course = (await res.json()) as { exercises: { lessonHtml: string; hintsHtml: string[] }[] };
    const ex = course.exercises[0]!;
    expect(problemsIn(ex.lessonHtml)).toEqual([]);
    expect(problemsIn(ex.hintsHtml.join(''))).toEqual([]);
    expect(ex.lessonHtml).toContain('&lt;script&gt;alert'); // the code block shows it as text
    expect(ex.lessonHtml).toMatch(/<img src="\/api\/courses\/evil-course\/assets\/images\/ok.png"/);
  });

  it('refuses unsafe image references in Markdown', () => {
    const md = [
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'https://evil.example/x.png',
      '../secret.png',
      '/etc/passwd',
    ]
      .map((src) => `![x](${src})`)
      .join('\n\n');
    const r = renderMarkdown(md, { lang: 'fr', assetUrl: (p) => `/a/${p}` });
    expect(r.refusedImages).toHaveLength(5);
    expect(problemsIn(r.html)).toEqual([]);
    expect(r.html).not.toContain('<img');
  });
});
