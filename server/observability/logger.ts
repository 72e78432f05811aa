import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };
export const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];
export type LogFormat = 'auto' | 'json' | 'pretty';

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

/**
 * A line whose object has this field (a URL) shows it in a box on a terminal: the one link a person must
 * not miss among the start's lines (the first administrator's setup link). JSON lines keep it a field.
 */
export const BOXED_LINK = 'link';

/** The message, then the link alone in a plain box (easy to spot and to select with the mouse). */
export function withBoxedLink(message: string, link: unknown): string {
  if (typeof link !== 'string' || !link) return message;
  const bar = '─'.repeat(link.length + 2);
  return [message, `  ┌${bar}┐`, `  │ ${link} │`, `  └${bar}┘`].join('\n');
}

/** pino-pretty and its colour and date libraries load only for a terminal: a JSON-logging restart skips them. */
const prettyPrinter = () => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;

/**
 * JSON lines on stdout when it is a file or a pipe (one object per line: `docker compose logs`, journald and
 * log shippers read them as they are); readable coloured lines from pino-pretty when it is a terminal.
 * Pretty printing is synchronous, so the last line before an exit is never lost.
 */
export function createLogger(
  level: LogLevel = 'info',
  destination?: NodeJS.WritableStream,
  format: LogFormat = 'auto',
): Logger {
  const options = {
    level,
    base: { app: 'atelier' },
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const readable =
    format === 'pretty' || (format === 'auto' && !destination && process.stdout.isTTY === true);
  if (readable)
    return pino(
      options,
      prettyPrinter()({
        destination: destination ?? 1,
        sync: true,
        colorize: !destination && process.stdout.isTTY === true,
        translateTime: 'SYS:HH:MM:ss',
        ignore: `pid,hostname,app,${BOXED_LINK}`,
        messageFormat: (log, key) => withBoxedLink(String(log[key] ?? ''), log[BOXED_LINK]),
      }),
    );
  const json = { ...options, formatters: { level: (label: string) => ({ level: label }) } };
  return destination ? pino(json, destination) : pino(json);
}

/** For code that runs before the composition root made the real logger (and for tests). */
export const fallbackLogger: Logger = createLogger(
  LEVELS.find((l) => l === process.env.ATELIER_LOG_LEVEL) ?? 'info',
);
