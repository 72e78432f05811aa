// Fetching one version of a course source into `<root>/<version>`: a shallow clone by the system git
// (execFile, no shell, no prompt, no hooks, symlinks checked out as plain files, a time budget), or a copy
// of a local folder (symlinks refused). Nothing fetched is ever run on the host.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  copyFileSync,
} from 'node:fs';
import path from 'node:path';
import type { SourceKind } from '../../store/sources-repo.js';

export const FETCH_TIMEOUT_MS = 120_000;
/** Most bytes and files of one version (lessons, images, scripts: a course library is small). */
export const MAX_SOURCE_BYTES = 200 * 1024 * 1024;
export const MAX_SOURCE_FILES = 20_000;

/** A fetch that failed, in words for the admin (the git error's last lines, a refused file). */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

const URL_FORMS = /^(?:https:\/\/|ssh:\/\/|file:\/\/)[^\s]+$/;
const REF = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,200}$/;

/**
 * Where a source comes from, checked when the admin adds it: `git` for an https://, ssh:// or file:// URL
 * or an absolute path to a repository; `folder` for an absolute path to a plain folder. Throws FetchError.
 */
export function sourceKindOf(url: string, ref: string | null): SourceKind {
  if (ref !== null && !REF.test(ref)) throw new FetchError(`"${ref}" is not a branch or tag name`);
  if (URL_FORMS.test(url)) return 'git';
  if (!path.isAbsolute(url) || url.includes('\0'))
    throw new FetchError('a source is an https://, ssh:// or file:// URL, or an absolute path');
  if (!existsSync(url) || !lstatSync(url).isDirectory())
    throw new FetchError(`no folder ${url} on the server`);
  // A repository (a work tree or a bare one) is cloned; any other folder is copied as it is.
  const isRepo = existsSync(path.join(url, '.git')) || existsSync(path.join(url, 'HEAD'));
  if (!isRepo && ref !== null) throw new FetchError('a folder has no branch or tag: leave the ref empty');
  return isRepo ? 'git' : 'folder';
}

function git(args: string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [
        // No hook of any kind, symlinks as plain files, only the transports a source may use.
        ...['-c', 'core.hooksPath=/dev/null', '-c', 'core.symlinks=false', '-c', 'protocol.allow=never'],
        ...['-c', 'protocol.https.allow=always', '-c', 'protocol.ssh.allow=always'],
        ...['-c', 'protocol.file.allow=always', '-c', 'advice.detachedHead=false'],
        ...args,
      ],
      {
        cwd,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1024 * 1024,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: 'true',
          GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
          LC_ALL: 'C',
        },
      },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout.trim());
        if ((err as { code?: unknown }).code === 'ENOENT')
          return reject(
            new FetchError('git is not installed on the server: install it (apt-get install git)'),
          );
        if ((err as { killed?: boolean }).killed)
          return reject(new FetchError(`git did not finish within ${Math.round(timeoutMs / 1000)} s`));
        // git's own words: its fatal/error lines first (they name the repository), else its last lines.
        const lines = stderr
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        const fatal = lines.filter((l) => /^(fatal|error):/.test(l));
        const said = (fatal.length ? fatal : lines.slice(-3)).slice(0, 3).join(' ');
        reject(new FetchError(`git ${args[0]} failed: ${said || err.message}`));
      },
    );
  });
}

/** Every file under `dir` (relative, sorted), refusing symlinks and oversized trees. */
function filesOf(dir: string): string[] {
  const out: string[] = [];
  let bytes = 0;
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      if (name === '.git') continue;
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path.join(dir, r));
      if (st.isSymbolicLink()) throw new FetchError('a symbolic link: a source holds plain files only', r);
      if (st.isDirectory()) walk(r);
      else if (st.isFile()) {
        bytes += st.size;
        out.push(r);
        if (bytes > MAX_SOURCE_BYTES || out.length > MAX_SOURCE_FILES)
          throw new FetchError(`more than ${MAX_SOURCE_BYTES >> 20} MiB or ${MAX_SOURCE_FILES} files`);
      }
    }
  };
  walk('');
  return out;
}

export interface FetchedVersion {
  /** A commit (git) or `sha256-…` of the folder's files. */
  version: string;
  /** `<root>/<version>`: the checkout, without git's metadata. */
  dir: string;
}

/**
 * Fetches the source's `ref` (its default branch when null) into `<root>/<version>`. A version already there
 * is reused. A force-pushed branch is no problem: every fetch is a fresh shallow clone of the current head.
 */
export async function fetchSource(
  source: { kind: SourceKind; url: string; ref: string | null },
  root: string,
  timeoutMs = FETCH_TIMEOUT_MS,
): Promise<FetchedVersion> {
  mkdirSync(root, { recursive: true });
  const temp = path.join(root, `.fetch-${randomBytes(4).toString('hex')}`);
  try {
    let version: string;
    if (source.kind === 'git') {
      // A path is cloned through git's transport (--no-local), so --depth applies and nothing is hard-linked.
      const local = path.isAbsolute(source.url) ? ['--no-local'] : [];
      const branch = source.ref ? ['--branch', source.ref] : [];
      const clone = ['clone', '--quiet', '--depth', '1', '--single-branch', '--no-tags', '--template='];
      await git([...clone, ...local, ...branch, '--', source.url, temp], root, timeoutMs);
      version = await git(['rev-parse', 'HEAD'], temp, timeoutMs);
      rmSync(path.join(temp, '.git'), { recursive: true, force: true });
      filesOf(temp);
    } else {
      const hash = createHash('sha256');
      for (const rel of filesOf(source.url)) {
        const to = path.join(temp, rel);
        mkdirSync(path.dirname(to), { recursive: true });
        copyFileSync(path.join(source.url, rel), to);
        hash.update(`${rel}\0`).update(readFileSync(to)).update('\0');
      }
      mkdirSync(temp, { recursive: true });
      version = `sha256-${hash.digest('hex').slice(0, 40)}`;
    }
    const dir = path.join(root, version);
    if (existsSync(dir)) rmSync(temp, { recursive: true, force: true });
    else renameSync(temp, dir);
    return { version, dir };
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    throw err instanceof FetchError ? err : new FetchError((err as Error).message);
  }
}

/** The folder holding a version's course folders: its `courses/` when it has one, else its top level. */
export function coursesRootOf(checkout: string): string {
  const sub = path.join(checkout, 'courses');
  return existsSync(sub) && lstatSync(sub).isDirectory() ? sub : checkout;
}

/** Removes the versions of a source other than `keep` (and fetches that were interrupted). */
export function pruneVersions(root: string, keep: readonly string[]): void {
  if (!existsSync(root)) return;
  for (const name of readdirSync(root))
    if (!keep.includes(name)) rmSync(path.join(root, name), { recursive: true, force: true });
}
