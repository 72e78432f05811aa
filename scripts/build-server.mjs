// Bundles the server into one CommonJS file, dist/server/server.js (started by dist/server/main.js, a copy
// of scripts/server-launcher.cjs that adds V8's code cache), so production runs plain JavaScript with
// no TypeScript loader, and a restart loads one file instead of some 700: a bare start went from ~1.1 s to
// ~0.6 s on this machine (docs/PERFORMANCE.md). CommonJS because Node reads an ES module's source through a
// slower decoder and compiles it more eagerly (~0.15 s more for this bundle). Type checking is
// `npm run typecheck`'s job, not this one's.
//
// Three things keep the bundle equivalent to the sources:
// - files the code reads beside itself (`new URL('./x', import.meta.url)`: the grader library, the relay,
//   the seccomp profile, the terminal holder's sources) are read from the source tree, which ships with
//   the bundle: each module's `import.meta.url` becomes the URL of its own source file;
// - packages with a native addon or their own worker files stay outside (loaded from node_modules);
// - what Atelier never uses of the Docker client (docker-modem's SSH transport, dockerode's BuildKit
//   session and progress decoder) stays outside too, loaded only if ever called: ~0.2 s of loading (gRPC,
//   protobuf, ssh2) otherwise.
import path from 'node:path';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

const ROOT = process.cwd();
const OUT = 'dist/server/server.js';
const LAUNCHER = 'dist/server/main.js';
const EXTERNAL = ['better-sqlite3', 'esbuild', 'pino', 'pino-pretty'];
// Required when the package loads, and each exports one function: a stand-in loads it at its first call.
const ON_CALL = [
  { dir: /[\\/]docker-modem[\\/]lib$/, request: './ssh', real: 'docker-modem/lib/ssh.js' },
  { dir: /[\\/]dockerode[\\/]lib$/, request: './session', real: 'dockerode/lib/session.js' },
];
// Already required inside the function that uses it: only kept out of the bundle.
const OUTSIDE = [
  { dir: /[\\/]dockerode[\\/]lib$/, request: './buildkit', real: 'dockerode/lib/buildkit.js' },
];

const serverBundle = {
  name: 'atelier-server-bundle',
  setup(b) {
    b.onResolve({ filter: /^\.\/(ssh|session|buildkit)$/ }, (a) => {
      const is = (l) => l.request === a.path && l.dir.test(a.resolveDir);
      const onCall = ON_CALL.find(is);
      if (onCall) return { path: onCall.real, namespace: 'on-call' };
      const outside = OUTSIDE.find(is);
      return outside && { path: outside.real, external: true };
    });
    // A function that loads the real module at its first call.
    b.onLoad({ filter: /.*/, namespace: 'on-call' }, (a) => ({
      contents: `module.exports = function () { return require(${JSON.stringify(a.path)}).apply(this, arguments); };`,
      loader: 'js',
      resolveDir: ROOT,
    }));
    b.onResolve({ filter: /^(docker-modem|dockerode)\/lib\/\w+\.js$/ }, (a) => ({
      path: a.path,
      external: true,
    }));
    b.onLoad({ filter: /\.ts$/ }, async (a) => {
      const source = await readFile(a.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const own = path
        .relative(path.dirname(path.join(ROOT, OUT)), a.path)
        .split(path.sep)
        .join('/');
      const url = `new URL(${JSON.stringify(own)}, atelierBundleUrl).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

const t0 = performance.now();
await rm('dist/server', { recursive: true, force: true });
await rm('dist/scripts', { recursive: true, force: true }); // left by the per-module build this replaced
await mkdir('dist/server', { recursive: true });
// The project is "type": "module"; this folder holds CommonJS.
await writeFile('dist/server/package.json', '{ "type": "commonjs" }\n');
const result = await build({
  entryPoints: ['server/main.ts'],
  outfile: OUT,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: EXTERNAL,
  plugins: [serverBundle],
  metafile: true,
  logLevel: 'warning',
  banner: { js: "const atelierBundleUrl = require('node:url').pathToFileURL(__filename);" },
});
await writeFile(LAUNCHER, await readFile('scripts/server-launcher.cjs'));
console.log(
  `[atelier] server bundled: ${Object.keys(result.metafile.inputs).length} modules into ${OUT} ` +
    `in ${Math.round(performance.now() - t0)} ms`,
);
