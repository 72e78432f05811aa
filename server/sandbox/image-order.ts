// The order the staged start builds images in (docker-image-builds.ts); pure, so it is unit-tested.

/**
 * Images to build, in the order they are built: by `priority` (names not in it keep their given order,
 * after the others), each one right after what it needs. `items` come parents first; a parent that is not
 * among them is already built.
 */
export function buildOrder<T extends { name: string; parent?: string }>(items: T[], priority: string[]): T[] {
  const rank = (t: T) => {
    const i = priority.indexOf(t.name);
    return i < 0 ? priority.length : i;
  };
  const sorted = items.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i);
  const byName = new Map(items.map((t) => [t.name, t]));
  const out: T[] = [];
  const visit = (t: T) => {
    if (out.includes(t)) return;
    const parent = t.parent === undefined ? undefined : byName.get(t.parent);
    if (parent) visit(parent);
    out.push(t);
  };
  for (const { t } of sorted) visit(t);
  return out;
}
