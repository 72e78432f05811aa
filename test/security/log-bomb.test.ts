// T5 — Threat: a lab's main process floods stdout; Docker's default json-file logging has no size limit
// (a `yes` loop writes about 217 MB of log in 5 s), so the host disk fills.
// Defence: the profile's LogConfig (json-file, max-size 1m, max-file 1), independent of daemon defaults.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { labContainerSpec } from '../../server/sandbox/container-profile.js';
import { docker, removeContainers } from './support/lab-harness.js';

const MiB = 2 ** 20;
const BOMB_MS = 6_000;

describe('T5 log bomb from PID 1', () => {
  const containers: string[] = [];
  afterAll(() => removeContainers(containers));

  it('keeps the container log within max-size × max-file', async () => {
    const tag = randomBytes(4).toString('hex');
    const body = labContainerSpec(
      { labId: `logbomb-${tag}`, userId: 'security-test', courseId: 'none', image: 'atelier/base' },
      loadConfig({}).lab,
      { prefix: `atelier-sec${tag}`, allowedImages: new Set(['atelier/base']), imageHash: 'test' },
    );
    // The profile as it is, except the main process: it floods stdout instead of sleeping.
    const container = await docker.createContainer({
      ...body,
      Cmd: ['sh', '-c', 'exec yes atelier-log-bomb-line'],
    });
    containers.push(container.id);
    await container.start();
    const sizes: number[] = [];
    let largestFile = 0;
    let logPath = '';
    const until = Date.now() + BOMB_MS;
    while (Date.now() < until) {
      await sleep(250);
      logPath = (await container.inspect()).LogPath;
      const dir = path.dirname(logPath);
      const files = fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(logPath)));
      // A file listed a moment ago may be mid-rotation (renamed or removed): it is skipped, not an error.
      const each = files.flatMap((f) => {
        try {
          return [fs.statSync(path.join(dir, f)).size];
        } catch {
          return [];
        }
      });
      largestFile = Math.max(largestFile, ...each);
      sizes.push(each.reduce((a, b) => a + b, 0));
    }
    const info = await container.inspect();
    expect(info.State.Running).toBe(true); // still flooding at the end
    expect(info.HostConfig.LogConfig).toEqual({
      Type: 'json-file',
      Config: { 'max-size': '1m', 'max-file': '1' },
    });
    const files = fs.readdirSync(path.dirname(logPath)).filter((f) => f.includes('-json.log'));
    const max = Math.max(...sizes);
    // Rotation happened many times: the size went down at least once while the bomb ran.
    const rotations = sizes.filter((s, i) => i > 0 && s < (sizes[i - 1] ?? 0)).length;
    console.log(
      `[T5] ${BOMB_MS / 1000} s of \`yes\` as PID 1: ${files.length} log file(s), largest ${(largestFile / MiB).toFixed(2)} MiB, ` +
        `total max ${(max / MiB).toFixed(2)} MiB over ` +
        `${sizes.length} samples, ${rotations} observed rotations`,
    );
    // Docker 20.10's json-file keeps one rotated file (`.1`) even with max-file 1: at most 2 files.
    expect(files.length).toBeLessThanOrEqual(2);
    expect(largestFile).toBeLessThanOrEqual(1 * MiB + 4096); // max-size 1m (+ the line being written)
    expect(max).toBeLessThanOrEqual(2 * (1 * MiB + 4096));
    expect(rotations).toBeGreaterThan(0);
  }, 60_000);
});
