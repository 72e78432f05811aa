// File metadata read from outside the lab, so a root learner's fake `stat` cannot lie: HEAD on the
// archive endpoint gives type, mode and link target (~2 ms); the first tar header of a GET gives uid/gid
// (~55 ms, so only when asked for).
import type Dockerode from 'dockerode';
import { extract } from 'tar-stream';
import type { PathStat } from './sandbox-runtime.js';

// Go's os.FileMode bits, as Docker encodes them in X-Docker-Container-Path-Stat.
const GO_DIR = 2 ** 31;
const GO_SYMLINK = 2 ** 27;
const GO_SETUID = 2 ** 23;
const GO_SETGID = 2 ** 22;
const GO_STICKY = 2 ** 20;
const GO_OTHER_TYPES = 2 ** 19; // named pipe, socket, device, …
const bit = (mode: number, b: number): boolean => Math.floor(mode / b) % 2 === 1;

export function fromGoMode(mode: number): { type: PathStat['type']; mode: number } {
  const type = bit(mode, GO_DIR)
    ? 'directory'
    : bit(mode, GO_SYMLINK)
      ? 'symlink'
      : mode >= GO_OTHER_TYPES
        ? 'other'
        : 'file';
  const special =
    (bit(mode, GO_SETUID) ? 0o4000 : 0) |
    (bit(mode, GO_SETGID) ? 0o2000 : 0) |
    (bit(mode, GO_STICKY) ? 0o1000 : 0);
  return { type, mode: (mode % 0o1000) | special };
}

async function ownerOf(container: Dockerode.Container, path: string): Promise<{ uid: number; gid: number }> {
  const archive = await container.getArchive({ path });
  return new Promise((resolve, reject) => {
    const tar = extract();
    tar.once('entry', (header) => {
      resolve({ uid: header.uid ?? -1, gid: header.gid ?? -1 });
      archive.unpipe(tar);
      tar.destroy();
      if ('destroy' in archive && typeof archive.destroy === 'function') archive.destroy();
    });
    tar.once('error', reject);
    archive.pipe(tar);
  });
}

/** Metadata of a path (symlinks not followed); null when it does not exist. */
export async function statInContainer(
  container: Dockerode.Container,
  path: string,
  opts: { owner?: boolean } = {},
): Promise<PathStat | null> {
  const res = (await container.infoArchive({ path }).catch((err: { statusCode?: number }) => {
    if (err.statusCode === 404) return null;
    throw err;
  })) as { headers: Record<string, string | undefined> } | null;
  const raw = res?.headers['x-docker-container-path-stat'];
  if (!raw) return null;
  const st = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as {
    mode: number;
    size: number;
    linkTarget: string;
  };
  const base = { ...fromGoMode(st.mode), size: st.size };
  const link = base.type === 'symlink' ? { linkTarget: st.linkTarget } : {};
  return { ...base, ...link, ...(opts.owner ? await ownerOf(container, path) : {}) };
}
