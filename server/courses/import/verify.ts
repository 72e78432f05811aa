// A Killercoda verify script (exit 0 when the step is done) compiled to Atelier checks: each line a known
// idiom becomes a declarative check; one unknown line and the whole script becomes one command check.
import {
  commandWords,
  logicalLines,
  splitOn,
  substitution,
  tokenize,
  type Token,
  type Word,
} from './shell.js';
import { tsValue } from './ts-source.js';

export type VerifyResult =
  { kind: 'checks'; checks: string[]; notes: string[] } | { kind: 'command'; check: string; reason: string };

/** Lines that say nothing about the state: they are skipped. */
const NOISE = /^(?:set -[euxo]+(?: pipefail)?|set -o pipefail|exit 0|true)$/;

export function compileVerify(script: string): VerifyResult {
  const lines = logicalLines(script).filter((l) => !NOISE.test(l));
  const fallback = (reason: string): VerifyResult => ({
    kind: 'command',
    check: `check.command(${tsValue(script.trim())})`,
    reason,
  });
  if (lines.length === 0) return fallback('the script has no command');
  const quiz = compileQuiz(lines);
  if (quiz) return { kind: 'checks', checks: [quiz], notes: [] };
  const checks: string[] = [];
  const notes: string[] = [];
  for (const line of lines) {
    const tokens = tokenize(line.replace(/\s*\|\|\s*(?:exit(?:\s+1)?|false|return\s+1)\s*$/, ''));
    if (!tokens) return fallback(`\`${line}\` is not a known idiom`);
    for (const part of splitOn(tokens, ['&&', ';'])) {
      if (part.length === 0) continue;
      const c = compileCommand(part, notes);
      if (!c) return fallback(`\`${line}\` is not a known idiom`);
      checks.push(c);
    }
  }
  return { kind: 'checks', checks, notes };
}

const call = (builder: string, subject: unknown, opts?: Record<string, unknown>): string =>
  `check.${builder}(${tsValue(subject)}${opts && Object.keys(opts).length ? `, ${tsValue(opts)}` : ''})`;

function compileCommand(tokens: Token[], notes: string[]): string | undefined {
  let negated = false;
  const first = tokens[0];
  if (first && 'word' in first && first.word.raw === '!') {
    negated = true;
    tokens = tokens.slice(1);
  }
  const stages = splitOn(tokens, ['|']).map(commandWords);
  if (stages.some((s) => !s || s.length === 0)) return undefined;
  const words = stages as Word[][];
  if (words.length === 1) return single(words[0] ?? [], negated, notes);
  if (words.length === 2) return piped(words[0] ?? [], words[1] ?? [], negated);
  return undefined;
}

const SLUG_NAME = /^[a-z_][a-z0-9_-]*\$?$/;
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const ABSOLUTE = /^\/[^\0]*$/;

function single(w: Word[], negated: boolean, notes: string[]): string | undefined {
  if (!w.every((x) => x.literal || substitution(x) !== undefined)) return undefined;
  const v = w.map((x) => x.value);
  const [cmd, ...args] = v;
  if (cmd === '[' || cmd === '[[' || cmd === 'test') {
    const inner = cmd === 'test' ? w.slice(1) : w.slice(1, -1);
    const close = v[v.length - 1];
    if (cmd !== 'test' && close !== (cmd === '[' ? ']' : ']]')) return undefined;
    return testExpr(inner, negated);
  }
  if (cmd === 'grep') {
    const g = parseGrep(args);
    if (!g || !g.file) return undefined;
    return grepCheck(g, g.file, negated);
  }
  if (cmd === 'getent' && args.length === 2 && SLUG_NAME.test(args[1] ?? '')) {
    if (args[0] === 'passwd') return call('user', args[1], negated ? { exists: false } : undefined);
    if (args[0] === 'group') return call('group', args[1], negated ? { exists: false } : undefined);
    return undefined;
  }
  if (cmd === 'id' && (args.length === 1 || (args.length === 2 && args[0] === '-u'))) {
    const name = args[args.length - 1] ?? '';
    if (!SLUG_NAME.test(name)) return undefined;
    return call('user', name, negated ? { exists: false } : undefined);
  }
  if (negated) return undefined;
  if (cmd === 'visudo' || cmd === '/usr/sbin/visudo') {
    if (!args.every((a) => /^(?:-c|-q|-s|-cf|-qc|-cq|-f)$/.test(a) || ABSOLUTE.test(a))) return undefined;
    if (!args.some((a) => a.startsWith('-') && a.includes('c'))) return undefined;
    return call('configTest', v.join(' '));
  }
  if (
    (cmd === 'nginx' || cmd === 'sshd' || cmd === '/usr/sbin/sshd') &&
    args.length === 1 &&
    args[0] === '-t'
  )
    return call('configTest', v.join(' '));
  if (
    (cmd === 'dpkg' && args.length === 2 && ['-l', '-s', '--status', '--list'].includes(args[0] ?? '')) ||
    (cmd === 'dpkg-query' && args.length === 2 && ['-W', '-s', '--show', '--status'].includes(args[0] ?? ''))
  ) {
    const name = args[1] ?? '';
    return PACKAGE_NAME.test(name) ? call('package', name) : undefined;
  }
  if (
    (cmd === 'which' && args.length === 1) ||
    (cmd === 'command' && args.length === 2 && args[0] === '-v')
  ) {
    const prog = args[args.length - 1] ?? '';
    if (!PACKAGE_NAME.test(prog)) return undefined;
    notes.push(
      `\`${v.join(' ')}\` became check.package('${prog}'): make sure the package that ships ${prog} is named ${prog}`,
    );
    return call('package', prog);
  }
  return undefined;
}

function testExpr(w: Word[], negated: boolean): string | undefined {
  if (w[0]?.value === '!') {
    negated = !negated;
    w = w.slice(1);
  }
  const v = w.map((x) => x.value);
  if (w.length === 2 && w[1]?.literal && ABSOLUTE.test(v[1] ?? '')) {
    const path = v[1];
    const type = { '-f': 'file', '-d': 'directory', '-L': 'symlink', '-h': 'symlink', '-e': undefined }[
      v[0] ?? ''
    ];
    if (!['-f', '-d', '-L', '-h', '-e'].includes(v[0] ?? '')) return undefined;
    if (negated) return call('file', path, { exists: false });
    return call('file', path, type ? { type } : undefined);
  }
  if (w.length === 3 && !negated && ['=', '==', '-eq'].includes(v[1] ?? '')) {
    const [a, , b] = w as [Word, Word, Word];
    const [sub, lit] = substitution(a) !== undefined ? [a, b] : [b, a];
    const inner = substitution(sub);
    if (inner === undefined || !lit.literal) return undefined;
    return compared(inner, lit.value);
  }
  return undefined;
}

/** `$(stat -c %a P)` (or %U, %G, %U:%G) compared to a value. */
function compared(inner: string, want: string): string | undefined {
  const tokens = tokenize(inner);
  const w = tokens && commandWords(tokens);
  if (!w || !w.every((x) => x.literal)) return undefined;
  const v = w.map((x) => x.value);
  if (v[0] !== 'stat') return undefined;
  let format: string | undefined;
  let path: string | undefined;
  for (let k = 1; k < v.length; k++) {
    const a = v[k] ?? '';
    if (a === '-c' || a === '--format' || a === '--printf') format = v[++k];
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a === '-L') return undefined;
    else if (path === undefined) path = a;
    else return undefined;
  }
  if (!path || !ABSOLUTE.test(path) || !format) return undefined;
  const opts = statOptions(format, want);
  return opts ? call('file', path, opts) : undefined;
}

function statOptions(format: string, want: string): Record<string, string> | undefined {
  const fields = format.split(':');
  const values = want.split(':');
  if (fields.length !== values.length) return undefined;
  const opts: Record<string, string> = {};
  for (const [k, f] of fields.entries()) {
    const val = values[k] ?? '';
    if (f === '%a' && /^0?[0-7]{3,4}$/.test(val)) opts.mode = val;
    else if (f === '%U' && SLUG_NAME.test(val)) opts.owner = val;
    else if (f === '%G' && SLUG_NAME.test(val)) opts.group = val;
    else return undefined;
  }
  return opts;
}

interface Grep {
  pattern: string;
  file?: string;
  extended: boolean;
  fixed: boolean;
  ignoreCase: boolean;
  line: boolean;
  word: boolean;
}

function parseGrep(args: string[]): Grep | undefined {
  const g: Grep = { pattern: '', extended: false, fixed: false, ignoreCase: false, line: false, word: false };
  const rest: string[] = [];
  let pattern: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k] ?? '';
    if (a === '-e') pattern = args[++k];
    else if (a === '--quiet' || a === '--silent') continue;
    else if (/^-[qsEFixw]+$/.test(a)) {
      if (a.includes('E')) g.extended = true;
      if (a.includes('F')) g.fixed = true;
      if (a.includes('i')) g.ignoreCase = true;
      if (a.includes('x')) g.line = true;
      if (a.includes('w')) g.word = true;
    } else if (a.startsWith('-') && a !== '-') return undefined;
    else rest.push(a);
  }
  if (pattern === undefined) pattern = rest.shift();
  if (pattern === undefined || pattern === '' || rest.length > 1) return undefined;
  g.pattern = pattern;
  g.file = rest[0];
  return g;
}

/** The grep pattern as a JS RegExp source (basic regex: `+?(){}|` are literal), or undefined for a string. */
function grepRegex(g: Grep): { source: string; flags: string } | string | undefined {
  const meta = g.extended ? /[\\^$.*+?()[\]{}|]/ : /[\\^$.*[\]]/;
  let source: string;
  if (g.fixed || !meta.test(g.pattern)) {
    if (!g.line && !g.word && !g.ignoreCase) return g.pattern;
    source = g.pattern.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  } else if (g.extended) source = g.pattern;
  else {
    if (/\\[(){}|+?]/.test(g.pattern)) return undefined; // GNU BRE extensions: left to a command check
    source = g.pattern.replace(/[+?(){}|]/g, '\\$&');
  }
  if (g.line) source = `^(?:${source})$`;
  else if (g.word) source = `\\b(?:${source})\\b`;
  try {
    new RegExp(source);
  } catch {
    return undefined;
  }
  return { source, flags: g.ignoreCase ? 'im' : 'm' };
}

function grepCheck(g: Grep, file: string, negated: boolean): string | undefined {
  if (!ABSOLUTE.test(file)) return undefined;
  if (!negated && (file === '/etc/crontab' || file.startsWith('/etc/cron.d/'))) {
    const cron = cronLine(g, { file });
    if (cron) return cron;
  }
  const re = grepRegex(g);
  if (re === undefined) return undefined;
  if (typeof re === 'string') return call('file', file, negated ? { notContains: re } : { contains: re });
  if (negated) return undefined; // the file check has no "does not match"
  return call('file', file, { matches: new RegExp(re.source, re.flags) });
}

/** A grep for a whole crontab line (schedule, [user], command) or a part of its command. */
function cronLine(g: Grep, where: { file: string } | { user: string }): string | undefined {
  if (g.extended || g.ignoreCase || g.word) return undefined;
  let text = g.pattern.replace(/^\^/, '').replace(/\$$/, '');
  let regex = false;
  if (!g.fixed) {
    // A basic regex read as text (`\*` for the schedule's stars, `.` taken literally); `*` or `[…]` is a regex.
    regex = /[*[\]]/.test(text.replace(/\\./g, ''));
    if (!regex) text = text.replace(/\\(.)/g, '$1');
  }
  const system = 'file' in where;
  const f = text.trim().split(/\s+/);
  const n = f[0]?.startsWith('@') ? 1 : 5;
  const schedule = f.slice(0, n);
  const isSchedule = n === 1 || schedule.every((x) => /^[0-9*,/-]+$|^[a-z]{3}$/i.test(x));
  if (!regex && isSchedule && f.length > n + (system ? 1 : 0)) {
    const runAs = system ? f[n] : undefined;
    const command = f.slice(n + (system ? 1 : 0)).join(' ');
    if (runAs !== undefined && !SLUG_NAME.test(runAs)) return undefined;
    return call('cron', { ...where, schedule: schedule.join(' '), ...(runAs ? { runAs } : {}), command });
  }
  if (g.line) return undefined;
  if (!regex) return call('cron', { ...where, command: text });
  const re = grepRegex(g);
  return re && typeof re !== 'string'
    ? call('cron', { ...where, command: new RegExp(re.source) })
    : undefined;
}

function piped(left: Word[], right: Word[], negated: boolean): string | undefined {
  if (!left.every((x) => x.literal) || !right.every((x) => x.literal)) return undefined;
  const l = left.map((x) => x.value);
  const r = right.map((x) => x.value);
  if (r[0] !== 'grep') return undefined;
  const g = parseGrep(r.slice(1));
  if (!g || g.file !== undefined) return undefined;
  const [cmd, ...args] = l;
  if (cmd === 'cat' && args.length === 1) return grepCheck(g, args[0] ?? '', negated);
  // id -nG U | grep -w G, groups U | grep G: membership of one group.
  if (
    !negated &&
    ((cmd === 'id' && args.length === 2 && /^-(?:nG|Gn)$/.test(args[0] ?? '')) ||
      (cmd === 'groups' && args.length === 1))
  ) {
    const user = args[args.length - 1] ?? '';
    if (!SLUG_NAME.test(user) || !SLUG_NAME.test(g.pattern) || g.extended || g.ignoreCase) return undefined;
    return call('user', user, { groups: [g.pattern] });
  }
  if (
    !negated &&
    cmd === 'getent' &&
    args[0] === 'group' &&
    args.length === 2 &&
    SLUG_NAME.test(args[1] ?? '')
  ) {
    if (!SLUG_NAME.test(g.pattern)) return undefined;
    return call('group', args[1], { members: [g.pattern] });
  }
  if (!negated && cmd === 'crontab') {
    const u =
      args.length === 1 && args[0] === '-l' ? 'root' : args.length === 3 ? userOfCrontab(args) : undefined;
    return u ? cronLine(g, { user: u }) : undefined;
  }
  if (
    !negated &&
    cmd === 'dpkg' &&
    args.length === 1 &&
    ['-l', '--list', '--get-selections'].includes(args[0] ?? '')
  ) {
    const name = g.pattern
      .replace(/^\^?ii\s*(?:\\s\+|\s+|\[\[:space:\]\]\+)?/, '')
      .replace(/(?:\\s|\s|\\b|\$)*$/, '')
      .trim();
    return PACKAGE_NAME.test(name) ? call('package', name) : undefined;
  }
  if (!negated && cmd === 'stat') {
    const inner = l.join(' ');
    if (!g.line && !g.word && !/^[0-7]{3,4}$|^[a-z_][a-z0-9_-]*(?::[a-z_][a-z0-9_-]*)?$/.test(g.pattern))
      return undefined;
    return compared(inner, g.pattern);
  }
  return undefined;
}

function userOfCrontab(args: string[]): string | undefined {
  const i = args.indexOf('-u');
  const user = i >= 0 ? args[i + 1] : undefined;
  return args.includes('-l') && user && SLUG_NAME.test(user) ? user : undefined;
}

/**
 * A quiz's generated verifier: the content of an answer file compared with fixed strings, as
 * `[ "$(cat F)" = "x" ]` or `A=$(cat F …)` then `[[ "$A" == "x" || "$A" == "y" ]]` (possibly inside
 * `if …; then exit 0; fi; exit 1`).
 */
function compileQuiz(lines: string[]): string | undefined {
  let file: string | undefined;
  let subject: string;
  let body = lines;
  const assign =
    /^([A-Za-z_][A-Za-z0-9_]*)=["']?\$\(\s*cat\s+([^\s|)'"]+)(?:\s*\|\s*(?:tr|xargs|sed|head|tail)[^)]*)?\s*\)["']?$/.exec(
      lines[0] ?? '',
    );
  if (assign) {
    file = assign[2];
    const name = assign[1] ?? '';
    subject = `"?\\$(?:${name}|\\{${name}\\})"?`;
    body = lines.slice(1);
  } else {
    const m = /\$\(\s*cat\s+([^\s|)'"]+)\s*\)/.exec(lines.join('\n'));
    if (!m) return undefined;
    file = m[1];
    subject = `"?\\$\\(\\s*cat\\s+${(file ?? '').replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}\\s*\\)"?`;
  }
  if (!file || !ABSOLUTE.test(file)) return undefined;
  const pair = new RegExp(`${subject}\\s*==?\\s*(?:"([^"$\`\\\\]*)"|'([^']*)'|([^\\s;\\]|&'"$]+))`, 'g');
  const text = body.join('\n');
  if (/then\s+exit\s+[1-9]|!=/.test(text)) return undefined;
  const answers: string[] = [];
  const rest = text.replace(pair, (_m, a?: string, b?: string, c?: string) => {
    answers.push(a ?? b ?? c ?? '');
    return ' ';
  });
  if (answers.length === 0) return undefined;
  const leftover = rest
    .replace(/\b(?:if|then|else|fi|exit\s+[01]|true|false)\b/g, ' ')
    .replace(/\[\[|\]\]|\[|\]|\|\||;|\s+/g, '');
  if (leftover !== '') return undefined;
  return `check.answer(${tsValue(file)}, ${tsValue(answers.length === 1 ? answers[0] : answers)})`;
}
