// The editor's calls (GET a folder, GET a file, PUT a file) on the learner's lab machines.
import { ApiError, request, send } from './api.js';

import type { DirEntry, DirListing as MachineListing } from '../../../server/sandbox/sandbox-runtime.js';

export type { DirEntry };

/** A folder as listed: `path` resolved (symbolic links followed), at most 2000 entries. */
export type DirListing = MachineListing & { machine: string };

/** What a saved file is, without its content. */
export interface FileMeta {
  machine: string;
  /** The path as asked. */
  path: string;
  /** Symbolic links resolved. */
  realPath: string;
  /** Opaque: sent back in If-Match so a save never overwrites a change made meanwhile. */
  version: string;
  mode: number;
  uid: number;
  gid: number;
  owner: string;
  group: string;
  size: number;
}

export interface LabFile extends FileMeta {
  content: string;
}

export interface FileSaved extends FileMeta {
  created: boolean;
}

/** How a save guards against overwriting: the version opened, a new file only, or nothing. */
export type SaveGuard = { ifMatch: string } | { create: true } | Record<string, never>;

const enc = encodeURIComponent;
const query = (machine: string, path: string) => `machine=${enc(machine)}&path=${enc(path)}`;

export const listFiles = (labId: string, machine: string, path: string) =>
  request<DirListing>('GET', `/api/labs/${enc(labId)}/files?${query(machine, path)}`);

export const openFile = (labId: string, machine: string, path: string) =>
  request<LabFile>('GET', `/api/labs/${enc(labId)}/file?${query(machine, path)}`);

/** Saves the whole content as text; refusals throw ApiError (e.g. 409 `file-changed`). */
export function saveFile(
  labId: string,
  machine: string,
  path: string,
  content: string,
  guard: SaveGuard,
): Promise<FileSaved> {
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    accept: 'application/json',
  };
  if ('ifMatch' in guard) headers['if-match'] = guard.ifMatch;
  if ('create' in guard) headers['if-none-match'] = '*';
  return send<FileSaved>('PUT', `/api/labs/${enc(labId)}/file?${query(machine, path)}`, headers, content);
}

/** `0440`, the way `ls -l` users and `chmod` speak. */
export const octalMode = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0');

/** The reason of a failed call, '' for anything else. */
export const reasonOf = (err: unknown): string => (err instanceof ApiError ? err.reason : '');
