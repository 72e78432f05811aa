// A course's course.ts is TypeScript written by an author, and the production server runs compiled
// JavaScript with no TypeScript loader. So the loader compiles each course module itself (esbuild, in
// memory, a few ms) and evaluates the result. Its import of the platform's authoring API
// (`…/server/courses/authoring.js`, whatever the relative path) is served the module the server already
// runs, so a course works from any folder and shares the platform's `check` and `defineCourse`.
import { createRequire } from 'node:module';
import { build, type Plugin } from 'esbuild';
import * as authoring from './authoring.js';

const AUTHORING = /(?:^|\/)server\/courses\/authoring(?:\.[jt]s)?$/;
const AUTHORING_ID = 'atelier:authoring';

const platformImports: Plugin = {
  name: 'atelier-authoring',
  setup(b) {
    b.onResolve({ filter: AUTHORING }, () => ({ path: AUTHORING_ID, external: true }));
  },
};

/** The default export of a course module, compiled from TypeScript. Throws with esbuild's first message. */
export async function importCourseModule(file: string): Promise<unknown> {
  const out = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    plugins: [platformImports],
  }).catch((err: { errors?: { text: string; location?: { line: number } | null }[] }) => {
    const first = err.errors?.[0];
    throw new Error(
      first ? `${first.text}${first.location ? ` (line ${first.location.line})` : ''}` : String(err),
    );
  });
  const nodeRequire = createRequire(file);
  const require = (id: string) => (id === AUTHORING_ID ? authoring : nodeRequire(id));
  const module = { exports: {} as { default?: unknown } };
  const code = `${out.outputFiles[0]?.text ?? ''}\n//# sourceURL=${file}`;
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports.default;
}
