// Pieces of the editor's panel: the open files, the refusals, the conflict, the status line.
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { errorText } from '../../lib/api.js';
import { octalMode, reasonOf } from '../../lib/file-api.js';
import { baseName } from '../../lib/file-paths.js';
import { t } from '../../lib/i18n.js';
import type { OpenTab } from './open-tabs.js';

export interface OpenFilesProps {
  tabs: OpenTab[];
  active: string;
  multi: boolean;
  sidebar: boolean;
  toggleSidebar(): void;
  select(key: string): void;
  close(key: string): void;
  /** The save button, at the end of the bar. */
  save: unknown;
}

const unsaved = (tab: OpenTab) => tab.dirty || tab.pendingSave || tab.isNew;

/** The open files, each a button (the shown one `aria-current`) and its close button. */
export function renderOpenFiles(p: OpenFilesProps) {
  return html`<div class="bar">
    <button
      type="button"
      class="btn btn-ghost btn-small"
      aria-expanded=${p.sidebar ? 'true' : 'false'}
      @click=${p.toggleSidebar}
    >
      ${t('editor.sidebar')}
    </button>
    <ul class="open-files" aria-label=${t('editor.openFiles')}>
      ${p.tabs.map((tab) => {
        const name = p.multi ? `${tab.machine}:${tab.path}` : tab.path;
        return html`<li class="file-tab ${tab.key === p.active ? 'current' : ''}">
          <button
            type="button"
            class="file"
            title=${name}
            aria-current=${tab.key === p.active ? 'true' : 'false'}
            @click=${() => p.select(tab.key)}
          >
            ${p.multi ? html`<span class="badge" aria-hidden="true">${tab.machine}</span>` : nothing}
            <span aria-hidden="true">${baseName(tab.path)}</span><span class="sr-only">${name}</span>
            ${
              unsaved(tab)
                ? html`<span class="dot" aria-hidden="true"></span
                    ><span class="sr-only">, ${t('editor.unsaved')}</span>`
                : nothing
            }
          </button>
          <button
            type="button"
            class="close"
            aria-label=${t('editor.close', { name })}
            title=${t('editor.close', { name })}
            @click=${() => p.close(tab.key)}
          >
            ×
          </button>
        </li>`;
      })}
    </ul>
    <span class="spacer"></span>
    ${p.save}
  </div>`;
}

/** Refusals that need no retry: the file is what it is. */
const FINAL = new Set(['binary-file', 'file-too-big', 'is-a-directory', 'not-a-regular-file']);

export interface ProblemActions {
  startLab(): void;
  retry(): void;
  /** A missing file becomes a new one (saved with If-None-Match: *). */
  create(): void;
}

/** Why the file shows no text, or why its last save did not go through. */
export function renderProblem(tab: OpenTab, act: ProblemActions) {
  // The server said the lab is stopped: the button shows even if the page has not heard it yet.
  const stopped = reasonOf(tab.openError) === 'lab-not-running' || tab.pendingSave;
  if (stopped)
    return html`<div class="notice warn" role="alert">
      <p>
        <strong>${t('editor.stopped')}</strong>
        ${tab.pendingSave ? t('editor.stoppedSave') : nothing}
      </p>
      <button type="button" class="btn btn-primary btn-small" @click=${act.startLab}>
        ${t('editor.startLab')}
      </button>
    </div>`;
  const err = tab.openError ?? tab.saveError;
  if (err === undefined) return nothing;
  return html`<div class="notice error-box" role="alert">
    <p>${errorText(err)}</p>
    ${
      reasonOf(tab.openError) === 'no-such-file'
        ? html`<button type="button" class="btn btn-primary btn-small" @click=${act.create}>
            ${t('editor.createIt')}
          </button>`
        : tab.openError !== undefined && !FINAL.has(reasonOf(err))
          ? html`<button type="button" class="btn btn-secondary btn-small" @click=${act.retry}>
              ${t('editor.retry')}
            </button>`
          : nothing
    }
  </div>`;
}

export type ConflictChoice = 'mine' | 'theirs' | 'cancel';

/** Both versions side by side and the three ways out. */
export function renderConflict(tab: OpenTab, name: string, choose: (c: ConflictChoice) => void) {
  return html`<section class="conflict" aria-labelledby="conflict-title">
    <h3 id="conflict-title" tabindex="-1">${t('editor.conflictTitle')}</h3>
    <p role="alert">${t('editor.conflictText', { path: name })}</p>
    <div class="sides" aria-hidden="true">
      <span>${t('editor.mine')}</span><span>${t('editor.theirs')}</span>
    </div>
    <div class="merge"></div>
    <div class="choices">
      <button type="button" class="btn btn-primary btn-small" @click=${() => choose('mine')}>
        ${t('editor.keepMine')}
      </button>
      <button type="button" class="btn btn-secondary btn-small" @click=${() => choose('theirs')}>
        ${t('editor.takeTheirs')}
      </button>
      <button type="button" class="btn btn-ghost btn-small" @click=${() => choose('cancel')}>
        ${t('editor.cancel')}
      </button>
    </div>
    ${tab.saving ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
  </section>`;
}

/** « Enregistrer » (Ctrl+S): there is something to save and nothing in the way. */
export function renderSaveButton(tab: OpenTab | undefined, save: () => void) {
  const ready = !!tab && tab.openError === undefined && !tab.loading && !tab.saving && !tab.conflict;
  return html`<button
    type="button"
    class="btn btn-primary btn-small save"
    aria-keyshortcuts="Control+S"
    ?disabled=${!ready || !unsaved(tab)}
    @click=${save}
  >
    ${t('editor.save')}
  </button>`;
}

/** Machine, owner:group, mode in octal, where a link leads, what the last save did. */
export function renderStatusLine(tab: OpenTab, notice: string) {
  const m = tab.meta;
  return html`<div class="status" data-testid="editor-status">
    <span class="badge">${tab.machine}</span>
    ${
      tab.isNew
        ? html`<span>${t('editor.newFile')}</span>`
        : m
          ? html`<span class="mono">${m.owner}:${m.group} ${octalMode(m.mode)}</span> ${
                m.realPath !== tab.path
                  ? html`<span class="mono">${t('editor.realPath', { path: m.realPath })}</span>`
                  : nothing
              }`
          : nothing
    }
    <span class="spacer"></span>
    <span class="keys">${t('editor.keys')}</span>
    <span class="saved" role="status">${tab.saving ? t('editor.saving') : notice}</span>
  </div>`;
}

/** One container per open file (CodeMirror fills it), only the shown one visible; or why none shows. */
export function renderCodeStack(tabs: OpenTab[], shown: OpenTab | undefined, name: string) {
  return html`<div class="code-stack" ?hidden=${!!shown?.conflict}>
    ${repeat(
      tabs,
      (tab) => tab.key,
      (tab) =>
        html`<div
          class="code"
          data-code=${tab.key}
          ?hidden=${tab !== shown || tab.openError !== undefined || tab.loading}
        ></div>`,
    )}
    ${tabs.length === 0 ? html`<p class="empty">${t('editor.empty')}</p>` : nothing}
    ${shown?.loading ? html`<p class="empty" role="status">${t('editor.loading', { path: name })}</p>` : nothing}
  </div>`;
}
