// A described lab for unit tests of check kinds: files, stats and probe results, no Docker.
import type { Facts, LabStat, ProbeResult, Verdict } from '../../../server/courses/checks/check-kind.js';
import { kindOf, type CheckSpec } from '../../../server/courses/checks/index.js';

export interface World {
  files?: Record<string, string>;
  stats?: Record<string, LabStat>;
  probes?: Record<string, ProbeResult>;
  /** Other machines of the lab (what `Facts.on` returns). */
  machines?: Record<string, World>;
}

export const PASSWD =
  'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice Martin,,,:/home/alice:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n';
export const GROUP = 'root:x:0:\nsudo:x:27:alice\nalice:x:1000:\nwww-data:x:33:\nequipe:x:1001:bob\n';

/** A glob as the grader's bash reads it: `*`, `?`, `[...]` within one component, no leading dot. */
export function globRegExp(pattern: string): RegExp {
  const parts = pattern.split('/').map((c) => {
    let re = c.startsWith('.') ? '' : '(?!\\.)';
    for (let i = 0; i < c.length; i++) {
      const ch = c[i] ?? '';
      const close = ch === '[' ? c.indexOf(']', i + 2) : -1;
      if (ch === '*') re += '[^/]*';
      else if (ch === '?') re += '[^/]';
      else if (close > 0) {
        re += `[${c.slice(i + 1, close).replace(/^!/, '^')}]`;
        i = close;
      } else re += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
    return re;
  });
  return new RegExp(`^${parts.join('/')}$`);
}

/** Facts over a described lab; probes are matched by key, or by the key's first word. */
export function factsOf(spec: CheckSpec, world: World, machine?: string): Facts {
  const files: Record<string, string> = { '/etc/passwd': PASSWD, '/etc/group': GROUP, ...world.files };
  const plan = kindOf(spec).plan(spec);
  const planned = (machine === undefined ? plan.probes : plan.on?.[machine]?.probes) ?? [];
  const paths = [...new Set([...Object.keys(files), ...Object.keys(world.stats ?? {})])].sort();
  return {
    read: (p) => (files[p] === undefined ? null : Buffer.from(files[p] ?? '')),
    stat: (p) => world.stats?.[p] ?? null,
    glob: (pattern) => paths.filter((p) => globRegExp(pattern).test(p)),
    probe: (key) =>
      world.probes?.[key] ?? world.probes?.[planned.find((x) => x.key === key)?.key.split(' ')[0] ?? ''],
    on: (m) => factsOf(spec, world.machines?.[m] ?? {}, m),
  };
}

export function verdictOf(spec: CheckSpec, world: World): Verdict {
  return kindOf(spec).evaluate(spec, factsOf(spec, world));
}

/** The generated sentence (detail) in one language. */
export function judge(spec: CheckSpec, world: World, lang: 'fr' | 'en' = 'en') {
  const v = verdictOf(spec, world);
  return { passed: v.passed, text: v.detail[lang] };
}

export const file = (mode: number, uid = 0, gid = 0, extra: Partial<LabStat> = {}): LabStat => ({
  type: 'file',
  mode,
  uid,
  gid,
  size: 1,
  ...extra,
});
