import type Dockerode from 'dockerode';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Lab images: one folder per environment under exercises/ (`exercises/<env>/Dockerfile` + files), built
 * as `<prefix>/<env>`. A content hash of the folder (plus its parent's) is stored in a label, so an
 * unchanged environment is never rebuilt.
 */

export type Log = (line: string) => void;
export const CONTENT_HASH_LABEL = 'atelier.content-hash';
const BOOTSTRAP = fileURLToPath(new URL('../../scripts/bootstrap-os-image.sh', import.meta.url));
const TERM_HOLDER_DIR = fileURLToPath(new URL('./term-holder/', import.meta.url));
const PULL_BUDGET_MS = 20_000;

export interface ExerciseEnv {
  name: string;
  image: string;
  dir: string;
  /** The FROM image, with ATELIER_PREFIX substituted. */
  from: string;
}

/** Every image a lab may run: the allowlist. */
export function allowedImages(exercisesDir: string, prefix: string): Set<string> {
  return new Set(environments(exercisesDir, prefix).map((e) => e.image));
}

/** Environments in build order (parents first). */
export function environments(exercisesDir: string, prefix: string): ExerciseEnv[] {
  if (!fs.existsSync(exercisesDir)) return [];
  const found = fs
    .readdirSync(exercisesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(exercisesDir, d.name, 'Dockerfile')))
    .map((d): ExerciseEnv => {
      const dir = path.join(exercisesDir, d.name);
      return { name: d.name, image: `${prefix}/${d.name}`, dir, from: parentImage(dir, prefix) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const byImage = new Map(found.map((e) => [e.image, e]));
  const ordered: ExerciseEnv[] = [];
  const visit = (e: ExerciseEnv, seen: string[]) => {
    if (ordered.includes(e)) return;
    if (seen.includes(e.image)) throw new Error(`exercises: FROM cycle ${[...seen, e.image].join(' → ')}`);
    const parent = byImage.get(e.from);
    if (parent) visit(parent, [...seen, e.image]);
    ordered.push(e);
  };
  for (const e of found) visit(e, []);
  return ordered;
}

/** The last FROM of a Dockerfile (the stage that becomes the image). */
function parentImage(dir: string, prefix: string): string {
  const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  const froms = [...text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)].map((m) => m[1] ?? '');
  const from = froms.at(-1);
  if (!from) throw new Error(`${dir}/Dockerfile has no FROM line`);
  return from.replace(/\$\{ATELIER_PREFIX\}|\$ATELIER_PREFIX\b/g, prefix);
}

function listFiles(dir: string, rel = ''): string[] {
  return fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory() ? listFiles(dir, path.posix.join(rel, d.name)) : [path.posix.join(rel, d.name)],
    )
    .sort();
}

function contentHash(dir: string, files: string[], parentHash: string): string {
  const h = createHash('sha256').update(`parent ${parentHash}\n`);
  for (const f of files) {
    const mode = fs.statSync(path.join(dir, f)).mode & 0o111 ? 'x' : '-';
    h.update(
      `${f} ${mode} ${createHash('sha256')
        .update(fs.readFileSync(path.join(dir, f)))
        .digest('hex')}\n`,
    );
  }
  return h.digest('hex').slice(0, 32);
}

async function imageInfo(docker: Dockerode, image: string): Promise<{ id: string; hash?: string } | null> {
  const info = await docker
    .getImage(image)
    .inspect()
    .catch((err: { statusCode?: number }) => (err.statusCode === 404 ? null : Promise.reject(err)));
  return info && { id: info.Id, hash: info.Config.Labels?.[CONTENT_HASH_LABEL] };
}

export interface BuildOptions {
  docker: Dockerode;
  exercisesDir: string;
  prefix: string;
  log: Log;
}

/** The platform's own image with the terminal holder every lab mounts (docker-term-tool.ts). */
export function termImage(prefix: string): string {
  return `${prefix}/term`;
}

function termEnvironment(prefix: string): ExerciseEnv {
  const dir = TERM_HOLDER_DIR.replace(/\/$/, '');
  return { name: 'term', image: termImage(prefix), dir, from: `${prefix}/os:bookworm` };
}

/** An environment with its content hash and what the engine has under its name now. */
export interface PlannedImage {
  env: ExerciseEnv;
  files: string[];
  hash: string;
  current: { id: string; hash?: string } | null;
}

/** The terminal holder, then every environment (parents first), each with its hash: nothing is built. */
export async function planImages(opts: Omit<BuildOptions, 'log'>): Promise<PlannedImage[]> {
  const { docker } = opts;
  const hashes = new Map<string, string>();
  const planned: PlannedImage[] = [];
  for (const env of [termEnvironment(opts.prefix), ...environments(opts.exercisesDir, opts.prefix)]) {
    // An external parent (the OS image) counts by its image id, so a re-made base OS rebuilds everything.
    const parent = hashes.get(env.from) ?? (await imageInfo(docker, env.from))?.id;
    if (!parent) throw new Error(`image ${env.image} needs ${env.from}, which does not exist`);
    const files = listFiles(env.dir);
    const hash = contentHash(env.dir, files, parent);
    hashes.set(env.image, hash);
    planned.push({ env, files, hash, current: await imageInfo(docker, env.image) });
  }
  return planned;
}

export const isCurrent = (p: PlannedImage): boolean => p.current?.hash === p.hash;

/** Builds the terminal holder and every environment whose content hash changed; returns what it did. */
export async function buildAllImages(
  opts: BuildOptions,
  build: typeof buildPlanned = buildPlanned,
): Promise<{ image: string; built: boolean }[]> {
  const done: { image: string; built: boolean }[] = [];
  for (const p of await planImages(opts)) {
    const built = !isCurrent(p);
    if (built) await build(opts, p);
    else opts.log(`${p.env.image} is up to date (${p.hash.slice(0, 12)})`);
    done.push({ image: p.env.image, built });
  }
  return done;
}

/** Builds one planned image, then drops the one it replaces; `onStep` hears each `Step n/m`. */
export async function buildPlanned(
  opts: BuildOptions,
  p: PlannedImage,
  onStep?: (step: number, steps: number) => void,
): Promise<void> {
  await buildOne(opts.docker, p.env, p.files, p.hash, opts.prefix, opts.log, onStep);
  // Drop the replaced image unless a lab still runs on it (then Docker refuses, and that is fine).
  if (p.current)
    await opts.docker
      .getImage(p.current.id)
      .remove()
      .catch(() => undefined);
}

async function buildOne(
  docker: Dockerode,
  env: ExerciseEnv,
  files: string[],
  hash: string,
  prefix: string,
  log: Log,
  onStep?: (step: number, steps: number) => void,
) {
  const started = Date.now();
  const secs = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  log(`building ${env.image} (${hash.slice(0, 12)})`);
  const stream = await docker.buildImage(
    { context: env.dir, src: files },
    {
      t: env.image,
      buildargs: { ATELIER_PREFIX: prefix },
      labels: { [CONTENT_HASH_LABEL]: hash },
      rm: true,
      forcerm: true,
    },
  );
  let step = '(before the first step)';
  const tail: string[] = [];
  let failure: string | undefined;
  // Long steps (apt-get) would otherwise look like a hang.
  const heartbeat = setInterval(
    () => log(`${env.image}: still at ${step.split(' : ')[0]} [${secs()}]`),
    15_000,
  );
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null) => (err ? reject(err) : resolve()),
      (ev: { stream?: string; error?: string }) => {
        if (ev.error) failure = ev.error;
        for (const line of stripAnsi(ev.stream ?? '')
          .split('\n')
          .filter((l) => l.trim())) {
          tail.push(line);
          if (tail.length > 20) tail.shift();
          const m = /^Step (\d+)\/(\d+) : /.exec(line);
          if (!m) continue;
          log(`${env.image}: ${(step = clip(line))} [${secs()}]`);
          onStep?.(Number(m[1]), Number(m[2]));
        }
      },
    );
  })
    .catch((err: Error) => (failure ??= err.message))
    .finally(() => clearInterval(heartbeat));
  if (failure !== undefined) {
    const last = tail.map((l) => `  | ${l}`).join('\n');
    throw new Error(`building ${env.image} failed at "${step}": ${failure.trim()}\n${last}`);
  }
  log(`built ${env.image} in ${secs()}`);
}

/** Makes `<prefix>/os:bookworm`: already there, else Debian's image (local or pulled), else debootstrap. */
export async function ensureBaseOs(prefix: string, opts: { docker: Dockerode; log: Log }): Promise<void> {
  const { docker } = opts;
  const target = `${prefix}/os:bookworm`;
  if (await imageInfo(docker, target)) return;
  const debian = 'debian:bookworm-slim';
  if (!(await imageInfo(docker, debian))) {
    opts.log(`${target} missing: trying to pull ${debian} (at most ${PULL_BUDGET_MS / 1000} s)`);
    await pull(docker, debian).catch((err: Error) =>
      opts.log(`pull of ${debian} failed: ${err.message.trim()}`),
    );
  }
  if (await imageInfo(docker, debian)) {
    await docker.getImage(debian).tag({ repo: `${prefix}/os`, tag: 'bookworm' });
    opts.log(`tagged ${debian} as ${target}`);
    return;
  }
  opts.log(`no registry: making ${target} with debootstrap (scripts/bootstrap-os-image.sh)`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [BOOTSTRAP, target], { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const out of [child.stdout, child.stderr]) {
      out.on('data', (b: Buffer) => b.toString().split('\n').filter(Boolean).forEach(opts.log));
    }
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${BOOTSTRAP} exited with ${code}`)),
    );
  });
}

async function pull(docker: Dockerode, image: string): Promise<void> {
  const signal = AbortSignal.timeout(PULL_BUDGET_MS);
  const stream = await docker.pull(image, { abortSignal: signal });
  await new Promise((resolve, reject) =>
    docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve(e))),
  );
}

function clip(line: string, max = 110): string {
  const flat = line.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- the build output colours stderr
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
