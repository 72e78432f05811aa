import { z } from 'zod';
import { l, type Localized } from '../localized.js';
import type { CheckKind, Probe, ProbeResult, Verdict } from './check-kind.js';
import { metaShape, shq } from './check-meta.js';

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

/**
 * dpkg's database read by the grader's dpkg-query (`__pkg`, grader-lib.sh), cross-checked against the
 * package's files in the lab: a stanza without its files is not a package.
 */
export const packageProbe = (name: string): Probe => ({
  key: `package ${name}`,
  builtin: true,
  script: `__pkg ${shq(name)}`,
});

export interface PackageFacts {
  /** dpkg's status word ('installed', 'config-files', …), '' when dpkg does not know the package. */
  status: string;
  version: string;
  /** The lab's image holds this package, so its files can be compared with a trusted copy. */
  known: boolean;
  files: number;
  present: number;
  programs: number;
  matching: number;
  /** The first file missing or different from the package's. */
  first?: string;
}

export function parsePackage(r: ProbeResult | undefined): PackageFacts | undefined {
  if (!r || r.exitCode !== 0) return undefined;
  const lines = r.output.split('\n');
  const s = /^S (\S*) ?(.*)$/.exec(lines[0] ?? '');
  const k = /^K ([01])$/.exec(lines[1] ?? '');
  const f = /^F (\d+) (\d+) (\d+) (\d+)$/.exec(lines[2] ?? '');
  if (!s || !k || !f) return undefined;
  const x = lines[3]?.startsWith('X ') ? lines[3].slice(2) : undefined;
  const [files, present, programs, matching] = f.slice(1).map(Number) as [number, number, number, number];
  return {
    status: s[1] ?? '',
    version: s[2] ?? '',
    known: k[1] === '1',
    files,
    present,
    programs,
    matching,
    first: x,
  };
}

const verdict = (passed: boolean, detail: Localized): Verdict => ({ passed, detail });

/** All of the package's files are in the lab and its programs are the package's own. */
const intact = (p: PackageFacts) => p.known && p.present === p.files && p.matching === p.programs;

function installedVerdict(s: PackageCheckSpec, p: PackageFacts): Verdict {
  const n = s.name;
  if (p.status !== 'installed') {
    const half = p.status !== '' && p.status !== 'not-installed';
    return half
      ? verdict(
          false,
          l(
            `L'installation de ${n} est incomplète (${p.status}).`,
            `${n} is only partly installed (${p.status}).`,
          ),
        )
      : verdict(false, l(`Le paquet ${n} n'est pas installé.`, `Package ${n} is not installed.`));
  }
  if (!p.known)
    return verdict(
      false,
      l(
        `${n} n'est pas un paquet de l'image du cours : impossible de vérifier ses fichiers.`,
        `${n} is not a package of the course's image: its files cannot be checked.`,
      ),
    );
  if (!intact(p)) {
    const what = p.first ?? '?';
    return p.present < p.files
      ? verdict(
          false,
          l(
            `${n} est inscrit comme installé, mais ${what} manque.`,
            `${n} is recorded as installed, but ${what} is missing.`,
          ),
        )
      : verdict(
          false,
          l(`${what} n'est pas celui du paquet ${n}.`, `${what} is not the one from package ${n}.`),
        );
  }
  if (s.version !== undefined && !p.version.startsWith(s.version))
    return verdict(
      false,
      l(
        `${n} est en version ${p.version} (attendu : ${s.version}).`,
        `${n} is at version ${p.version} (expected ${s.version}).`,
      ),
    );
  return verdict(
    true,
    l(`Le paquet ${n} est installé (${p.version}).`, `Package ${n} is installed (${p.version}).`),
  );
}

export const packageCheck: CheckKind<PackageCheckSpec> = {
  kind: 'package',
  schema: packageSchema,
  plan: (s) => ({ probes: [packageProbe(s.name)] }),
  evaluate(s, facts) {
    const p = parsePackage(facts.probe(packageProbe(s.name).key));
    const n = s.name;
    if (!p) return verdict(false, l(`La base dpkg est illisible.`, `dpkg's database could not be read.`));
    if (s.installed !== false) return installedVerdict(s, p);
    if (p.status === 'installed')
      return verdict(false, l(`Le paquet ${n} est encore installé.`, `Package ${n} is still installed.`));
    // Removed from dpkg's database while every file stays in place: not removed.
    if (p.files > 0 && intact(p))
      return verdict(
        false,
        l(`Les fichiers du paquet ${n} sont encore là.`, `Package ${n}'s files are still there.`),
      );
    return verdict(true, l(`Le paquet ${n} n'est pas installé.`, `Package ${n} is not installed.`));
  },
};
