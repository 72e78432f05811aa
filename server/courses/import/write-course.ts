// Writes an imported course folder all at once: into a temporary folder beside the target, renamed into
// place when every file is written, so a failure leaves nothing half-written.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ImportError, type ImportedFile } from './killercoda.js';

export function writeCourseFolder(outDir: string, files: ImportedFile[]): void {
  const target = path.resolve(outDir);
  if (existsSync(target))
    throw new ImportError(outDir, 'the output folder already exists: remove it or pick --out');
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  const temp = path.join(parent, `.${path.basename(target)}.import-${randomBytes(4).toString('hex')}`);
  try {
    for (const f of files) {
      const file = path.resolve(temp, f.path);
      if (!file.startsWith(temp + path.sep))
        throw new ImportError(f.path, 'a file outside the course folder');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, f.content);
      if (f.mode !== undefined) chmodSync(file, f.mode);
    }
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    throw err;
  }
}
