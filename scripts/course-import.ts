// `npm run course:import <folder> [--id ID] [--image ENV] [--out DIR] [--format ts|yaml|json]`: turns a
// Killercoda scenario folder into an Atelier course folder (default courses/<id>), its definition a course.ts
// module (the default) or a course.yaml / course.json manifest, and prints what a human must still do
// (docs/COURSES.md).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImportError, importKillercoda } from '../server/courses/import/killercoda.js';
import { inFormat, type ImportFormat } from '../server/courses/import/manifest-format.js';
import { writeCourseFolder } from '../server/courses/import/write-course.js';

const USAGE =
  'usage: npm run course:import -- <scenario folder> [--id ID] [--image ENV] [--out DIR] [--format ts|yaml|json]';
const FORMATS: readonly ImportFormat[] = ['ts', 'yaml', 'json'];
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Args {
  folder: string;
  id?: string;
  image?: string;
  out?: string;
  format: ImportFormat;
}

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const m = /^--(id|image|out|format)(?:=(.*))?$/.exec(a);
    if (m) {
      const value = m[2] ?? argv[++i];
      if (!value) throw new Error(`--${m[1]} needs a value (${USAGE})`);
      opts[m[1] ?? ''] = value;
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a} (${USAGE})`);
    else positional.push(a);
  }
  if (positional.length !== 1) throw new Error(USAGE);
  const format = (opts.format ?? 'ts') as ImportFormat;
  if (!FORMATS.includes(format)) throw new Error(`--format is ts, yaml or json (${USAGE})`);
  return { folder: positional[0] ?? '', id: opts.id, image: opts.image, out: opts.out, format };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const imported = await importKillercoda(args.folder, {
    id: args.id,
    image: args.image,
    exercisesDir: path.join(repo, 'exercises'),
    formatFrom: path.join(repo, 'courses', 'course.ts'), // the repository's .prettierrc.json
  });
  const result = await inFormat(imported, args.format);
  const out = args.out ?? path.join('courses', result.courseId);
  writeCourseFolder(out, result.files);
  console.log(`Imported ${args.folder} → ${out} (${result.files.length} files). What is left to do:\n`);
  for (const line of result.report) console.log(line);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ImportError) console.error(`course:import: ${err.file}: ${err.message}`);
    else console.error(`course:import: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
