import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../server/errors/app-error.js';
import { describeError } from '../../../server/errors/describe-error.js';
import { statusOf } from '../../../server/http/http-error.js';
import { failure } from '../../../server/realtime/socket-ack.js';
import { SandboxError } from '../../../server/sandbox/sandbox-runtime.js';

const silent = { error: () => undefined };

describe('one translation of errors for HTTP and sockets', () => {
  it('gives domain reasons their HTTP status', () => {
    expect(statusOf('unknown-course')).toBe(404);
    expect(statusOf('unknown-lab')).toBe(404);
    expect(statusOf('host-disk-full')).toBe(503);
    expect(statusOf('rate-limited')).toBe(429);
    expect(statusOf('lab-not-running')).toBe(409);
    expect(statusOf('docker-unavailable')).toBe(503);
    expect(statusOf('timeout')).toBe(504);
    expect(statusOf('internal-error')).toBe(500);
  });

  it('answers a socket with the same reason, message and params as HTTP', () => {
    const err = new AppError('rate-limited', 'Trop de tentatives, réessayez dans 3 s.', { wait: 3 });
    const { unexpected, ...body } = describeError(err);
    expect(unexpected).toBe(false);
    expect(failure(err, silent)).toEqual({ ok: false, ...body });
    expect(body).toEqual({ reason: 'rate-limited', message: err.message, params: { wait: 3 } });
  });

  it('keeps sandbox reasons and hides unexpected errors', () => {
    expect(describeError(new SandboxError('lab-not-running', 'lab x is not running'))).toMatchObject({
      reason: 'lab-not-running',
      unexpected: false,
    });
    const logged: unknown[] = [];
    const ack = failure(new Error('secret detail'), { error: (o: unknown) => void logged.push(o) });
    expect(ack).toEqual({ ok: false, reason: 'internal-error', message: 'Erreur interne du serveur.' });
    expect(logged).toHaveLength(1);
    const zod = z.object({ a: z.string() }).safeParse({});
    expect(describeError(zod.error).reason).toBe('invalid-request');
  });
});
