// The editor's open files: what each tab knows, and the list kept per lab in sessionStorage.
import type { FileMeta, LabFile } from '../../lib/file-api.js';
import { fileKey, type FileRef } from '../../lib/file-paths.js';

export interface OpenTab extends FileRef {
  key: string;
  /** Owner, mode, version… of the file as last opened or saved (none for a new file). */
  meta?: FileMeta;
  /** The text as last opened or saved: the buffer is unsaved when it differs. */
  original: string;
  /** A file that does not exist yet (saved with If-None-Match: *). */
  isNew: boolean;
  dirty: boolean;
  loading: boolean;
  saving: boolean;
  /** Why the file could not be opened (binary, too big, a folder, missing, lab stopped…). */
  openError?: unknown;
  saveError?: unknown;
  /** A save refused because the lab is stopped: it runs again once the lab runs. */
  pendingSave: boolean;
  /** The machine's version after a save refused with `file-changed`: the learner chooses. */
  conflict?: LabFile;
}

export function newTab(ref: FileRef): OpenTab {
  return {
    ...ref,
    key: fileKey(ref),
    original: '',
    isNew: false,
    dirty: false,
    loading: true,
    saving: false,
    pendingSave: false,
  };
}

/** What a LabFile is without its text. */
export function metaOf(file: LabFile): FileMeta {
  const { content: _content, ...meta } = file;
  return meta;
}

interface Saved {
  files: FileRef[];
  active?: string;
}

const storageKey = (labId: string) => `atelier.editor.${labId}`;

/** The files open in this lab's editor before a reload (this browser tab only). */
export function readOpenTabs(labId: string): Saved {
  try {
    const saved = JSON.parse(sessionStorage.getItem(storageKey(labId)) ?? '{}') as Partial<Saved>;
    const files = Array.isArray(saved.files)
      ? saved.files.filter((f) => typeof f?.machine === 'string' && typeof f?.path === 'string')
      : [];
    return { files, active: typeof saved.active === 'string' ? saved.active : undefined };
  } catch {
    return { files: [] };
  }
}

export function saveOpenTabs(labId: string, tabs: OpenTab[], active: string): void {
  try {
    const files = tabs.map(({ machine, path }) => ({ machine, path }));
    sessionStorage.setItem(storageKey(labId), JSON.stringify({ files, active }));
  } catch {
    // storage unavailable: a reload opens no file
  }
}
