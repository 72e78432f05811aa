import type Dockerode from 'dockerode';
import type { RuntimeChoice } from './sandbox-runtime.js';

/**
 * Which OCI runtime labs run under (ATELIER_RUNTIME). `auto` picks a stronger sandbox than runc when the
 * engine has one registered (`docker info` → Runtimes): gVisor's `runsc` first (its user-space kernel
 * stands between a learner and the host kernel), then `sysbox-runc` (a user namespace per container).
 * An explicit name must be registered; '' means the engine's default runtime (runc).
 */
export const PREFERRED_RUNTIMES = ['runsc', 'sysbox-runc'] as const;

export class RuntimeUnavailableError extends Error {}

/**
 * Pure decision from the configured value and the engine's registered runtimes. `runtime` is the value
 * for HostConfig.Runtime ('' = the engine's default).
 */
export function chooseRuntime(configured: string, registered: readonly string[]): RuntimeChoice {
  if (configured === 'auto') {
    const found = PREFERRED_RUNTIMES.find((r) => registered.includes(r));
    return found
      ? { runtime: found, note: `labs run under ${found} (detected)` }
      : {
          runtime: '',
          note: 'labs run under the default runtime (runc): no runsc or sysbox-runc registered',
        };
  }
  if (configured === '') return { runtime: '', note: 'labs run under the default runtime' };
  if (!registered.includes(configured))
    throw new RuntimeUnavailableError(
      `ATELIER_RUNTIME=${configured} is not registered with the Docker Engine (it has: ${registered.join(', ') || 'none'})`,
    );
  return { runtime: configured, note: `labs run under ${configured}` };
}

/** Asks the engine which runtimes it has. An unreachable engine counts as "none besides the default". */
export async function resolveLabRuntime(configured: string, docker: Dockerode): Promise<RuntimeChoice> {
  if (configured === '') return chooseRuntime('', []);
  let registered: string[] = [];
  try {
    const info = (await docker.info()) as { Runtimes?: Record<string, unknown> };
    registered = Object.keys(info.Runtimes ?? {});
  } catch (err) {
    if (configured !== 'auto')
      return {
        runtime: configured,
        note: `labs run under ${configured} (unverified: ${(err as Error).message})`,
      };
  }
  return chooseRuntime(configured, registered);
}
