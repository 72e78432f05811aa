// The compiled server as production starts it (`node dist/server/main.js`: the launcher with V8's code
// cache, then the bundle), with no TypeScript loader in its environment: every shipped course loads on a
// first start (compiled with esbuild) and on the next one (from the course code cache), also once V8's code
// cache exists (functions V8 restores from it cannot run a dynamic import(): the server must not need one).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_MAIN, spawnServer } from '../support/server-process.js';

const dataDirs: string[] = [];
const newDataDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atelier-production-start-'));
  dataDirs.push(dir);
  return dir;
};
const V8_CACHE = path.join(path.dirname(SERVER_MAIN), 'server.js.v8-cache');
const shipped = readdirSync('courses', { withFileTypes: true }).filter(
  (d) => d.isDirectory() && existsSync(path.join('courses', d.name, 'course.ts')),
).length;

async function start(
  dataDir: string,
  keepUntil?: () => boolean,
): Promise<{ courses: number; refused: string[] }> {
  const server = await spawnServer({
    dataDir,
    instance: `atelier-prodstart${process.pid}`,
    // What a shell or systemd gives `npm start`: no loader inherited from the test runner.
    env: { NODE_OPTIONS: '', ATELIER_POOL_SIZE: '0' },
  });
  try {
    const list = (await (await fetch(`${server.url}/api/courses`)).json()) as unknown[];
    const refused = server
      .output()
      .split('\n')
      .filter((l) => l.includes('course refused'));
    for (let waited = 0; keepUntil && !keepUntil() && waited < 30_000; waited += 200)
      await new Promise((r) => setTimeout(r, 200));
    return { courses: list.length, refused };
  } finally {
    server.child.kill('SIGKILL');
    await server.exited;
  }
}

describe('the production start', () => {
  afterAll(() => dataDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('loads every shipped course, with and without V8’s code cache', { timeout: 180_000 }, async () => {
    // The first start runs until the launcher has written V8's code cache beside the bundle.
    const first = await start(newDataDir(), () => existsSync(V8_CACHE));
    expect(first.refused).toEqual([]);
    expect(first.courses).toBe(shipped);
    expect(existsSync(V8_CACHE)).toBe(true);
    // A new data folder with V8's cache in place: the courses are compiled again (esbuild is loaded).
    const dir = newDataDir();
    for (const run of ['compiled under the V8 cache', 'from the course caches']) {
      const r = await start(dir);
      expect(r.refused, run).toEqual([]);
      expect(r.courses, run).toBe(shipped);
    }
    expect(existsSync(path.join(dir, 'course-code-cache.json'))).toBe(true);
    expect(existsSync(path.join(dir, 'lesson-cache.json'))).toBe(true);
  });
});
