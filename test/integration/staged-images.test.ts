// The staged start on the real engine: a throwaway exercises/ with two envs under a unique image prefix,
// the second slow. The server answers while the second builds; its course says `building`, then `ready`;
// a lab start gets 503 image-building, then works. Every image of the prefix is removed afterwards.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../support/docker-client.js';
import { removeInstanceContainers } from '../support/instance-containers.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';
import { httpClient } from '../support/server.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const token = randomBytes(4).toString('hex');
const prefix = `atelier-it-staged-${token}`;
const instance = `atelier-st${token}`;
const root = mkdtempSync(path.join(os.tmpdir(), 'atelier-staged-'));

function course(id: string, order: number, image: string): string {
  const authoring = path.join(REPO, 'server/courses/authoring.js');
  return `import { check, defineCourse } from ${JSON.stringify(authoring)};
export default defineCourse({
  id: '${id}', order: ${order}, image: '${image}',
  title: { fr: '${id}', en: '${id}' }, description: { fr: '${id}', en: '${id}' },
  exercises: [{ id: 'un', title: { fr: 'Un', en: 'One' }, checks: [check.file('/etc/hostname', { exists: true })] }],
});
`;
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

let server: ServerProcess | undefined;

beforeAll(async () => {
  // The base OS is reused (a tag); the token keeps Docker's layer cache from skipping the slow step.
  await docker.getImage('atelier/os:bookworm').tag({ repo: `${prefix}/os`, tag: 'bookworm' });
  const from = 'ARG ATELIER_PREFIX=atelier\nFROM ${ATELIER_PREFIX}';
  write(
    path.join(root, 'exercises/rapide/Dockerfile'),
    `${from}/os:bookworm\nRUN echo ${token} > /etc/rapide\n`,
  );
  write(
    path.join(root, 'exercises/lent/Dockerfile'),
    `${from}/rapide\nRUN sleep 6 && echo ${token}\nRUN sleep 6 && echo ${token} > /etc/lent\n`,
  );
  for (const [id, order, image] of [
    ['premier', 10, 'rapide'],
    ['lourd', 500, 'lent'],
  ] as const) {
    write(path.join(root, `courses/${id}/course.ts`), course(id, order, image));
    for (const lang of ['fr', 'en']) write(path.join(root, `courses/${id}/lessons/un.${lang}.md`), 'Un.\n');
    write(path.join(root, `courses/${id}/solutions/un.sh`), 'true\n');
  }
  mkdirSync(path.join(root, 'data'));
});

afterAll(async () => {
  server?.child.kill('SIGKILL');
  await server?.exited;
  await removeInstanceContainers(instance);
  const mine = await docker.listImages({ filters: { reference: [`${prefix}/*`] } });
  for (const image of mine)
    for (const tag of image.RepoTags ?? [])
      await docker
        .getImage(tag)
        .remove()
        .catch(() => undefined);
  // The terminal holder's volume is named after the instance (docker-term-tool.ts).
  const vols = await docker.listVolumes();
  for (const v of vols.Volumes ?? [])
    if (v.Name.startsWith(`${instance}-term-`))
      await docker
        .getVolume(v.Name)
        .remove()
        .catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

describe('staged image builds at start', () => {
  it(
    'answers while the slow image builds; its course is building, then ready; a lab waits with a 503',
    { timeout: 240_000 },
    async () => {
      server = await spawnServer(
        {
          dataDir: path.join(root, 'data'),
          instance,
          env: {
            ATELIER_BUILD_IMAGES: 'auto',
            ATELIER_IMAGE_PREFIX: prefix,
            ATELIER_COURSES_DIR: path.join(root, 'courses'),
            ATELIER_EXERCISES_DIR: path.join(root, 'exercises'),
            ATELIER_POOL_SIZE: '1',
          },
        },
        180_000,
      );
      const http = httpClient(server.url);
      expect(
        (await http.post('/api/auth/register', { username: 'lea', password: 'correct horse' })).status,
      ).toBe(201);

      const states = async () => {
        const list = (await http.get('/api/courses')).body as { id: string; imageState: { state: string } }[];
        return Object.fromEntries(list.map((c) => [c.id, c.imageState]));
      };
      const first = await states();
      expect(first.premier).toEqual({ state: 'ready' });
      expect(['queued', 'building']).toContain(first.lourd?.state);

      const refused = await http.post('/api/labs', { courseId: 'lourd' });
      expect(refused.status).toBe(503);
      expect(refused.body.error.reason).toBe('image-building');
      // The first course's lab starts meanwhile.
      expect((await http.post('/api/labs', { courseId: 'premier' })).body.state).toBe('running');

      // Building, with its step, then ready.
      let seen: { state: string; step?: number; steps?: number } | undefined;
      for (let i = 0; i < 300; i++) {
        const s = (await http.get('/api/courses/lourd/image')).body as { state: string; step?: number };
        if (s.state === 'building' && (s.step ?? 0) > 0) seen ??= s;
        if (s.state === 'ready') break;
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(seen).toMatchObject({ state: 'building', steps: 5 });
      expect((await states()).lourd).toEqual({ state: 'ready' });
      const started = await http.post('/api/labs', { courseId: 'lourd' });
      expect([started.status, started.body.state]).toEqual([200, 'running']);
      expect(server.output()).toMatch(new RegExp(`${prefix}/lent: Step 3/5`));
      expect(server.output()).not.toMatch(/pool for lourd/);
    },
  );
});
