import type Dockerode from 'dockerode';
import { statfs } from 'node:fs/promises';
import { statusOf } from './docker-errors.js';
import type { HostDisk } from './sandbox-runtime.js';

/** SizeRw from `inspect size=true`: bytes the learner added to the image (the writable layer). */
export async function writableLayerBytes(container: Dockerode.Container): Promise<number | undefined> {
  // The query flag exists in the Engine API; dockerode's types omit it.
  const sized = { size: true } as Dockerode.ContainerInspectOptions;
  const info = await container.inspect(sized).catch((err: unknown) => {
    if (statusOf(err) === 404) return undefined;
    throw err;
  });
  if (!info) return undefined;
  return (info as { SizeRw?: number }).SizeRw ?? 0;
}

/** The engine's data root (DockerRootDir from `docker info`); it does not change while the engine runs. */
export async function dockerRootDir(docker: Dockerode): Promise<string | undefined> {
  const info = (await docker.info()) as { DockerRootDir?: string };
  return info.DockerRootDir || undefined;
}

/** Free space of a filesystem; undefined when the path is not visible from here (server in a container). */
export async function diskOf(path: string): Promise<HostDisk | undefined> {
  const fs = await statfs(path).catch(() => undefined);
  if (!fs) return undefined;
  return { path, freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
}
