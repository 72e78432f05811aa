// A course's course.ts is TypeScript written by an author, and the production server runs compiled
// JavaScript with no TypeScript loader. So the loader compiles each course module itself (esbuild, in
// memory) and evaluates the result. Its import of the platform's authoring API
// (`…/server/courses/authoring.js`, whatever the relative path) is served the module the server already
// runs, so a course works from any folder and shares the platform's `check` and `defineCourse`.
//
// A restart should not wait for a compiler: the compiled code is kept (CourseCodeCache) with a hash of every
// file the compilation read, and reused while none of them has changed. esbuild is loaded only on a miss.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import * as authoring from './authoring.js';
import { KeptEntries } from './kept-entries.js';

const AUTHORING = /(?:^|\/)server\/courses\/authoring(?:\.[jt]s)?$/;
const AUTHORING_ID = 'atelier:authoring';
/** Bump when the compile options below change: every kept compilation is then a miss. */
const VERSION = 1;

const platformImports: Plugin = {
  name: 'atelier-authoring',
  setup(b) {
    b.onResolve({ filter: AUTHORING }, () => ({ path: AUTHORING_ID, external: true }));
  },
};

interface Compiled {
  /** Absolute path → sha256 of every file the compilation read. */
  inputs: Record<string, string>;
  code: string;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function unchanged(inputs: Record<string, string>): boolean {
  try {
    return Object.entries(inputs).every(([file, hash]) => sha256(readFileSync(file)) === hash);
  } catch {
    return false; // a file the module imported is gone
  }
}

async function compile(file: string): Promise<Compiled> {
  // Loaded only when a course changed; required, not imported: the bundled server runs as a script (with
  // V8's code cache, scripts/server-launcher.cjs), where a dynamic import() has no module loader to call.
  const { build } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const out = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    metafile: true,
    absWorkingDir: path.dirname(file),
    plugins: [platformImports],
  }).catch((err: { errors?: { text: string; location?: { line: number } | null }[] }) => {
    const first = err.errors?.[0];
    throw new Error(
      first ? `${first.text}${first.location ? ` (line ${first.location.line})` : ''}` : String(err),
    );
  });
  const inputs: Record<string, string> = {};
  for (const rel of Object.keys(out.metafile.inputs)) {
    const abs = path.resolve(path.dirname(file), rel);
    inputs[abs] = sha256(readFileSync(abs));
  }
  return { inputs, code: out.outputFiles[0]?.text ?? '' };
}

/** Compiled course modules kept in one JSON file between starts; without a file, nothing is kept. */
export class CourseCodeCache {
  private readonly kept: KeptEntries<Compiled>;

  constructor(file?: string) {
    this.kept = new KeptEntries(file, VERSION);
  }

  /** The JavaScript of `file`: the kept compilation while its inputs are the same, else a fresh one. */
  async code(file: string): Promise<string> {
    const kept = this.kept.get(file);
    if (kept && unchanged(kept.inputs)) return kept.code;
    const fresh = await compile(file);
    this.kept.set(file, fresh);
    return fresh.code;
  }

  save(): void {
    this.kept.save();
  }
}

/** The default export of a course module, compiled from TypeScript. Throws with esbuild's first message. */
export async function importCourseModule(
  file: string,
  cache: CourseCodeCache = new CourseCodeCache(),
): Promise<unknown> {
  const compiled = await cache.code(file);
  const nodeRequire = createRequire(file);
  const require = (id: string) => (id === AUTHORING_ID ? authoring : nodeRequire(id));
  const module = { exports: {} as { default?: unknown } };
  const code = `${compiled}\n//# sourceURL=${file}`;
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports.default;
}
