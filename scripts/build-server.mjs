// Compiles the server and its command-line scripts to plain JavaScript in dist/ (one file per module, the
// same layout), so production runs `node dist/server/main.js` with no TypeScript loader. Files the code
// reads beside itself (grader library, relay, seccomp profile, the terminal holder's sources, shell
// scripts) are copied next to their module. Type checking is `npm run typecheck`'s job, not this one's.
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ROOTS = ['server', 'scripts'];
const OUT = 'dist';

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

const t0 = performance.now();
const files = ROOTS.flatMap(walk);
const sources = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const assets = files.filter((f) => !/\.(ts|mjs)$/.test(f));
for (const root of ROOTS) rmSync(path.join(OUT, root), { recursive: true, force: true });
await build({
  entryPoints: sources,
  outdir: OUT,
  outbase: '.',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
for (const f of assets) cpSync(f, path.join(OUT, f));
console.log(
  `[atelier] server compiled: ${sources.length} modules and ${assets.length} files into ${OUT}/ ` +
    `in ${Math.round(performance.now() - t0)} ms`,
);
