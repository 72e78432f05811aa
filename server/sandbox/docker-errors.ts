import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxError } from './sandbox-runtime.js';

/** The HTTP status of a Docker Engine error (dockerode sets statusCode), or the number itself. */
export function statusOf(err: unknown): number | undefined {
  if (typeof err === 'number') return err;
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** For `.catch()`: Docker's "already so" answers (304 not modified, 404 gone, 409 in progress) are success. */
export function ignore(...codes: number[]): (err: unknown) => void {
  return (err) => {
    if (!codes.includes(statusOf(err) ?? 0)) throw err;
  };
}

/** 404/409 from an exec or archive call mean the lab is gone or stopped: say so with the port's reason. */
export function notRunning(labId: string, err: unknown): never {
  const status = statusOf(err);
  if (status === 404 || status === 409) {
    throw new SandboxError('lab-not-running', `lab ${labId} is not running`, { cause: err });
  }
  throw err;
}

/** Retries `attempt` until it gives a value; the error names what was awaited and the budget. */
export async function within<T>(
  budgetMs: number,
  what: string,
  attempt: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new SandboxError('timeout', `${what} after ${budgetMs} ms`);
    await sleep(50);
  }
}

export function withBudget<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SandboxError('timeout', `${what} did not answer after ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, budget]).finally(() => clearTimeout(timer));
}
