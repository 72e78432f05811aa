import { html, nothing } from 'lit';
import { t } from '../../lib/i18n.js';
import type { ClassGrid, LearnerRow } from '../../lib/types.js';
import { externalIcon } from '../../styles/icons.js';

export interface MessageDialogProps {
  /** A learner, or undefined for the whole class. */
  to?: LearnerRow;
  error: string;
  busy: boolean;
  onSend(text: string): void;
  onCancel(): void;
}

export function renderMessageDialog(p: MessageDialogProps) {
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const text = String(new FormData(e.target as HTMLFormElement).get('text') ?? '').trim();
    if (text) p.onSend(text);
  };
  return html`<dialog class="message" aria-labelledby="message-title" @close=${p.onCancel}>
    <h2 id="message-title">
      ${p.to ? t('grid.messageTo', { name: p.to.displayName }) : t('grid.messageToAll')}
    </h2>
    <form @submit=${submit}>
      <label class="field"
        >${t('grid.messageText')}<textarea name="text" maxlength="500" required></textarea>
      </label>
      ${p.error ? html`<p class="error" role="alert">${p.error}</p>` : nothing}
      <div class="actions">
        <button class="btn btn-secondary" type="button" @click=${p.onCancel}>${t('grid.cancel')}</button>
        <button class="btn btn-primary" type="submit" ?disabled=${p.busy}>${t('grid.send')}</button>
      </div>
    </form>
  </dialog>`;
}

export interface ResetDialogProps {
  grid: ClassGrid;
  row?: LearnerRow;
  error: string;
  busy: boolean;
  onConfirm(courseId: string, clearProgress: boolean): void;
  onCancel(): void;
}

export function renderResetDialog(p: ResetDialogProps) {
  const labs = p.row?.labs ?? [];
  const titleOf = (courseId: string) =>
    p.grid.columns.find((c) => c.courseId === courseId)?.courseTitle ?? courseId;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    p.onConfirm(String(form.get('courseId') ?? labs[0]?.courseId), form.get('clear') === 'on');
  };
  return html`<dialog class="reset" aria-labelledby="reset-title" @close=${p.onCancel}>
    <h2 id="reset-title">${t('grid.resetTitle', { name: p.row?.displayName ?? '' })}</h2>
    <p>${t('grid.resetText')}</p>
    <form @submit=${submit}>
      ${
        labs.length > 1
          ? html`<label class="field"
              >${t('grid.resetCourse')}
              <select name="courseId">
                ${labs.map((l) => html`<option value=${l.courseId} ?selected=${l.courseId === p.row?.current?.courseId}>${titleOf(l.courseId)}</option>`)}
              </select>
            </label>`
          : html`<input type="hidden" name="courseId" value=${labs[0]?.courseId ?? ''} />`
      }
      <label class="check"><input type="checkbox" name="clear" />${t('grid.clearProgress')}</label>
      ${p.error ? html`<p class="error" role="alert">${p.error}</p>` : nothing}
      <div class="actions">
        <button class="btn btn-secondary" type="button" @click=${p.onCancel}>${t('grid.cancel')}</button>
        <button class="btn btn-danger" type="submit" ?disabled=${p.busy}>${t('grid.resetConfirm')}</button>
      </div>
    </form>
  </dialog>`;
}

export interface PreviewDialogProps {
  row?: LearnerRow;
  /** The preview's capability URL, once the server gave it. */
  url: string;
  error: string;
  onClose(): void;
}

/** A learner's lab site, sandboxed like in their Browser tab (the proxy also sends a CSP sandbox). */
export function renderPreviewDialog(p: PreviewDialogProps) {
  const title = t('grid.previewTitle', { name: p.row?.displayName ?? '' });
  return html`<dialog class="preview" aria-labelledby="preview-title" @close=${p.onClose}>
    <div class="preview-head">
      <h2 id="preview-title">${title}</h2>
      <span class="spacer"></span>
      ${
        p.url
          ? html`<a
              class="btn btn-secondary btn-small"
              href=${p.url}
              target="_blank"
              rel="noopener noreferrer"
              >${externalIcon} ${t('browser.newWindow')}</a
            >`
          : nothing
      }
      <button class="btn btn-secondary btn-small" type="button" @click=${p.onClose}>
        ${t('watch.close')}
      </button>
    </div>
    ${p.error ? html`<p class="error" role="alert">${p.error}</p>` : nothing}
    ${
      p.url
        ? html`<iframe
            src=${p.url}
            title=${title}
            sandbox="allow-scripts allow-forms allow-popups"
            referrerpolicy="no-referrer"
            data-testid="trainer-preview-frame"
          ></iframe>`
        : p.error
          ? nothing
          : html`<p class="muted" role="status">${t('browser.loading')}</p>`
    }
  </dialog>`;
}
