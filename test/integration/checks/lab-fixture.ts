// A real lab for check tests: created under a random id with its own container prefix, removed by id.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../../server/config.js';
import { runExerciseChecks, type CheckItemResult } from '../../../server/courses/check-runner.js';
import type { CheckSpec } from '../../../server/courses/checks/index.js';
import { SCRIPT_COMMAND } from '../../../server/courses/lab-setup.js';
import { createSandbox } from '../../../server/sandbox/docker-sandbox.js';
import type { SandboxRuntime } from '../../../server/sandbox/sandbox-runtime.js';

const config = loadConfig();
const instance = `${config.instance}-it-checks`;

export interface TestLab {
  labId: string;
  runtime: SandboxRuntime;
  /** Runs bash as root in the lab; throws when it fails. */
  sh(script: string): Promise<string>;
  /** One check's result, from a real batched run. */
  verdict(spec: CheckSpec): Promise<CheckItemResult>;
  remove(): Promise<void>;
}

export async function startLab(env = 'base'): Promise<TestLab> {
  const { runtime } = createSandbox({ ...config, instance });
  const labId = `chk-${randomBytes(5).toString('hex')}`;
  await runtime.ensureLab({
    labId,
    userId: 'it-checks',
    courseId: 'it-checks',
    image: `${config.imagePrefix}/${env}`,
  });
  return {
    labId,
    runtime,
    async sh(script) {
      const r = await runtime.exec(labId, SCRIPT_COMMAND, { stdin: script, timeoutMs: 120_000 });
      if (r.exitCode !== 0) throw new Error(`lab script failed (${r.exitCode}): ${r.stdout}\n${r.stderr}`);
      return r.stdout;
    },
    async verdict(spec) {
      const r = await runExerciseChecks(runtime, labId, [spec], 'en');
      const first = r.checks[0];
      if (!first) throw new Error('no check result');
      return first;
    },
    remove: () => runtime.remove(labId),
  };
}
