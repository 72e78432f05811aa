import { z } from 'zod';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { MAX_MACHINES } from './courses/define-course.js';
import { DEFAULT_LAB_SUBNETS, parseSubnetRange } from './sandbox/lab-subnets.js';
import { loadSsoProviders } from './auth/sso/sso-config.js';
import { loadEngines, localEngine } from './sandbox/engine-config.js';
import type { EngineConfig } from './sandbox/engine-types.js';
import type { SsoConfig } from './auth/sso/sso-types.js';

const MiB = 1024 * 1024;
/** PSI `some avg10` (%) from which the host counts as busy: idle here reads ~1 %, an oversubscribed host 60+. */
export const DEFAULT_HOST_BUSY_PRESSURE = 60;

// Every knob the platform reads from the environment. docs/OPERATIONS.md lists them with their defaults.
const schema = z.object({
  ATELIER_HOST: z.string().default('127.0.0.1'),
  ATELIER_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ATELIER_PUBLIC_ORIGIN: z.string().url().optional(),
  ATELIER_DATA_DIR: z.string().default('data'),
  ATELIER_COURSES_DIR: z.string().default('courses'),
  ATELIER_EXERCISES_DIR: z.string().default('exercises'),
  ATELIER_DEFAULT_LANG: z.enum(['fr', 'en']).default('fr'),
  ATELIER_REGISTRATION: z.enum(['open', 'closed']).default('open'),
  // Single sign-on (server/auth/sso/): the providers file, and whether local passwords serve non-admins.
  ATELIER_SSO_FILE: z.string().optional(),
  ATELIER_LOCAL_LOGIN: z.enum(['on', 'off']).default('on'),
  ATELIER_LAB_CPUS: z.coerce.number().positive().max(64).default(1),
  ATELIER_LAB_MEMORY_MB: z.coerce.number().int().min(64).max(65536).default(512),
  ATELIER_LAB_PIDS: z.coerce.number().int().min(16).max(32768).default(256),
  ATELIER_LAB_TMP_MB: z.coerce.number().int().min(1).max(4096).default(64),
  ATELIER_TERMINALS_PER_USER: z.coerce.number().int().min(1).max(50).default(4),
  ATELIER_TERMINAL_GRACE_S: z.coerce.number().int().min(0).max(86400).default(600),
  ATELIER_IMAGE_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._/-]*$/)
    .default('atelier'),
  ATELIER_AUTO_CHECK_MS: z.coerce.number().int().min(0).max(60_000).default(1500),
  // Trainer's grid: "stuck" after this much activity on one exercise without passing it.
  ATELIER_STUCK_MINUTES: z.coerce.number().min(0.05).max(600).default(10),
  // Lab lifecycle (server/labs/lab-lifecycle.ts): warm pool, start queue, culling, disk limits.
  ATELIER_POOL_SIZE: z.coerce.number().int().min(0).max(500).default(1),
  ATELIER_POOL_SIZES: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*=\d{1,3}(,[a-z0-9][a-z0-9-]*=\d{1,3})*$/, 'course=size,course=size')
    .optional(),
  // 'auto': 2 starts per CPU, 2..16 (startWidth below).
  ATELIER_START_CONCURRENCY: z
    .string()
    .regex(/^(auto|[1-9]|[1-5]\d|6[0-4])$/, 'auto or a number from 1 to 64')
    .default('auto'),
  // Pool refills and automatic checks wait while CPU pressure (PSI some avg10, %) is at least this; 100: never.
  ATELIER_HOST_BUSY_PRESSURE: z.coerce.number().min(1).max(100).default(DEFAULT_HOST_BUSY_PRESSURE),
  ATELIER_IDLE_TIMEOUT_MIN: z.coerce.number().int().min(0).max(10_080).default(30),
  ATELIER_LAB_MAX_AGE_DAYS: z.coerce.number().min(0).max(3650).default(30),
  ATELIER_LAB_DISK_MB: z.coerce.number().int().min(0).max(10_000_000).default(2048),
  ATELIER_LAB_INODES: z.coerce.number().int().min(0).max(1_000_000_000).default(200_000),
  // Multi-machine labs: their private networks' subnets (/28 each) and the most machines per lab.
  ATELIER_LAB_SUBNETS: z
    .string()
    .default(DEFAULT_LAB_SUBNETS)
    .superRefine((v, ctx) => {
      try {
        parseSubnetRange(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  ATELIER_LAB_MACHINES: z.coerce.number().int().min(1).max(MAX_MACHINES).default(MAX_MACHINES),
  // The learner's preview on its own registrable domain (a wildcard origin such as https://*.preview.example.org).
  ATELIER_PREVIEW_ORIGIN: z
    .string()
    .regex(/^https?:\/\/\*\.[a-z0-9.-]+(:\d+)?$/, 'a wildcard origin such as https://*.preview.example.org')
    .optional(),
  ATELIER_DISK_POLL_S: z.coerce.number().int().min(10).max(86_400).default(300),
  ATELIER_HOST_MIN_FREE_MB: z.coerce.number().int().min(0).max(10_000_000).default(1024),
  // Admission (server/labs/lab-admission.ts): 'auto' sizes the host cap from RAM, CPUs and pid_max.
  ATELIER_MAX_LABS: z
    .string()
    .regex(/^(auto|\d{1,5})$/, 'auto or a number')
    .default('auto'),
  ATELIER_LABS_PER_USER: z.coerce.number().int().min(0).max(1000).default(3),
  ATELIER_LABS_PER_IP: z.coerce.number().int().min(0).max(100_000).optional(),
  ATELIER_ACCOUNTS_PER_IP_HOUR: z.coerce.number().int().min(1).max(100_000).default(40),
  ATELIER_CHECKS_PER_MIN: z.coerce.number().int().min(1).max(10_000).default(30),
  ATELIER_INSTANCE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,30}$/)
    .default('atelier'),
  ATELIER_BUILD_IMAGES: z.enum(['auto', 'never']).default('auto'),
  // Images of courses with a lower `order` are built before listening, the others after (lab-images.ts).
  ATELIER_IMAGES_FIRST_ORDER: z.coerce.number().int().min(0).max(10_001).default(100),
  // 'auto': runsc or sysbox-runc when the engine has one (server/sandbox/docker-oci-runtime.ts), else runc.
  ATELIER_RUNTIME: z
    .string()
    .regex(/^[a-z0-9._-]*$/)
    .default('auto'),
  DOCKER_HOST: z.string().optional(),
  // Several Docker Engines (docs/OPERATIONS.md): a YAML/JSON file, or inline JSON; unset: DOCKER_HOST alone.
  ATELIER_ENGINES: z.string().optional(),
  ATELIER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // 'auto': readable lines when stdout is a terminal, JSON lines to a file or a pipe.
  ATELIER_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  ATELIER_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2}|[a-z0-9.:/]+(\s*,\s*[a-z0-9.:/]+)*)$/i, 'true, false, a hop count or a list')
    // No proxy unless configured: trusting loopback by default let any client of a proxy that passes the
    // header through (or any local process) choose its address and reset the per-IP limits.
    .default('false'),
  ATELIER_METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  ATELIER_BACKUP_DIR: z.string().optional(),
  ATELIER_BACKUP_INTERVAL_H: z.coerce.number().min(0).max(8760).default(24),
  ATELIER_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  // A class's dates and sessions are in its own time zone; this one is the default for new classes.
  ATELIER_TIME_ZONE: z
    .string()
    .default('Europe/Paris')
    .refine(isTimeZone, 'an IANA time zone such as Europe/Paris'),
  // A scheduled session's warm pool grows this long before its start.
  ATELIER_SESSION_LEAD_MIN: z.coerce.number().int().min(0).max(1440).default(10),
  // Checkpoints of learners' labs (saved when an exercise passes): kept per lab (0 = none), MiB per lab and host.
  ATELIER_CHECKPOINTS_PER_LAB: z.coerce.number().int().min(0).max(50).default(3),
  ATELIER_CHECKPOINT_LAB_MB: z.coerce.number().int().min(1).max(1_000_000).default(1024),
  ATELIER_CHECKPOINT_HOST_MB: z.coerce.number().int().min(1).max(100_000_000).default(10_240),
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Every variable the platform reads (docker-compose.yml and docs/OPERATIONS.md must list them). */
export const CONFIG_KEYS: readonly string[] = Object.keys(schema.shape);

export interface Config {
  host: string;
  port: number;
  publicOrigin?: string;
  dataDir: string;
  dbPath: string;
  coursesDir: string;
  exercisesDir: string;
  defaultLang: 'fr' | 'en';
  registrationOpen: boolean;
  /** OpenID Connect and LDAP providers; local login off for non-admins. */
  sso: SsoConfig;
  lab: LabLimits;
  /** Where multi-machine labs take their network's /28 from (ATELIER_LAB_SUBNETS). */
  labSubnets: string;
  /** Most machines one lab may have. */
  machinesPerLab: number;
  /** Wildcard origin for previews (`https://*.preview.example.org`); unset: under /preview/ here. */
  previewOrigin?: string;
  terminalsPerUser: number;
  /** Warm pool, start queue, idle culling, max age and disk limits. */
  lifecycle: LifecycleOptions;
  /** Caps on running labs: on the host, per user, per IP (0 = none). */
  admission: { maxLabs: number; labsPerUser: number; labsPerIp: number };
  accountsPerIpHour: number;
  /** Button checks per user per minute (auto-checks are not counted). */
  checksPerMin: number;
  terminalGraceMs: number;
  /** Quiet time after terminal activity before an automatic check (0 = off). */
  autoCheckQuietMs: number;
  /** Active time on one exercise without passing it after which the trainer's grid flags a learner. */
  stuckAfterMs: number;
  imagePrefix: string;
  /** Container names are `<instance>-lab-<id>`; reconciliation only touches this instance's labs. */
  instance: string;
  buildImages: boolean;
  /** Courses with `order` below this get their images before the server listens; the rest build after. */
  imagesFirstOrder: number;
  dockerHost?: string;
  /** The engines labs run on: ATELIER_ENGINES, else one engine `local` on DOCKER_HOST. */
  engines: EngineConfig[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** JSON lines, or readable lines (pino-pretty); 'auto' picks by whether stdout is a terminal. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** Express `trust proxy`: which peers may set X-Forwarded-For (see docs/OPERATIONS.md). */
  trustProxy: boolean | number | string[];
  /** Bearer token for /metrics; without one, /metrics answers only direct loopback requests. */
  metricsToken?: string;
  /** Periodic online backups of the database (intervalMs 0 = off). */
  backup: { dir: string; intervalMs: number; keep: number };
  /** Time zone of new classes (IANA name). */
  timeZone: string;
  /** A scheduled session's pool grows this long before it starts. */
  sessionLeadMs: number;
  checkpoints: CheckpointLimits;
}

/** How much of the host learners' checkpoints may take (server/labs/lab-checkpoints.ts). */
export interface CheckpointLimits {
  /** Checkpoints kept per lab, newest first (0 = checkpoints off). */
  perLab: number;
  labBytes: number;
  hostBytes: number;
}

export interface LabLimits {
  nanoCpus: number;
  memoryBytes: number;
  pidsLimit: number;
  tmpSizeMb: number;
  /**
   * OCI runtime for labs: '' = Docker's default, a name such as 'runsc' or 'sysbox-runc', or 'auto'
   * (resolved against `docker info` at start; an unresolved 'auto' means Docker's default).
   */
  runtime: string;
}

/** The background side of labs (server/labs/lab-lifecycle.ts): pool, start queue, sweeps, disk. */
export interface LifecycleOptions {
  /** Ready containers per course (0 = no pool); `poolSizes` overrides it per course id. */
  poolSize: number;
  poolSizes: Record<string, number>;
  /** Container starts (cold starts, restarts, pool refills) running at once; the rest queue. */
  startConcurrency: number;
  /**
   * Host CPU pressure (percent of PSI `some avg10`) from which pool refills and automatic checks wait
   * (100 or unset: never).
   */
  hostBusyPressure?: number;
  /** Pool refills wait this long after a learner's start ends (unset: no wait). */
  refillRushMs?: number;
  idleMs: number;
  maxAgeMs: number;
  diskQuotaBytes: number;
  /** Entries a lab may add to its root filesystem (0 = no limit). */
  diskEntryLimit: number;
  diskPollMs: number;
  minFreeBytes: number;
}

export class ConfigError extends Error {}

function admissionOf(e: z.infer<typeof schema>, engines: EngineConfig[] | undefined): Config['admission'] {
  // Several engines: 'auto' is the sum of their lab capacities (this host's own size says nothing of
  // theirs), or no cap of its own when one of them has none (placement still stops at each capacity).
  const engineLabs = engines?.every((x) => x.capacity.labs > 0)
    ? engines.reduce((n, x) => n + x.capacity.labs, 0)
    : 0;
  const maxLabs =
    e.ATELIER_MAX_LABS !== 'auto'
      ? Number(e.ATELIER_MAX_LABS)
      : engines
        ? engineLabs
        : hostLabCapacity(e.ATELIER_LAB_MEMORY_MB * MiB, e.ATELIER_LAB_PIDS);
  // Unset: one address may hold half the host (a class behind one NAT needs it raised).
  const labsPerIp = e.ATELIER_LABS_PER_IP ?? Math.ceil(maxLabs / 2);
  return { maxLabs, labsPerUser: e.ATELIER_LABS_PER_USER, labsPerIp };
}

/**
 * The default start queue width: 2 starts per CPU, 2..16. On 2 cores that is the 4 measured best for
 * cold starts (16 did not start a burst faster and tripled a neighbour's echo p95, docs/PERFORMANCE.md).
 */
export function startWidth(setting: string, cpus = os.availableParallelism()): number {
  if (setting !== 'auto') return Number(setting);
  return Math.min(16, Math.max(2, 2 * cpus));
}

/** A class's starts come in a rush: pool refills wait until no learner has started for this long. */
const REFILL_RUSH_MS = 10_000;

/** Labs per core: 2 cores serve a class of 30–60 (docs/PERFORMANCE.md); busy labs share the cores. */
const LABS_PER_CPU = 30;
/** Memory limits may add up to this multiple of RAM: an idle lab uses ~5 MiB of its 512 MiB limit. */
const MEMORY_OVERCOMMIT = 4;
const HOST_RESERVE_BYTES = 1024 * MiB;

function pidMax(): number {
  try {
    return Number(fs.readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim()) || 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * The default ATELIER_MAX_LABS (docs/OPERATIONS.md): the smallest of half the host's process table in
 * per-lab pid limits, 4 × (RAM − 1 GiB) in per-lab memory limits, and 30 labs per CPU; at least 1.
 */
export function hostLabCapacity(
  labMemoryBytes: number,
  labPids: number,
  host = { memBytes: os.totalmem(), cpus: os.cpus().length, pidMax: pidMax() },
): number {
  const byPids = Math.floor(host.pidMax / 2 / labPids);
  const byMemory = Math.floor((MEMORY_OVERCOMMIT * (host.memBytes - HOST_RESERVE_BYTES)) / labMemoryBytes);
  const byCpu = LABS_PER_CPU * host.cpus;
  return Math.max(1, Math.min(byPids, byMemory, byCpu));
}

/**
 * Fills `env` with the variables of a `.env` file (`ATELIER_ENV_FILE`, default `./.env`) when it exists;
 * variables already set in the real environment win. Returns the file read, if any.
 */
export function applyEnvFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = path.resolve(env.ATELIER_ENV_FILE || '.env');
  if (!fs.existsSync(file)) return undefined;
  for (const [k, v] of Object.entries(parseEnv(fs.readFileSync(file, 'utf8')))) env[k] ??= v;
  return file;
}

/** Where an empty value means something (ATELIER_RUNTIME= : Docker's default runtime, not 'auto'). */
const EMPTY_IS_A_VALUE = new Set(['ATELIER_RUNTIME']);

function parseTrustProxy(v: string): boolean | number | string[] {
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim());
}

/**
 * Reads and validates the environment (by default the process's, completed by a `.env` file); throws one
 * ConfigError listing every problem at once. An empty value counts as unset (but see EMPTY_IS_A_VALUE).
 */
export function loadConfig(env?: NodeJS.ProcessEnv): Config {
  if (!env) applyEnvFile(process.env);
  const set = Object.entries(env ?? process.env).filter(
    ([k, v]) => v !== undefined && (v !== '' || EMPTY_IS_A_VALUE.has(k)),
  );
  const values = Object.fromEntries(set);
  const parsed = schema.safeParse(values);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  // The providers file is checked even when a variable is wrong: every problem is listed at once.
  const providers = loadSsoProviders(values.ATELIER_SSO_FILE, env ?? process.env, problems);
  const engines = loadEngines(values.ATELIER_ENGINES, problems);
  if (!parsed.success || problems.length) {
    throw new ConfigError(`Invalid configuration:\n${problems.map((l) => `  ${l}`).join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.ATELIER_DATA_DIR);
  return {
    host: e.ATELIER_HOST,
    port: e.ATELIER_PORT,
    publicOrigin: e.ATELIER_PUBLIC_ORIGIN?.replace(/\/$/, ''),
    dataDir,
    dbPath: path.join(dataDir, 'atelier.db'),
    coursesDir: path.resolve(e.ATELIER_COURSES_DIR),
    exercisesDir: path.resolve(e.ATELIER_EXERCISES_DIR),
    defaultLang: e.ATELIER_DEFAULT_LANG,
    registrationOpen: e.ATELIER_REGISTRATION === 'open',
    sso: { providers, localLogin: e.ATELIER_LOCAL_LOGIN === 'on' },
    lab: {
      nanoCpus: Math.round(e.ATELIER_LAB_CPUS * 1e9),
      memoryBytes: e.ATELIER_LAB_MEMORY_MB * 1024 * 1024,
      pidsLimit: e.ATELIER_LAB_PIDS,
      tmpSizeMb: e.ATELIER_LAB_TMP_MB,
      runtime: e.ATELIER_RUNTIME,
    },
    labSubnets: e.ATELIER_LAB_SUBNETS,
    machinesPerLab: e.ATELIER_LAB_MACHINES,
    previewOrigin: e.ATELIER_PREVIEW_ORIGIN,
    terminalsPerUser: e.ATELIER_TERMINALS_PER_USER,
    lifecycle: {
      poolSize: e.ATELIER_POOL_SIZE,
      poolSizes: Object.fromEntries(
        (e.ATELIER_POOL_SIZES ?? '').split(',').flatMap((kv) => {
          const [course, size] = kv.split('=');
          return course && size ? [[course, Number(size)]] : [];
        }),
      ),
      startConcurrency: startWidth(e.ATELIER_START_CONCURRENCY),
      hostBusyPressure: e.ATELIER_HOST_BUSY_PRESSURE,
      refillRushMs: REFILL_RUSH_MS,
      idleMs: e.ATELIER_IDLE_TIMEOUT_MIN * 60_000,
      maxAgeMs: Math.round(e.ATELIER_LAB_MAX_AGE_DAYS * 86_400_000),
      diskQuotaBytes: e.ATELIER_LAB_DISK_MB * MiB,
      diskEntryLimit: e.ATELIER_LAB_INODES,
      diskPollMs: e.ATELIER_DISK_POLL_S * 1000,
      minFreeBytes: e.ATELIER_HOST_MIN_FREE_MB * MiB,
    },
    admission: admissionOf(e, engines),
    accountsPerIpHour: e.ATELIER_ACCOUNTS_PER_IP_HOUR,
    checksPerMin: e.ATELIER_CHECKS_PER_MIN,
    terminalGraceMs: e.ATELIER_TERMINAL_GRACE_S * 1000,
    autoCheckQuietMs: e.ATELIER_AUTO_CHECK_MS,
    stuckAfterMs: Math.round(e.ATELIER_STUCK_MINUTES * 60_000),
    imagePrefix: e.ATELIER_IMAGE_PREFIX,
    instance: e.ATELIER_INSTANCE,
    buildImages: e.ATELIER_BUILD_IMAGES === 'auto',
    imagesFirstOrder: e.ATELIER_IMAGES_FIRST_ORDER,
    dockerHost: e.DOCKER_HOST,
    engines: engines ?? [localEngine(e.DOCKER_HOST)],
    logLevel: e.ATELIER_LOG_LEVEL,
    logFormat: e.ATELIER_LOG_FORMAT,
    trustProxy: parseTrustProxy(e.ATELIER_TRUST_PROXY),
    metricsToken: e.ATELIER_METRICS_TOKEN,
    backup: {
      dir: path.resolve(e.ATELIER_BACKUP_DIR ?? path.join(dataDir, 'backups')),
      intervalMs: Math.round(e.ATELIER_BACKUP_INTERVAL_H * 3600_000),
      keep: e.ATELIER_BACKUP_KEEP,
    },
    timeZone: e.ATELIER_TIME_ZONE,
    sessionLeadMs: e.ATELIER_SESSION_LEAD_MIN * 60_000,
    checkpoints: {
      perLab: e.ATELIER_CHECKPOINTS_PER_LAB,
      labBytes: e.ATELIER_CHECKPOINT_LAB_MB * MiB,
      hostBytes: e.ATELIER_CHECKPOINT_HOST_MB * MiB,
    },
  };
}
