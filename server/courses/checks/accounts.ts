/** Parsers for /etc/passwd, /etc/group and /etc/shadow, read from outside the lab. */

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  /** The GECOS field (full name, room…). */
  comment: string;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export const PASSWD = '/etc/passwd';
export const GROUP = '/etc/group';
export const SHADOW = '/etc/shadow';

/** A line of /etc/shadow; day counts since 1970-01-01, undefined for an empty field. */
export interface ShadowEntry {
  name: string;
  password: string;
  lastChange?: number;
  minDays?: number;
  maxDays?: number;
  warnDays?: number;
  inactiveDays?: number;
  expires?: number;
}

function rows(content: Buffer | null): string[][] {
  if (!content) return [];
  return content
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

export function parsePasswd(content: Buffer | null): PasswdEntry[] {
  return rows(content)
    .filter((f) => f.length >= 7)
    .map((f) => ({
      name: f[0] ?? '',
      uid: Number(f[2]),
      gid: Number(f[3]),
      comment: f[4] ?? '',
      home: f[5] ?? '',
      shell: f[6] ?? '',
    }));
}

export function parseGroup(content: Buffer | null): GroupEntry[] {
  return rows(content)
    .filter((f) => f.length >= 4)
    .map((f) => ({
      name: f[0] ?? '',
      gid: Number(f[2]),
      members: (f[3] ?? '').split(',').filter((m) => m !== ''),
    }));
}

const day = (f: string | undefined): number | undefined =>
  f === undefined || f === '' || !/^-?[0-9]+$/.test(f) ? undefined : Number(f);

export function parseShadow(content: Buffer | null): ShadowEntry[] {
  return rows(content)
    .filter((f) => f.length >= 8)
    .map((f) => ({
      name: f[0] ?? '',
      password: f[1] ?? '',
      lastChange: day(f[2]),
      minDays: day(f[3]),
      maxDays: day(f[4]),
      warnDays: day(f[5]),
      inactiveDays: day(f[6]),
      expires: day(f[7]),
    }));
}

/** Name (or numeric string) → id; undefined when the name is unknown. */
export function resolveId(nameOrId: string, entries: { name: string; id: number }[]): number | undefined {
  if (/^[0-9]+$/.test(nameOrId)) return Number(nameOrId);
  return entries.find((e) => e.name === nameOrId)?.id;
}

/** Id → name, or the number itself when nobody has that id. */
export function nameOf(id: number, entries: { name: string; id: number }[]): string {
  return entries.find((e) => e.id === id)?.name ?? String(id);
}
