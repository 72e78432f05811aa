import { z } from 'zod';
import { l } from '../localized.js';
import type { CheckKind, Probe, ProbeResult } from './check-kind.js';
import { metaShape } from './check-meta.js';

/** Dumps the kernel's socket tables with bash builtins (no ss/netstat to trust). */
export const SOCKET_PROBE: Probe = {
  key: 'sockets',
  builtin: true,
  script: `for f in tcp tcp6 udp udp6; do printf '#%s\\n' "$f"
  __y=; [ -r /proc/net/$f ] && read -r -N 1048576 __y < /proc/net/$f; printf '%s' "$__y"
done`,
};

export interface SocketInfo {
  protocol: 'tcp' | 'udp';
  address: string;
  port: number;
}

function ipv4(hex: string): string {
  const bytes = hex.match(/../g)?.map((b) => parseInt(b, 16)) ?? [];
  return bytes.reverse().join('.');
}

function compress(groups: string[]): string {
  let [best, bestLen] = [-1, 1];
  for (let i = 0; i < groups.length; i++) {
    let j = i;
    while (groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function ipv6(hex: string): string {
  const words = (hex.match(/.{8}/g) ?? []).map((w) => (w.match(/../g) ?? []).reverse().join(''));
  const groups =
    words
      .join('')
      .match(/.{4}/g)
      ?.map((g) => parseInt(g, 16).toString(16)) ?? [];
  if (groups.slice(0, 6).join(':') === '0:0:0:0:0:ffff') return ipv4(hex.slice(24)); // v4-mapped
  return compress(groups);
}

/** Listening TCP sockets and bound UDP sockets from /proc/net/{tcp,tcp6,udp,udp6}. */
export function parseSockets(result: ProbeResult | undefined): SocketInfo[] {
  const out: SocketInfo[] = [];
  let table = '';
  for (const line of result?.output.split('\n') ?? []) {
    if (line.startsWith('#')) {
      table = line.slice(1);
      continue;
    }
    const f = line.trim().split(/\s+/);
    const local = f[1]?.split(':');
    if (!local || local.length !== 2 || !/^[0-9A-F]+$/.test(local[0] ?? '')) continue;
    const tcp = table.startsWith('tcp');
    if (tcp ? f[3] !== '0A' : f[3] !== '07') continue;
    const hex = local[0] ?? '';
    out.push({
      protocol: tcp ? 'tcp' : 'udp',
      address: hex.length === 8 ? ipv4(hex) : ipv6(hex),
      port: parseInt(local[1] ?? '0', 16),
    });
  }
  return out;
}

export const portSchema = z.strictObject({
  kind: z.literal('port'),
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(['tcp', 'udp']).optional(),
  /** Exact local address, e.g. '0.0.0.0', '127.0.0.1', '::'. Any address by default. */
  address: z.string().min(2).optional(),
  /** false: nothing may listen on this port. Default true. */
  listening: z.boolean().optional(),
  ...metaShape,
});
export type PortCheckSpec = z.infer<typeof portSchema>;

export const portCheck: CheckKind<PortCheckSpec> = {
  kind: 'port',
  schema: portSchema,
  plan: () => ({ probes: [SOCKET_PROBE] }),
  evaluate(s, facts) {
    const probe = facts.probe(SOCKET_PROBE.key);
    if (!probe)
      return {
        passed: false,
        detail: l('La table des sockets est illisible.', 'The socket table could not be read.'),
      };
    const proto = s.protocol ?? 'tcp';
    const on = parseSockets(probe).filter((x) => x.protocol === proto && x.port === s.port);
    const where = `${s.port}/${proto}`;
    if (s.listening === false) {
      return on.length
        ? {
            passed: false,
            detail: l(
              `Un programme écoute encore sur le port ${where}.`,
              `Something still listens on port ${where}.`,
            ),
          }
        : {
            passed: true,
            detail: l(`Rien n'écoute sur le port ${where}.`, `Nothing listens on port ${where}.`),
          };
    }
    if (!on.length)
      return {
        passed: false,
        detail: l(`Aucun programme n'écoute sur le port ${where}.`, `Nothing listens on port ${where}.`),
      };
    const addrs = [...new Set(on.map((x) => x.address))].join(', ');
    if (s.address !== undefined && !on.some((x) => x.address === s.address)) {
      return {
        passed: false,
        detail: l(
          `Le port ${where} écoute sur ${addrs} (attendu : ${s.address}).`,
          `Port ${where} listens on ${addrs} (expected ${s.address}).`,
        ),
      };
    }
    return {
      passed: true,
      detail: l(`Le port ${where} est ouvert (${addrs}).`, `Port ${where} is listening (${addrs}).`),
    };
  },
};
