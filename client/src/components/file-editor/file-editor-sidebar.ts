// The editor's left column: machine, « Ouvrir un chemin », quick access, the file tree.
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { FileRef } from '../../lib/file-paths.js';
import { t } from '../../lib/i18n.js';

export interface SidebarProps {
  machines: string[];
  machine: string;
  quickFiles: FileRef[];
  folders: FileRef[];
  pathText: string;
  pathError: string;
  nameOf(ref: FileRef): string;
  onMachine(machine: string): void;
  onPathInput(text: string): void;
  onOpen(e: Event): void;
  onCreate(e: Event): void;
  openFile(ref: FileRef): void;
  reveal(ref: FileRef): void;
  tree: unknown;
}

export function renderSidebar(p: SidebarProps) {
  const home = p.machines[0] ?? 'lab';
  const machine = p.machine || home;
  const places = [
    { machine, path: '/root' },
    { machine, path: '/etc' },
    ...p.folders.filter((f) => !['/root', '/etc', '/'].includes(f.path)),
  ];
  return html`<div class="sidebar">
    ${
      p.machines.length > 1
        ? html`<p class="field">
            <label for="editor-machine">${t('editor.machine')}</label>
            <select
              id="editor-machine"
              .value=${live(machine)}
              @change=${(e: Event) => p.onMachine((e.target as HTMLSelectElement).value)}
            >
              ${p.machines.map((m) => html`<option value=${m} ?selected=${m === machine}>${m}</option>`)}
            </select>
          </p>`
        : nothing
    }
    <form class="path-form" @submit=${p.onOpen}>
      <label for="editor-path">${t('editor.openPath')}</label>
      <input
        id="editor-path"
        autocomplete="off"
        spellcheck="false"
        placeholder=${t('editor.pathPlaceholder')}
        aria-invalid=${p.pathError ? 'true' : 'false'}
        aria-describedby=${p.pathError ? 'editor-path-error' : nothing}
        .value=${live(p.pathText)}
        @input=${(e: Event) => p.onPathInput((e.target as HTMLInputElement).value)}
      />
      <span class="path-buttons">
        <button type="submit" class="btn btn-primary btn-small">${t('editor.open')}</button>
        <button type="button" class="btn btn-secondary btn-small" @click=${p.onCreate}>
          ${t('editor.create')}
        </button>
      </span>
      ${p.pathError ? html`<p class="error" id="editor-path-error">${p.pathError}</p>` : nothing}
    </form>
    <nav class="places" aria-label=${t('editor.places')}>
      ${
        p.quickFiles.length > 0
          ? html`<p class="group-title" id="quick-files">${t('editor.exerciseFiles')}</p>
              <ul aria-labelledby="quick-files">
                ${p.quickFiles.map(
                  (f) =>
                    html`<li>
                      <button
                        type="button"
                        class="place file"
                        title=${p.nameOf(f)}
                        @click=${() => p.openFile(f)}
                      >
                        ${p.nameOf(f)}
                      </button>
                    </li>`,
                )}
              </ul>`
          : nothing
      }
      <p class="group-title" id="folders">${t('editor.folders')}</p>
      <ul aria-labelledby="folders">
        ${places.map(
          (f) =>
            html`<li>
              <button type="button" class="place" title=${p.nameOf(f)} @click=${() => p.reveal(f)}>
                ${f.machine !== machine ? `${f.machine}:` : ''}${f.path}
              </button>
            </li>`,
        )}
      </ul>
    </nav>
    ${p.tree}
  </div>`;
}
