import { z } from 'zod';
import type { CheckKind } from './check-kind.js';
import { commandCheck, commandSchema, type CommandCheckSpec } from './command-check.js';
import { cronCheck, cronSchema, type CronCheckSpec } from './cron-check.js';
import { fileCheck, fileSchema, type FileCheckSpec } from './file-check.js';
import { groupCheck, groupSchema, type GroupCheckSpec } from './group-check.js';
import { httpCheck, httpSchema, type HttpCheckSpec } from './http-check.js';
import { packageCheck, packageSchema, type PackageCheckSpec } from './package-check.js';
import { portCheck, portSchema, type PortCheckSpec } from './port-check.js';
import { processCheck, processSchema, type ProcessCheckSpec } from './process-check.js';
import { userCheck, userSchema, type UserCheckSpec } from './user-check.js';

export const checkSchema = z.discriminatedUnion('kind', [
  fileSchema,
  userSchema,
  groupSchema,
  packageSchema,
  processSchema,
  portSchema,
  httpSchema,
  commandSchema,
  cronSchema,
]);
export type CheckSpec = z.infer<typeof checkSchema>;

type KindMap = { [S in CheckSpec as S['kind']]: CheckKind<S> };
const KINDS: KindMap = {
  file: fileCheck,
  user: userCheck,
  group: groupCheck,
  package: packageCheck,
  process: processCheck,
  port: portCheck,
  http: httpCheck,
  command: commandCheck,
  cron: cronCheck,
};

/** The implementation of a check's kind (typed by the spec's discriminant). */
export function kindOf<S extends CheckSpec>(spec: S): CheckKind<S> {
  return KINDS[spec.kind] as unknown as CheckKind<S>;
}

/** A check's id: its own, or `<kind>-<position>` (1-based). */
export function checkIdOf(spec: CheckSpec, index: number): string {
  return spec.id ?? `${spec.kind}-${index + 1}`;
}

type Opts<S, K extends keyof S> = Omit<S, 'kind' | K>;

/**
 * Check builders for course modules. Each returns plain data (validated when the course loads);
 * every check accepts `id`, `pass`, `fail` (localized messages) and `points` (partial credit).
 */
export const check = {
  /** A path: exists / type / owner / group / mode / contains / matches (read from outside the lab). */
  file: (path: string, o: Opts<FileCheckSpec, 'path'> = {}): FileCheckSpec => ({ kind: 'file', path, ...o }),
  /** An account in /etc/passwd: shell, home, groups, uid. */
  user: (name: string, o: Opts<UserCheckSpec, 'name'> = {}): UserCheckSpec => ({ kind: 'user', name, ...o }),
  /** A group in /etc/group, with members. */
  group: (name: string, o: Opts<GroupCheckSpec, 'name'> = {}): GroupCheckSpec => ({
    kind: 'group',
    name,
    ...o,
  }),
  /** A Debian package installed (dpkg status database, read from outside). */
  package: (name: string, o: Opts<PackageCheckSpec, 'name'> = {}): PackageCheckSpec => ({
    kind: 'package',
    name,
    ...o,
  }),
  /** A running process, by kernel name (comm), optionally as a user. */
  process: (name: string, o: Opts<ProcessCheckSpec, 'name'> = {}): ProcessCheckSpec => ({
    kind: 'process',
    name,
    ...o,
  }),
  /** A listening TCP port / bound UDP port, optionally on one address. */
  port: (port: number, o: Opts<PortCheckSpec, 'port'> = {}): PortCheckSpec => ({ kind: 'port', port, ...o }),
  /** An HTTP request made from inside the lab: status, body. */
  http: (url: string, o: Opts<HttpCheckSpec, 'url'> = {}): HttpCheckSpec => ({ kind: 'http', url, ...o }),
  /** A shell command inside the lab: exit code, output. */
  command: (command: string, o: Opts<CommandCheckSpec, 'command'> = {}): CommandCheckSpec => ({
    kind: 'command',
    command,
    ...o,
  }),
  /** A service's configuration test passes, e.g. configTest('nginx -t'). */
  configTest: (command: string, o: Opts<CommandCheckSpec, 'command'> = {}): CommandCheckSpec => ({
    kind: 'command',
    command: `${command} 2>&1`,
    ...o,
  }),
  /** A cron entry in a user's crontab or a system crontab file. */
  cron: (o: Opts<CronCheckSpec, never>): CronCheckSpec => ({ kind: 'cron', ...o }),
};
