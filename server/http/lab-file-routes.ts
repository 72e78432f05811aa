import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { MAX_EDITOR_BYTES, type LabFiles, type SaveRequest } from '../labs/lab-files.js';
import { currentUser } from './auth-routes.js';
import { machineName } from './lab-routes.js';
import { parseBody } from './http-error.js';
import type { RateLimiter } from './rate-limiter.js';

const where = z
  .object({
    machine: machineName.optional(),
    path: z
      .string()
      .min(1)
      .max(4096, 'chemin trop long')
      .startsWith('/', 'un chemin commence par /')
      .refine((p) => !p.includes('\0'), 'caractère nul dans le chemin'),
  })
  .strict();

/** The body as sent (any type: an editor saves text); a little room over the limit for the error to be ours. */
const rawBody = express.raw({ type: () => true, limit: MAX_EDITOR_BYTES + 1 });

/** `If-Match: "v"` (an ETag, quoted or not) or `If-None-Match: *`; neither overwrites. */
function expectOf(req: Request): SaveRequest['expect'] {
  if (req.get('if-none-match')?.trim() === '*') return 'absent';
  const match = req.get('if-match')?.trim();
  if (!match || match === '*') return 'any';
  const version = match.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  if (!/^[\x21-\x7e]{1,96}$/.test(version))
    throw new AppError('invalid-request', 'If-Match : version invalide');
  return { version };
}

/**
 * The editor's routes (docs/API.md, "Files"): a machine's directories and text files, for the lab's learner;
 * a trainer watching them may read a file. `limiter` counts every file operation per user.
 */
export function labFileRoutes(files: LabFiles, limiter: RateLimiter): Router {
  const r = Router();
  const asked = (req: Request) => {
    const user = currentUser(req);
    limiter.consume(`user:${user.id}`);
    return { userId: user.id, labId: String(req.params.id), at: parseBody(where, req.query) };
  };

  r.get('/labs/:id/files', async (req, res) => {
    const { userId, labId, at } = asked(req);
    const listing = await files.list(userId, labId, at);
    const entries = [...listing.entries].sort(
      (a, b) => Number(isDir(b)) - Number(isDir(a)) || a.name.localeCompare(b.name),
    );
    res.json({ ...listing, entries });
  });

  r.get('/labs/:id/file', async (req, res) => {
    const { userId, labId, at } = asked(req);
    const file = await files.open(userId, labId, at);
    res.set('ETag', `"${file.version}"`).set('Cache-Control', 'no-store').json(file);
  });

  r.put('/labs/:id/file', rawBody, async (req, res) => {
    const { userId, labId, at } = asked(req);
    // A JSON body was parsed before this route: never mistake it for an empty file.
    if (!Buffer.isBuffer(req.body))
      throw new AppError('invalid-request', 'Le contenu du fichier s’envoie tel quel (text/plain).');
    const content = req.body;
    const saved = await files.save(userId, labId, { ...at, content, expect: expectOf(req) });
    res.set('ETag', `"${saved.version}"`).json(saved);
  });

  return r;
}

const isDir = (e: { type: string; target?: string }) => e.type === 'directory' || e.target === 'directory';
