// « Ouvrir dans l’éditeur : /etc/… » under an exercise that names its files.
import { css, html, nothing } from 'lit';
import { t } from '../../lib/i18n.js';
import type { Exercise } from '../../lib/types.js';
import { editIcon } from '../../styles/icons.js';

type FileRef = NonNullable<Exercise['files']>[number];

/** One button per file; `multi`: the lab has several machines (the machine is named). */
export function renderFileLinks(
  files: FileRef[] | undefined,
  enabled: boolean,
  open: (file: FileRef) => void,
) {
  if (!files || files.length === 0) return nothing;
  const multi = new Set(files.map((f) => f.machine)).size > 1;
  return html`<ul class="file-links" aria-label=${t('editor.lessonFiles')}>
    ${files.map((f) => {
      const path = multi ? `${f.machine}:${f.path}` : f.path;
      return html`<li>
        <button
          type="button"
          class="file-link"
          ?disabled=${!enabled}
          title=${enabled ? '' : t('editor.needsLab')}
          @click=${() => open(f)}
        >
          ${editIcon}<span>${t('editor.openInEditor', { path })}</span>
        </button>
      </li>`;
    })}
  </ul>`;
}

export const fileLinksStyles = css`
  .file-links {
    list-style: none;
    margin: 12px 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .file-link {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    border: 0;
    background: none;
    padding: 2px 0;
    color: var(--primary);
    font: inherit;
    text-align: left;
    cursor: pointer;
    text-decoration: underline;
  }
  .file-link span {
    overflow-wrap: anywhere;
  }
  .file-link:disabled {
    color: var(--muted);
    text-decoration: none;
    cursor: not-allowed;
  }
  .file-link:focus-visible {
    outline: 2px solid var(--focus);
    outline-offset: 2px;
  }
`;
