import type { SandboxRuntime } from '../sandbox/sandbox-runtime.js';
import { shq } from './checks/check-meta.js';
import type { CourseDefinition, CourseSetup } from './define-course.js';

/** Runs a bash script in the lab, read whole from stdin (nothing in argv, stdin closed for the script). */
export const SCRIPT_COMMAND = [
  'bash',
  '--noprofile',
  '--norc',
  '-c',
  's=$(</dev/stdin) 2>/dev/null || s=$(cat); exec </dev/null; eval "$s"',
];

/** The bash script applying a course setup: files first (base64, exact bytes), then the setup script. */
export function setupScriptOf(
  setup: CourseSetup | undefined,
  scriptContent: string | undefined,
): string | undefined {
  const lines: string[] = [];
  for (const f of setup?.files ?? []) {
    const p = shq(f.path);
    lines.push(
      `mkdir -p -- "$(dirname -- ${p})"`,
      `printf '%s' ${shq(Buffer.from(f.content).toString('base64'))} | base64 -d > ${p}`,
    );
    if (f.mode) lines.push(`chmod ${f.mode} -- ${p}`);
    if (f.owner || f.group) lines.push(`chown ${f.owner ?? ''}${f.group ? `:${f.group}` : ''} -- ${p}`);
  }
  if (scriptContent) {
    const b64 = shq(Buffer.from(scriptContent).toString('base64'));
    lines.push(
      '__s=$(mktemp)',
      `printf '%s' ${b64} | base64 -d > "$__s"`,
      'bash "$__s"; __c=$?; rm -f "$__s"; exit $__c',
    );
  }
  return lines.length ? `set -e\ncd /root\n${lines.join('\n')}\n` : undefined;
}

/** Where the shell init of a course and its exercises goes: every login shell sources /etc/profile.d/*.sh. */
export const SHELL_INIT_FILE = '/etc/profile.d/zz-atelier-shell-init.sh';

/**
 * The file every login shell of the lab sources: the course's `shellInit`, then each exercise's in order,
 * each under a comment naming it. Undefined when the course has none. Only bash runs it (a `sh -l` returns
 * at once), so a snippet may use bash syntax.
 */
export function shellInitOf(def: CourseDefinition): string | undefined {
  const parts = [
    { who: `course ${def.id}`, code: def.shellInit },
    ...def.exercises.map((e) => ({ who: `exercise ${e.id}`, code: e.shellInit })),
  ].filter((p): p is { who: string; code: string } => !!p.code?.trim());
  if (!parts.length) return undefined;
  const head = [
    `# Written by Atelier at lab setup: shellInit of the course ${def.id} and its exercises (course.ts).`,
    '# Every login shell of the lab runs it; bash only.',
    '[ -n "${BASH_VERSION-}" ] || return 0',
  ];
  const body = parts.map(({ who, code }) => `\n# --- ${who}\n${code.endsWith('\n') ? code : `${code}\n`}`);
  return `${head.join('\n')}\n${body.join('')}`;
}

/** The setup script writing the shell init file (root-owned, 644), or undefined when the course has none. */
export function shellInitScriptOf(def: CourseDefinition): string | undefined {
  const content = shellInitOf(def);
  return content === undefined
    ? undefined
    : setupScriptOf(
        { files: [{ path: SHELL_INIT_FILE, content, mode: '644', owner: 'root', group: 'root' }] },
        undefined,
      );
}

/** Applies a course setup to a fresh lab; throws with the script's output when it fails. */
export async function applySetup(
  runtime: SandboxRuntime,
  target: { labId: string; machine: string },
  courseId: string,
  script: string | undefined,
): Promise<void> {
  if (!script) return;
  const { labId, machine } = target;
  const r = await runtime.exec(labId, SCRIPT_COMMAND, { stdin: script, timeoutMs: 60_000, machine });
  if (r.exitCode !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-5).join(' | ');
    throw new Error(
      `setup of course ${courseId} failed on machine ${machine} of lab ${labId} (exit ${r.exitCode}): ${tail}`,
    );
  }
}
