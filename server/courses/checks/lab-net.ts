import { z } from 'zod';
import type { Probe, ProbeResult } from './check-kind.js';

/** A host a network check contacts: a name (a lab machine, localhost) or an IPv4 address. */
export const hostName = z
  .string()
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,252})$/, 'a host name or an IPv4 address')
  .refine((h) => !h.includes('..'), 'a host name has no empty label');

/**
 * Bash for non-builtin grader probes: `__ip NAME` sets `a` to an IPv4 address for NAME. The grader shares
 * the lab's /etc/hosts and /etc/resolv.conf (Docker's container network mode), which lab root may edit, and
 * lab root may flush the NAT rules behind Docker's resolver. So a lab machine's name is read first from
 * ATELIER_LAB_HOSTS (the addresses Docker gave the machines, passed by the platform), then asked of
 * Docker's resolver (127.0.0.11) with the image's dig. Any other name (`wiki.jardins.test`) is looked up
 * the way the machine's own programs would, through its files: as a visitor on that machine would.
 */
export const IP_FN = String.raw`__ip() {
  case $1 in *[!0-9.]*) ;; *) a=$1; return 0 ;; esac
  [ "$1" = localhost ] && { a=127.0.0.1; return 0; }
  local h
  for h in $ATELIER_LAB_HOSTS; do
    case $h in "$1"=*) a=$(/usr/bin/cut -d= -f2 <<<"$h"); return 0 ;; esac
  done
  a=''
  [ -x /usr/bin/dig ] && a=$(/usr/bin/dig +short +time=1 +tries=1 @127.0.0.11 -q "$1" -t A 2>/dev/null | /usr/bin/grep -m1 -E '^[0-9]+(\.[0-9]+){3}$')
  [ -n "$a" ] || a=$(/usr/bin/getent ahostsv4 -- "$1" 2>/dev/null | /usr/bin/head -n1 | /usr/bin/cut -d' ' -f1)
  [ -n "$a" ]
}`;

/** A machine's IPv4 address on the lab network, read by its own grader from the kernel. */
export const ADDRESS_PROBE: Probe = {
  key: 'ipv4 addresses',
  script: `for ip in /usr/bin/ip /bin/ip /sbin/ip; do [ -x $ip ] && exec $ip -4 -o addr show scope global; done; exit 127`,
  timeoutS: 2,
  maxBytes: 8192,
};

/** The first global IPv4 address in `ip -4 -o addr` output, or undefined. */
export function addressOf(result: ProbeResult | undefined): string | undefined {
  if (!result || result.exitCode !== 0) return undefined;
  return /\binet ([0-9]+(?:\.[0-9]+){3})\//.exec(result.output)?.[1];
}

/** 10.0.0.3 → 3.0.0.10.in-addr.arpa */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** host[:port] of an http(s) URL, with the scheme's default port. */
export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) };
}
