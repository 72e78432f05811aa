import { css, html, LitElement, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { dialogStyles } from '../../styles/dialog.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { pastePreview, type PastePreview } from './paste-guard.js';

/**
 * The question before a paste that would run lines: how many, the first ones, Paste or Cancel. A modal
 * dialog: the focus stays in it, Escape cancels, the focus goes back to the terminal after.
 */
export class AtPasteConfirm extends LitElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      pre {
        margin: 0 0 8px;
        padding: 8px 10px;
        max-height: 9.5em;
        overflow: auto;
        background: var(--surface-2);
        border: 1px solid var(--border);
        border-radius: 8px;
        font: 0.85rem/1.4 var(--font-mono);
        white-space: pre;
      }
      .more {
        margin: 0 0 16px;
        font-size: 0.88rem;
      }
    `,
  ];

  @state() private preview?: PastePreview;
  @query('dialog') private dialog!: HTMLDialogElement;
  private answer?: (paste: boolean) => void;

  constructor() {
    super();
    new I18nController(this);
  }

  /** Shows the question for `text`; resolves true when the learner chooses Paste. */
  async ask(text: string): Promise<boolean> {
    this.answer?.(false); // one question at a time: a new paste replaces the one waiting
    this.preview = pastePreview(text);
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    return new Promise((resolve) => (this.answer = resolve));
  }

  override render() {
    const p = this.preview;
    return html`<dialog
      aria-labelledby="paste-title"
      aria-describedby="paste-run"
      data-testid="paste-confirm"
      @close=${this.onClose}
    >
      ${
        p
          ? html`<h2 id="paste-title">
                ${p.count === 1 ? t('clipboard.confirm.one') : t('clipboard.confirm.many', { count: p.count })}
              </h2>
              <p id="paste-run">
                ${t(p.count === 1 ? 'clipboard.confirm.runOne' : 'clipboard.confirm.runMany')}
              </p>
              <pre
                tabindex="0"
                role="region"
                aria-label=${t('clipboard.confirm.preview')}
                data-testid="paste-preview"
                .textContent=${p.first.join('\n')}
              ></pre>
              ${p.more ? html`<p class="more">${t('clipboard.confirm.more', { count: p.more })}</p>` : nothing}
              <form method="dialog" class="actions">
                <button class="btn btn-secondary" value="cancel">${t('clipboard.confirm.cancel')}</button>
                <button class="btn btn-primary" value="paste" autofocus>
                  ${t('clipboard.confirm.paste')}
                </button>
              </form>`
          : nothing
      }
    </dialog>`;
  }

  /** Paste, Cancel and Escape all close the dialog; only Paste leaves `paste` as its return value. */
  private onClose = (): void => {
    const paste = this.dialog.returnValue === 'paste';
    this.dialog.returnValue = '';
    const answer = this.answer;
    this.answer = undefined;
    answer?.(paste);
  };
}
