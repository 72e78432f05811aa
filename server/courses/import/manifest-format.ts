// `course:import --format yaml|json`: the imported course.ts evaluated once (it is our own generated code)
// and written as the manifest of the same definition, so both front-ends hold the same course.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { importCourseModule } from '../course-module.js';
import { writeManifest } from '../manifest.js';
import type { ImportResult } from './killercoda.js';

export type ImportFormat = 'ts' | 'yaml' | 'json';

/** The import's files with course.ts replaced by course.yaml (or course.json); the report says so. */
export async function inFormat(result: ImportResult, format: ImportFormat): Promise<ImportResult> {
  if (format === 'ts') return result;
  const ts = result.files.find((f) => f.path === 'course.ts');
  if (!ts) return result;
  const dir = mkdtempSync(path.join(tmpdir(), 'atelier-import-'));
  let def: unknown;
  try {
    const file = path.join(dir, 'course.ts');
    writeFileSync(file, ts.content);
    def = await importCourseModule(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const name = `course.${format}`;
  // Formatted like course.ts, by the repository's prettier settings (CI runs prettier --check).
  const config = (await prettier.resolveConfig(path.join(process.cwd(), 'courses', name))) ?? {};
  const header = `Imported by \`npm run course:import\`: see the import report for what is left to do.\nThe same schema as a course.ts module validates it (docs/COURSES.md, "Course manifests").`;
  return {
    ...result,
    files: [
      {
        path: name,
        content: await prettier.format(writeManifest(def, format, header), { ...config, parser: format }),
      },
      ...result.files.filter((f) => f !== ts),
    ],
    report: result.report.map((line) => line.replaceAll('course.ts', name)),
  };
}
