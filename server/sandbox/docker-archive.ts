import type Dockerode from 'dockerode';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { Bounded } from './docker-exec.js';
import { statusOf } from './docker-errors.js';
import { SandboxError } from './sandbox-runtime.js';

/**
 * Reads a regular file through the archive API, following symbolic links (checks read e.g.
 * sites-enabled/default). null when the path is missing (Docker answers 404 for a missing path and a
 * missing container alike: `onMissing` tells them apart) or not a regular file.
 */
export async function readArchiveFile(
  container: Dockerode.Container,
  labId: string,
  path: string,
  maxBytes: number,
  onMissing: () => Promise<null>,
): Promise<Buffer | null> {
  if (!posix.isAbsolute(path)) throw new SandboxError('sandbox-error', `path must be absolute: ${path}`);
  for (let hops = 0; hops < 8; hops++) {
    const archive = await container
      .getArchive({ path })
      .catch((err: unknown) => (statusOf(err) === 404 ? null : Promise.reject(err)));
    if (!archive) return onMissing();
    const entry = await firstTarEntry(archive as Readable, maxBytes);
    if (entry.type === 'file') return entry.data;
    if (entry.type !== 'symlink' || !entry.linkname) return null;
    path = posix.resolve(posix.dirname(path), entry.linkname);
  }
  throw new SandboxError('sandbox-error', `too many symbolic links reading ${path} in lab ${labId}`);
}

type TarEntry = { type: string; linkname?: string; data: Buffer };

/** Reads the archive's first entry (at most maxBytes of it) and stops: a directory's tar may be huge. */
function firstTarEntry(archive: Readable, maxBytes: number): Promise<TarEntry> {
  return new Promise((resolve, reject) => {
    const tar = extract();
    const stop = () => (archive.unpipe(tar), tar.destroy(), archive.destroy());
    tar.once('entry', (header, body) => {
      const type = header.type ?? 'file';
      const linkname = header.linkname ?? undefined;
      if (type !== 'file') return (stop(), resolve({ type, linkname, data: Buffer.alloc(0) }));
      const data = new Bounded(maxBytes);
      body.pipe(data).once('finish', () => (stop(), resolve({ type, data: data.bytes() })));
    });
    tar.once('error', reject);
    tar.once('finish', () => resolve({ type: 'none', data: Buffer.alloc(0) }));
    archive.pipe(tar);
  });
}
