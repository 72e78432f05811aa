// Values written as readable TypeScript source (prettier formats the whole file afterwards).

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string, RegExp, number, boolean, array or plain object as a TypeScript expression. */
export function tsValue(v: unknown): string {
  if (typeof v === 'string') return tsString(v);
  if (v instanceof RegExp) return v.toString();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.map(tsValue).join(', ')}]`;
  if (v && typeof v === 'object')
    return `{ ${Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${tsValue(x)}`)
      .join(', ')} }`;
  throw new Error(`cannot write ${typeof v} as TypeScript`);
}

/** A one-line string as a quoted literal; a multi-line one (a script) as a template literal, kept readable. */
export function tsString(s: string): string {
  if (!s.includes('\n')) return JSON.stringify(s);
  return `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}
