import type { ProbeResult } from './check-kind.js';

/** What the dns probe saw: the server asked, the name queried, then dig's header and answer. */
export interface DnsAnswer {
  server?: string;
  query?: string;
  /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED… undefined when no reply came. */
  status?: string;
  flags: string[];
  /** Answer records: type and data. */
  records: { type: string; data: string }[];
  /** dig's error line, when no reply came. */
  error?: string;
}

/** `S <server>` and `Q <name>` lines, then `dig +noall +comments +answer` output. */
export function parseDig(result: ProbeResult): DnsAnswer {
  const a: DnsAnswer = { flags: [], records: [] };
  for (const line of result.output.split('\n')) {
    if (line.startsWith('S ')) a.server ??= line.slice(2).trim();
    else if (line.startsWith('Q ')) a.query ??= line.slice(2).trim();
    else if (/^;; ->>HEADER<<-/.test(line)) a.status = /status: ([A-Z]+)/.exec(line)?.[1];
    else if (/^;; flags:/.test(line))
      a.flags = (/^;; flags:([^;]*)/.exec(line)?.[1] ?? '').trim().split(/\s+/);
    else if (/^;; .*(timed out|refused|no servers|unreachable)/i.test(line)) a.error ??= line.slice(3).trim();
    else if (line && !line.startsWith(';')) {
      const f = line.trim().split(/\s+/);
      if (f.length >= 5 && f[2] === 'IN') a.records.push({ type: f[3] ?? '', data: f.slice(4).join(' ') });
    }
  }
  return a;
}

/** Compared case-insensitively, trailing dots ignored; TXT strings joined without their quotes. */
export function normalizeRecord(type: string, data: string): string {
  const text = type === 'TXT' ? data.replace(/"\s+"/g, '').replace(/^"|"$/g, '') : data;
  return text
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/\.$/, ''))
    .join(' ')
    .toLowerCase();
}
