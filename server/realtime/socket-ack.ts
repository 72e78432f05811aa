import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import { describeError } from '../errors/describe-error.js';
import type { Ack, AckFailure } from './events.js';

/** The ack for a failed request: the same reason, message and params as the HTTP envelope. */
export function failure(err: unknown, log: Pick<Logger, 'error'>): AckFailure {
  const { unexpected, ...d } = describeError(err);
  if (unexpected) log.error({ err }, 'socket handler failed');
  return { ok: false, ...d };
}

/**
 * Wraps a socket handler: validates the payload, runs the handler, answers through the ack (when the
 * client gave one). Never throws: a socket handler that throws would only be logged by Socket.IO.
 */
export function ackHandler(log: Pick<Logger, 'error'>) {
  return <T, R extends object>(schema: ZodType<T>, fn: (p: T) => R | Promise<R> | void | Promise<void>) =>
    async (payload: unknown, ack?: (a: Ack<R>) => void): Promise<void> => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const parsed = schema.safeParse(payload);
      if (!parsed.success)
        return reply({ ok: false, reason: 'invalid-payload', message: parsed.error.message });
      try {
        const result = await fn(parsed.data);
        reply({ ok: true, ...(result ?? {}) } as Ack<R>);
      } catch (err) {
        reply(failure(err, log));
      }
    };
}
