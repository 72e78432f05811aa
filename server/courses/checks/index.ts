import { z } from 'zod';
import { answerCheck, answerSchema, type AnswerCheckSpec } from './answer-check.js';
import type { CheckKind } from './check-kind.js';
import { CONFIG_TEST_SUFFIX, commandCheck, commandSchema, type CommandCheckSpec } from './command-check.js';
import { cronCheck, cronSchema, type CronCheckSpec } from './cron-check.js';
import {
  jsonCheck,
  jsonSchema,
  yamlCheck,
  yamlSchema,
  type JsonCheckSpec,
  type YamlCheckSpec,
} from './data-check.js';
import { dnsCheck, dnsSchema, type DnsCheckSpec } from './dns-check.js';
import { fileCheck, fileSchema, type FileCheckSpec } from './file-check.js';
import { groupCheck, groupSchema, type GroupCheckSpec } from './group-check.js';
import { httpCheck, httpSchema, type HttpCheckSpec } from './http-check.js';
import { packageCheck, packageSchema, type PackageCheckSpec } from './package-check.js';
import { portCheck, portSchema, type PortCheckSpec } from './port-check.js';
import { processCheck, processSchema, type ProcessCheckSpec } from './process-check.js';
import { reachCheck, reachSchema, type ReachCheckSpec } from './reach-check.js';
import { sqlCheck, sqlSchema, type SqlCheckSpec } from './sql-check.js';
import { tlsCheck, tlsSchema, type TlsCheckSpec } from './tls-check.js';
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
  answerSchema,
  jsonSchema,
  yamlSchema,
  tlsSchema,
  dnsSchema,
  reachSchema,
  sqlSchema,
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
  answer: answerCheck,
  json: jsonCheck,
  yaml: yamlCheck,
  tls: tlsCheck,
  dns: dnsCheck,
  reach: reachCheck,
  sql: sqlCheck,
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
  /**
   * A path: exists / type / owner / group / mode / modeHas / modeLacks / size / links / contains /
   * matches (read from outside the lab). `path` may be a glob (`/etc/sudoers.d/*`: some match satisfies
   * every condition) or a list of paths (one of them does).
   */
  file: (path: string | string[], o: Opts<FileCheckSpec, 'path'> = {}): FileCheckSpec => ({
    kind: 'file',
    path,
    ...o,
  }),
  /**
   * An account in /etc/passwd: shell, home, groups, group (primary), comment, uid; and from /etc/shadow:
   * chage ({ minDays, maxDays, warnDays, inactiveDays, expires }), locked, expired.
   */
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
  /**
   * An HTTP request made from inside the lab: status, body, `headers` (name → a string the value contains,
   * or a RegExp), `location` (a redirect's target: equal, or a RegExp; with `status: 301`).
   */
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
    command: `${command}${CONFIG_TEST_SUFFIX}`,
    ...o,
  }),
  /** A cron entry in a user's crontab or a system crontab file; `schedule` whole or partial. */
  cron: (o: Opts<CronCheckSpec, never>): CronCheckSpec => ({ kind: 'cron', ...o }),
  /**
   * A quiz answer the learner writes to a file, compared trimmed, spaces collapsed and case-insensitive
   * (unless `caseSensitive: true`). `answers`: one answer, a list of accepted ones, or a list of
   * `{ answer, correct?, pass?, fail? }` for per-answer feedback: `answer` is a string or a list of
   * spellings; `correct: false` marks a known wrong answer whose `fail` explains it; a correct one may
   * carry its own `pass`. E.g. `check.answer('/root/reponse.txt', [{ answer: ['chmod 640', 'chmod
   * u=rw,g=r,o='] }, { answer: 'chmod 777', correct: false, fail: l('777 ouvre à tous…', '777 opens…') }])`.
   */
  answer: (
    path: string,
    answers: AnswerCheckSpec['answers'],
    o: Opts<AnswerCheckSpec, 'path' | 'answers'> = {},
  ): AnswerCheckSpec => ({ kind: 'answer', path, answers, ...o }),
  /**
   * The certificate `url` (https://host[:port]/) serves, fetched by the grader's openssl from `machine`'s
   * network, verified in Node up to the lab's CA (`ca: { machine, path }`), covering `names` (default: the
   * url's host), issued by `issuer`, valid `minDaysLeft` more days (default 1).
   */
  tls: (url: string, o: Opts<TlsCheckSpec, 'url'>): TlsCheckSpec => ({ kind: 'tls', url, ...o }),
  /**
   * A DNS answer, asked by the grader's dig from `machine`'s network of `server` (a machine or an IP; default:
   * the machine's resolv.conf). `name` or `{ addressOf: machine }` (its PTR); `type` (A…); `expect` (a set of
   * records, or `{ addressOf: machine }`); `authoritative`; `absent`.
   */
  dns: (name: DnsCheckSpec['name'], o: Opts<DnsCheckSpec, 'name'> = {}): DnsCheckSpec => ({
    kind: 'dns',
    name,
    ...o,
  }),
  /** A TCP connection from `machine`'s network to host:port is accepted (`open: false`: refused or dropped). */
  reach: (host: string, port: number, o: Opts<ReachCheckSpec, 'host' | 'port'> = {}): ReachCheckSpec => ({
    kind: 'reach',
    host,
    port,
    ...o,
  }),
  /**
   * A query by the grader's own client (`engine`: postgres or mariadb) over TCP from `machine`'s network:
   * `expect` (whole output, tab-separated), `contains`, or `denied` (connection, login or query refused).
   */
  sql: (query: string, o: Opts<SqlCheckSpec, 'query'>): SqlCheckSpec => ({ kind: 'sql', query, ...o }),
  /** A JSON file parses, and `values` (dotted paths such as `a.b[0].c`) equal or match. */
  json: (path: string, o: Opts<JsonCheckSpec, 'path'> = {}): JsonCheckSpec => ({ kind: 'json', path, ...o }),
  /** A YAML file parses (first document), and `values` (dotted paths) equal or match. */
  yaml: (path: string, o: Opts<YamlCheckSpec, 'path'> = {}): YamlCheckSpec => ({ kind: 'yaml', path, ...o }),
};
