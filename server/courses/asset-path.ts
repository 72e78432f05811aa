import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** Lesson images live in `courses/<id>/lessons/images/` and are referenced as `images/<file>`. */
export const ASSET_DIR = 'images';
const IMAGE_EXT = /\.(png|jpe?g|gif|webp)$/i; // no SVG: it can carry script when opened directly

/**
 * Is this a safe relative asset reference? Rejects absolute paths, `..` (also percent-encoded), NUL,
 * backslashes, URLs and anything outside `images/` or that is not a raster image.
 */
export function isSafeAssetRef(relPath: string): boolean {
  if (relPath === '' || relPath.length > 256) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(relPath);
  } catch {
    return false;
  }
  for (const p of [relPath, decoded]) {
    if (p.includes('\0') || p.includes('\\') || p.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(p))
      return false;
    const segs = p.split('/');
    if (segs.some((s) => s === '..' || s === '.' || s === '' || s.startsWith('.'))) return false;
    if (segs[0] !== ASSET_DIR || segs.length < 2 || !IMAGE_EXT.test(p)) return false;
  }
  return decoded === relPath || !/%/.test(decoded);
}

/** Absolute path of an existing asset inside `<courseDir>/lessons/images/`, or undefined. */
export function resolveAsset(courseDir: string, relPath: string): string | undefined {
  if (!isSafeAssetRef(relPath)) return undefined;
  const root = path.join(courseDir, 'lessons', ASSET_DIR);
  const candidate = path.join(courseDir, 'lessons', decodeURIComponent(relPath));
  if (!existsSync(candidate) || !existsSync(root)) return undefined;
  const [realRoot, real] = [realpathSync(root), realpathSync(candidate)];
  if (!real.startsWith(realRoot + path.sep) || !statSync(real).isFile()) return undefined;
  return real;
}
