// ATELIER_ENGINES: the Docker Engines labs run on (YAML or JSON file, or inline JSON), every problem listed.
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseSubnetRange } from './lab-subnets.js';
import type { EngineConfig } from './engine-types.js';

const UNITS: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** `24g`, `512m`, a number of bytes. */
const bytes = z
  .union([z.number().int().min(0), z.string().regex(/^\d+(\.\d+)?\s*[kmgt]?i?b?$/i)])
  .transform((v) => {
    if (typeof v === 'number') return v;
    const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)/i.exec(v)!;
    return Math.round(Number(m[1]) * (UNITS[(m[2] ?? '').toLowerCase()] ?? 1));
  });

const file = z
  .string()
  .min(1)
  .refine((p) => p.startsWith('/'), 'an absolute path');

const url = z
  .string()
  .regex(
    /^(unix:\/\/\/.+|tcp:\/\/[^/\s]+:\d+|ssh:\/\/[^/\s@]+@[^/\s]+)$/,
    'unix:///path, tcp://host:port or ssh://user@host',
  );

const engine = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-", at most 32'),
    url,
    tls: z.object({ ca: file, cert: file, key: file }).strict().optional(),
    ssh: z
      .object({
        key: file.optional(),
        // Its host key as `ssh-keyscan` prints it (`ssh-ed25519 AAAA…`): ssh2 trusts any host without one.
        hostKey: z
          .string()
          .regex(
            /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+=*$/,
            'the engine\'s host key, as ssh-keyscan prints it: "ssh-ed25519 AAAA…"',
          ),
      })
      .strict()
      .optional(),
    capacity: z
      .object({ labs: z.number().int().min(0).default(0), memory: bytes.default(0) })
      .strict()
      .default({ labs: 0, memory: 0 }),
    mode: z.enum(['active', 'draining']).default('active'),
    labSubnets: z
      .string()
      .refine((s) => {
        try {
          parseSubnetRange(s);
          return true;
        } catch {
          return false;
        }
      }, 'a private IPv4 range such as 10.100.0.0/16')
      .optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const scheme = e.url.split(':')[0];
    if (scheme === 'tcp' && !e.tls)
      ctx.addIssue({
        code: 'custom',
        path: ['tls'],
        message: 'tcp:// needs mutual TLS (tls: {ca, cert, key})',
      });
    if (scheme !== 'tcp' && e.tls)
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'only for tcp:// engines' });
    if (scheme !== 'ssh' && e.ssh)
      ctx.addIssue({ code: 'custom', path: ['ssh'], message: 'only for ssh:// engines' });
    if (scheme === 'ssh' && !e.ssh)
      ctx.addIssue({
        code: 'custom',
        path: ['ssh'],
        message: "ssh:// needs the engine's host key (ssh: {hostKey})",
      });
  });

const engines = z
  .array(engine)
  .min(1, 'at least one engine')
  .max(64)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((e, i) => {
      if (seen.has(e.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${e.name}" twice` });
      seen.add(e.name);
    });
  });

/** The one engine of a platform without ATELIER_ENGINES: DOCKER_HOST, or the local socket. */
export function localEngine(dockerHost: string | undefined): EngineConfig {
  const url = !dockerHost || dockerHost === 'unix://' ? 'unix:///var/run/docker.sock' : dockerHost;
  return { name: 'local', url, capacity: { labs: 0, memoryBytes: 0 }, mode: 'active' };
}

/**
 * The engines ATELIER_ENGINES names (a file path, or JSON starting with `[`); undefined when unset.
 * Problems are pushed to `problems` (prefixed with the variable) instead of thrown, so that every problem
 * of the configuration is listed at once.
 */
export function loadEngines(value: string | undefined, problems: string[]): EngineConfig[] | undefined {
  if (!value) return undefined;
  const where = value.trimStart().startsWith('[') ? 'ATELIER_ENGINES' : `ATELIER_ENGINES (${value})`;
  let raw: unknown;
  try {
    raw = value.trimStart().startsWith('[') ? JSON.parse(value) : parseYaml(fs.readFileSync(value, 'utf8'));
  } catch (err) {
    problems.push(`${where}: ${(err as Error).message.split('\n')[0]}`);
    return undefined;
  }
  const parsed = engines.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      problems.push(`${where}: ${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
    return undefined;
  }
  return parsed.data.map(({ capacity, ...e }) => ({
    ...e,
    capacity: { labs: capacity.labs, memoryBytes: capacity.memory },
  }));
}
