import { z } from 'zod';
import { MAX_INPUT_CHUNK } from './events.js';

export const labId = z.string().regex(/^[a-f0-9]{16}$/);
const terminalId = z.string().regex(/^[a-f0-9]{16}$/);
const dim = z.number().int().min(1).max(500);

export const machine = z.string().regex(/^[a-z][a-z0-9-]{0,19}$/);

/** A shell this browser showed before (it may have outlived a server restart). */
const resume = z.string().regex(/^[0-9a-f]{16}$/);
export const openSchema = z
  .object({ labId, cols: dim, rows: dim, machine: machine.optional(), resume: resume.optional() })
  .strict();
export const inputSchema = z.object({ terminalId, data: z.string().max(MAX_INPUT_CHUNK) }).strict();
export const resizeSchema = z.object({ terminalId, cols: dim, rows: dim }).strict();
export const ackSchema = z
  .object({
    terminalId,
    bytes: z
      .number()
      .int()
      .min(0)
      .max(64 * 1024 * 1024),
  })
  .strict();
export const closeSchema = z.object({ terminalId }).strict();
