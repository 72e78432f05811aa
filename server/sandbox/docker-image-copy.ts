import type Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import { CONTENT_HASH_LABEL } from './docker-images.js';

/**
 * Copies an image from one engine to another (`docker save | docker load` through the API): a new engine
 * gets the lab images another engine already built, byte for byte, in seconds instead of a build. With
 * `hash`, only an image carrying that content hash is copied. Resolves false when `from` has no such image.
 */
export async function copyImage(
  from: Dockerode,
  to: Dockerode,
  name: string,
  hash?: string,
): Promise<boolean> {
  const info = await from
    .getImage(name)
    .inspect()
    .catch(() => undefined);
  if (!info || (hash && info.Config.Labels?.[CONTENT_HASH_LABEL] !== hash)) return false;
  const tarball = (await from.getImage(name).get()) as Readable;
  const answer = (await to.loadImage(tarball, { quiet: true })) as Readable;
  // The load's answer is a stream of JSON lines; an error is one of them, not the HTTP status.
  const lines = await new Promise<string>((resolve, reject) => {
    let text = '';
    answer.on('data', (b: Buffer) => (text += b.toString('utf8')));
    answer.on('end', () => resolve(text));
    answer.on('error', reject);
    tarball.on('error', reject);
  });
  const failed = lines
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { error?: string })
    .find((m) => m.error);
  if (failed) throw new Error(`loading ${name}: ${failed.error}`);
  return true;
}
