import type Dockerode from 'dockerode';
import { TERM_TOOL, TERM_TOOL_DIR } from './container-profile.js';
import { CONTENT_HASH_LABEL } from './docker-images.js';
import { SandboxError } from './sandbox-runtime.js';

/**
 * The volume holding the terminal holder, made once from the `<prefix>/term` image (Docker copies an
 * image's files into an empty volume the first time a container mounts it). Named after the image's
 * content hash: an upgrade makes a new volume, labs created before keep the one they mount.
 */
export class TermTool {
  private volume: Promise<string> | undefined;

  constructor(
    private readonly docker: Dockerode,
    private readonly image: string,
    private readonly prefix: string,
  ) {}

  /** The volume's name, made on first use; rejects when the image was never built. */
  volumeName(): Promise<string> {
    this.volume ??= this.ensure().catch((err: unknown) => {
      this.volume = undefined;
      throw err;
    });
    return this.volume;
  }

  /** The engine may have lost the volume (it came back empty): made again on next use. */
  forget(): void {
    this.volume = undefined;
  }

  private async ensure(): Promise<string> {
    const info = await this.docker
      .getImage(this.image)
      .inspect()
      .catch(() => undefined);
    const hash = info?.Config.Labels?.[CONTENT_HASH_LABEL];
    if (!info || !hash)
      throw new SandboxError(
        'sandbox-error',
        `image ${this.image} is missing: run \`npm run images\` (labs need its terminal holder)`,
      );
    const name = `${this.prefix.replace(/[^a-zA-Z0-9_.-]/g, '-')}-term-${hash.slice(0, 12)}`;
    // Idempotent, once per process: creating a volume that exists returns it, and creating (not starting) a
    // container that mounts it fills it only while it is empty (a crash halfway is repaired next time).
    await this.docker.createVolume({ Name: name, Labels: { 'atelier.term': hash } });
    const filler = await this.docker.createContainer({
      Image: this.image,
      Cmd: [TERM_TOOL],
      Labels: { 'atelier.term': hash },
      HostConfig: { Mounts: [{ Type: 'volume', Source: name, Target: TERM_TOOL_DIR }] },
    });
    await filler.remove({ force: true });
    return name;
  }
}
