import { z } from 'zod';
import path from 'node:path';

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
  ATELIER_INSTANCE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,30}$/)
    .default('atelier'),
  ATELIER_BUILD_IMAGES: z.enum(['auto', 'never']).default('auto'),
  ATELIER_RUNTIME: z
    .string()
    .regex(/^[a-z0-9._-]*$/)
    .default(''),
  DOCKER_HOST: z.string().optional(),
});

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
  lab: LabLimits;
  terminalsPerUser: number;
  terminalGraceMs: number;
  /** Quiet time after terminal activity before an automatic check (0 = off). */
  autoCheckQuietMs: number;
  imagePrefix: string;
  /** Container names are `<instance>-lab-<id>`; reconciliation only touches this instance's labs. */
  instance: string;
  buildImages: boolean;
  dockerHost?: string;
}

export interface LabLimits {
  nanoCpus: number;
  memoryBytes: number;
  pidsLimit: number;
  tmpSizeMb: number;
  /** OCI runtime for labs ('' = Docker's default, e.g. 'runsc' or 'sysbox-runc' when installed). */
  runtime: string;
}

export class ConfigError extends Error {}

/** Reads and validates the environment; throws one ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
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
    lab: {
      nanoCpus: Math.round(e.ATELIER_LAB_CPUS * 1e9),
      memoryBytes: e.ATELIER_LAB_MEMORY_MB * 1024 * 1024,
      pidsLimit: e.ATELIER_LAB_PIDS,
      tmpSizeMb: e.ATELIER_LAB_TMP_MB,
      runtime: e.ATELIER_RUNTIME,
    },
    terminalsPerUser: e.ATELIER_TERMINALS_PER_USER,
    terminalGraceMs: e.ATELIER_TERMINAL_GRACE_S * 1000,
    autoCheckQuietMs: e.ATELIER_AUTO_CHECK_MS,
    imagePrefix: e.ATELIER_IMAGE_PREFIX,
    instance: e.ATELIER_INSTANCE,
    buildImages: e.ATELIER_BUILD_IMAGES === 'auto',
    dockerHost: e.DOCKER_HOST,
  };
}
