// Saving an open file: guarded by the version opened (If-Match) or as a new file (If-None-Match: *);
// a file changed meanwhile shows both versions, a stopped lab keeps the save for later.
import { openFile, reasonOf, saveFile } from '../../lib/file-api.js';
import type { CodeView } from './code-view.js';
import type { ConflictChoice } from './file-editor-parts.js';
import { metaOf, type OpenTab } from './open-tabs.js';

/** What the saves need from the editor. */
export interface SaveHost {
  labId(): string;
  tab(key: string): OpenTab | undefined;
  patch(key: string, change: Partial<OpenTab>): void;
  view(key: string): CodeView | undefined;
  /** A save went through (`created`: the file is new). */
  saved(tab: OpenTab, created: boolean): void;
}

/** `silentRetry`: a file only touched meanwhile (same text) is saved again without asking, once. */
export async function saveTab(host: SaveHost, key: string, silentRetry = true): Promise<void> {
  const tab = host.tab(key);
  const view = host.view(key);
  if (!tab || !view || tab.saving || tab.conflict) return;
  const content = view.text();
  host.patch(key, { saving: true, saveError: undefined, pendingSave: false });
  try {
    const guard = tab.isNew || !tab.meta ? { create: true as const } : { ifMatch: tab.meta.version };
    const { created, ...meta } = await saveFile(host.labId(), tab.machine, tab.path, content, guard);
    host.patch(key, { saving: false, meta, original: content, isNew: false, dirty: view.text() !== content });
    host.saved(tab, created);
  } catch (err) {
    host.patch(key, { saving: false });
    const reason = reasonOf(err);
    if (reason === 'file-changed') await changedMeanwhile(host, key, silentRetry);
    else if (reason === 'lab-not-running') host.patch(key, { pendingSave: true });
    else host.patch(key, { saveError: err });
  }
}

/** The machine's version is read again: only touched, the save goes again; else both versions show. */
async function changedMeanwhile(host: SaveHost, key: string, silentRetry: boolean): Promise<void> {
  const tab = host.tab(key);
  if (!tab) return;
  try {
    const theirs = await openFile(host.labId(), tab.machine, tab.path);
    if (silentRetry && theirs.content === tab.original) {
      host.patch(key, { meta: metaOf(theirs) });
      return await saveTab(host, key, false);
    }
    host.patch(key, { conflict: theirs });
  } catch (err) {
    host.patch(key, { saveError: err });
  }
}

/** « Garder ma version » saves over the machine's, « Reprendre celle de la machine » takes it, « Annuler ». */
export function resolveConflict(host: SaveHost, key: string, choice: ConflictChoice): void {
  const theirs = host.tab(key)?.conflict;
  if (!theirs) return;
  if (choice === 'cancel') return host.patch(key, { conflict: undefined });
  host.patch(key, { conflict: undefined, meta: metaOf(theirs) });
  if (choice === 'mine') return void saveTab(host, key, false);
  host.patch(key, { original: theirs.content });
  host.view(key)?.setText(theirs.content);
  host.patch(key, { dirty: false });
}
