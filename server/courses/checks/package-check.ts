import { z } from 'zod';
import { l } from '../localized.js';
import type { CheckKind } from './check-kind.js';
import { metaShape } from './check-meta.js';

export const DPKG_STATUS = '/var/lib/dpkg/status';

export const packageSchema = z.strictObject({
  kind: z.literal('package'),
  name: z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/, 'not a Debian package name'),
  /** false: the package must NOT be installed. Default true. */
  installed: z.boolean().optional(),
  /** The installed version must start with this. */
  version: z.string().min(1).optional(),
  ...metaShape,
});
export type PackageCheckSpec = z.infer<typeof packageSchema>;

export interface DpkgEntry {
  status: string;
  version: string;
}

/** Finds one package in dpkg's status database (read from outside the lab). */
export function findDpkgEntry(status: Buffer | null, name: string): DpkgEntry | undefined {
  if (!status) return undefined;
  for (const stanza of status.toString('utf8').split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (m?.[1] && m[2] !== undefined) fields.set(m[1], m[2]);
    }
    if (fields.get('Package') === name)
      return { status: fields.get('Status') ?? '', version: fields.get('Version') ?? '' };
  }
  return undefined;
}

export const packageCheck: CheckKind<PackageCheckSpec> = {
  kind: 'package',
  schema: packageSchema,
  plan: () => ({ reads: [DPKG_STATUS] }),
  evaluate(s, facts) {
    const entry = findDpkgEntry(facts.read(DPKG_STATUS), s.name);
    const installed = entry?.status.endsWith(' installed') === true;
    if (s.installed === false) {
      return installed
        ? {
            passed: false,
            detail: l(`Le paquet ${s.name} est encore installé.`, `Package ${s.name} is still installed.`),
          }
        : {
            passed: true,
            detail: l(`Le paquet ${s.name} n'est pas installé.`, `Package ${s.name} is not installed.`),
          };
    }
    if (!installed || !entry) {
      const half = entry && entry.status !== '' && !entry.status.includes('not-installed');
      return half
        ? {
            passed: false,
            detail: l(
              `L'installation de ${s.name} est incomplète (${entry.status}).`,
              `${s.name} is only partly installed (${entry.status}).`,
            ),
          }
        : {
            passed: false,
            detail: l(`Le paquet ${s.name} n'est pas installé.`, `Package ${s.name} is not installed.`),
          };
    }
    if (s.version !== undefined && !entry.version.startsWith(s.version)) {
      return {
        passed: false,
        detail: l(
          `${s.name} est en version ${entry.version} (attendu : ${s.version}).`,
          `${s.name} is at version ${entry.version} (expected ${s.version}).`,
        ),
      };
    }
    return {
      passed: true,
      detail: l(
        `Le paquet ${s.name} est installé (${entry.version}).`,
        `Package ${s.name} is installed (${entry.version}).`,
      ),
    };
  },
};
