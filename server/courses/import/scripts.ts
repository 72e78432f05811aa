// Killercoda's background scripts (run in the machine when a step starts) and foreground scripts (typed in
// the learner's terminal), made fit for a lab with no network.
import { logicalLines } from './shell.js';

export interface Installs {
  /** Debian packages (apt-get install / apt install). */
  apt: string[];
  /** Python packages (pip install). */
  pip: string[];
  /** Lines removed for another reason (apt-get update: no network). */
  other: string[];
}

const APT_INSTALL = /^(?:sudo\s+)?(?:[A-Z_]+=\S*\s+)*(?:apt-get|apt)\s+(.*)$/;
const PIP_INSTALL = /^(?:sudo\s+)?(?:[A-Z_]+=\S*\s+)*(?:pip3?|python3?\s+-m\s+pip)\s+install\s+(.*)$/;

/** The package names an install command names (options and `> /dev/null` dropped, `pkg=1.2` → `pkg`). */
function names(args: string[]): string[] {
  return args
    .filter((a) => a && !a.startsWith('-') && !/^[0-9&]*[<>]/.test(a) && a !== '/dev/null')
    .map((a) => a.replace(/^["']|["']$/g, '').replace(/[=<>].*$/, ''))
    .filter((a) => /^[A-Za-z0-9][A-Za-z0-9+._-]*$/.test(a));
}

/** Kind of one command of a background line: kept, or removed as an install / update. */
function classify(cmd: string, found: Installs): boolean {
  const apt = APT_INSTALL.exec(cmd);
  if (apt) {
    const words = (apt[1] ?? '').split(/\s+/);
    const sub = words.find((w) => !w.startsWith('-'));
    if (sub === 'install') {
      found.apt.push(...names(words.slice(words.indexOf('install') + 1)));
      return false;
    }
    if (sub === 'update' || sub === 'upgrade' || sub === 'dist-upgrade') {
      found.other.push(cmd);
      return false;
    }
    return true;
  }
  const pip = PIP_INSTALL.exec(cmd);
  if (pip) {
    found.pip.push(...names((pip[1] ?? '').split(/\s+/)));
    return false;
  }
  return true;
}

/**
 * A background script without its package installs: each line that installs (alone or in an `&&` / `;`
 * chain) loses those commands, and a comment says what was removed.
 */
export function stripInstalls(script: string, found: Installs): string {
  const out: string[] = [];
  const lines = script.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    while (/(^|[^\\])\\$/.test(line) && i + 1 < lines.length)
      line = `${line.slice(0, -1).trimEnd()} ${lines[++i]?.trim()}`;
    const trimmed = line.trim();
    if (!/\b(?:apt-get|apt|pip3?)\b/.test(trimmed) || trimmed.startsWith('#')) {
      out.push(line);
      continue;
    }
    const indent = /^\s*/.exec(line)?.[0] ?? '';
    const parts = trimmed.split(/\s*(&&|;)\s*/);
    const kept: string[] = [];
    let removed = false;
    for (let k = 0; k < parts.length; k += 2) {
      const cmd = parts[k] ?? '';
      if (cmd === '') continue;
      if (classify(cmd, found)) kept.push(cmd);
      else removed = true;
    }
    if (!removed) {
      out.push(line);
      continue;
    }
    out.push(`${indent}# course:import removed: ${trimmed}  (labs have no network: see the import report)`);
    if (kept.length) out.push(`${indent}${kept.join(' && ')}`);
  }
  return out.join('\n');
}

/** Commands of lesson code that install packages (the learner's apt install, which runs offline in a lab). */
export function installsIn(commands: string[]): Installs {
  const found: Installs = { apt: [], pip: [], other: [] };
  for (const c of commands) for (const part of c.split(/\s*(?:&&|;)\s*/)) classify(part.trim(), found);
  return found;
}

/** A script without its shebang; undefined when nothing but comments, blank lines and `clear` is left. */
export function meaningfulScript(script: string): string | undefined {
  const body = script
    .replace(/\r\n?/g, '\n')
    .replace(/^#!.*\n?/, '')
    .trim();
  const real = logicalLines(body).filter((l) => !/^(?:clear|clear -x|tput clear|reset)(?:\s*;)?$/.test(l));
  return real.length ? body : undefined;
}

/** Packages an environment's Dockerfile installs or downloads (its FROM chain of exercises/ included). */
export interface EnvPackages {
  installed: Set<string>;
  downloaded: Set<string>;
}

export function envPackages(
  env: string,
  readDockerfile: (env: string) => string | undefined,
  seen = new Set<string>(),
): EnvPackages {
  const out: EnvPackages = { installed: new Set(), downloaded: new Set() };
  if (seen.has(env)) return out;
  seen.add(env);
  const text = readDockerfile(env);
  if (text === undefined) return out;
  for (const line of logicalLines(text)) {
    const from = /^FROM\s+(?:\$\{ATELIER_PREFIX\}|\$ATELIER_PREFIX|atelier)\/([a-z0-9_.-]+)/i.exec(line);
    if (from?.[1]) {
      const parent = envPackages(from[1], readDockerfile, seen);
      parent.installed.forEach((p) => out.installed.add(p));
      parent.downloaded.forEach((p) => out.downloaded.add(p));
      continue;
    }
    for (const cmd of line.split(/\s*(?:&&|;)\s*/)) {
      const m = /(?:apt-get|apt)\s+(?:-\S+\s+)*install\s+(.*)$/.exec(cmd);
      if (!m) continue;
      const words = (m[1] ?? '').split(/\s+/);
      const target =
        words.includes('--download-only') || words.includes('-d') ? out.downloaded : out.installed;
      names(words).forEach((p) => target.add(p));
    }
  }
  return out;
}
