import { pino, type Logger } from 'pino';

export type { Logger };
export const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];

/**
 * Never logged, whatever a caller passes: session cookies, bearer tokens, passwords and their hashes.
 * Request lines carry only method, path (no query string), status, duration and ids.
 */
const REDACT = [
  'cookie',
  'authorization',
  'password',
  'passwordHash',
  'token',
  '*.cookie',
  '*.authorization',
  '*.password',
  '*.passwordHash',
  '*.token',
  'headers.cookie',
  'headers.authorization',
  'req.headers.cookie',
  'req.headers.authorization',
];

/** JSON lines on stdout (one object per line: `docker compose logs` and journald read them as they are). */
export function createLogger(level: LogLevel = 'info', destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { app: 'atelier' },
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** For code that runs before the composition root made the real logger (and for tests). */
export const fallbackLogger: Logger = createLogger(
  LEVELS.find((l) => l === process.env.ATELIER_LOG_LEVEL) ?? 'info',
);
