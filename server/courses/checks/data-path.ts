/** Dotted paths into parsed JSON / YAML: `a.b[0].c`, `[2].name`. */

export const DATA_PATH = /^(?:[^.[\]]+|\[[0-9]+\])(?:\.[^.[\]]+|\[[0-9]+\])*$/;

/** The path's steps: keys (strings) and array indexes (numbers). */
export function stepsOf(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  for (const m of path.matchAll(/\[([0-9]+)\]|([^.[\]]+)/g))
    steps.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? ''));
  return steps;
}

/** The value at `path`, or `{ missing }` naming the first step that is not there. */
export function valueAt(root: unknown, path: string): { value: unknown } | { missing: string } {
  let here: unknown = root;
  let walked = '';
  for (const step of stepsOf(path)) {
    walked += typeof step === 'number' ? `[${step}]` : walked ? `.${step}` : step;
    if (
      typeof step === 'number'
        ? !Array.isArray(here) || step >= here.length
        : !isRecord(here) || !Object.hasOwn(here, step)
    ) {
      return { missing: walked };
    }
    here = typeof step === 'number' ? (here as unknown[])[step] : (here as Record<string, unknown>)[step];
  }
  return { value: here };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A value as the file would show it, short. */
export function show(value: unknown): string {
  const s = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}
