// Paths and keys of the editor's files (pure; test/unit/client/file-paths.test.ts).

/** A file on one of the lab's machines. */
export interface FileRef {
  machine: string;
  path: string;
}

export const fileKey = (f: FileRef): string => `${f.machine}:${f.path}`;

/**
 * A path as typed, made absolute and tidy (`~` is root's home, doubled and trailing slashes go);
 * undefined when it is not absolute.
 */
export function normalizeFilePath(typed: string): string | undefined {
  let p = typed.trim();
  if (p === '~' || p.startsWith('~/')) p = `/root${p.slice(1)}`;
  if (!p.startsWith('/')) return undefined;
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export const joinPath = (dir: string, name: string): string => (dir === '/' ? `/${name}` : `${dir}/${name}`);

export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1) || '/';

export const parentOf = (path: string): string => {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
};

/** `/`, `/etc`, `/etc/nginx` for `/etc/nginx`: the folders to open to show it in a tree. */
export function ancestorsOf(path: string): string[] {
  const out = ['/'];
  for (let p = path; p !== '/'; p = parentOf(p)) out.splice(1, 0, p);
  return out;
}

/** The folders of some files, each once, in order (the course's folders for quick access). */
export function foldersOf(files: FileRef[]): FileRef[] {
  const seen = new Map<string, FileRef>();
  for (const f of files) {
    const dir = { machine: f.machine, path: parentOf(f.path) };
    if (!seen.has(fileKey(dir))) seen.set(fileKey(dir), dir);
  }
  return [...seen.values()];
}
