import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { pairApi } from '../../lib/pair-api.js';
import type { LearnerRow } from '../../lib/types.js';
import { pairDialogStyles } from './pair.styles.js';

/**
 * The trainer's « Binômes » on the class grid: pair two learners (the first one's machine is shared) and
 * separate a pair. The grid's rows come back through the live feed; this tells the page what happened
 * (`grid-notice`, like the grid's other tools).
 */
export class AtPairDialog extends LitElement {
  static override styles = pairDialogStyles;

  @property() classId = '';
  @property({ attribute: false }) learners: LearnerRow[] = [];
  @property({ type: Boolean }) disabled = false;
  @state() private error = '';
  @state() private busy = false;
  @query('dialog') private dialog?: HTMLDialogElement;

  constructor() {
    super();
    new I18nController(this);
  }

  private notice(text: string): void {
    this.dispatchEvent(new CustomEvent('grid-notice', { detail: text, bubbles: true, composed: true }));
  }

  private async make(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const a = String(form.get('a') ?? '');
    const b = String(form.get('b') ?? '');
    const name = (id: string) => this.learners.find((l) => l.userId === id)?.displayName ?? '';
    await this.act(() => pairApi.pair(this.classId, [a, b]), t('pairs.made', { a: name(a), b: name(b) }));
    if (!this.error) (e.target as HTMLFormElement).reset();
  }

  private async act(action: () => Promise<unknown>, done: string): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await action();
      this.notice(done);
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const free = this.learners.filter((l) => !l.pair);
    // One line per pair: its host's row carries it.
    const pairs = this.learners.filter((l) => l.pair?.host);
    const options = html`<option value="">${t('pairs.choose')}</option>
      ${free.map((l) => html`<option value=${l.userId}>${l.displayName}</option>`)}`;
    return html`<button
        class="btn btn-secondary"
        type="button"
        ?disabled=${this.disabled}
        @click=${() => {
          this.error = '';
          this.dialog?.showModal();
        }}
      >
        ${t('pairs.dialogButton')}
      </button>
      <dialog aria-labelledby="pairs-title">
        <h2 id="pairs-title">${t('pairs.dialogTitle')}</h2>
        ${
          pairs.length === 0
            ? html`<p class="muted">${t('pairs.noPairs')}</p>`
            : html`<ul>
                ${pairs.map(
                  (l) =>
                    html`<li>
                      <span>${l.displayName} · ${l.pair!.partner}</span>
                      <button
                        class="btn btn-small btn-danger"
                        type="button"
                        ?disabled=${this.busy}
                        @click=${() =>
                          void this.act(
                            () => pairApi.unpair(this.classId, l.pair!.pairId),
                            t('pairs.unpaired', { name: l.pair!.partner }),
                          )}
                      >
                        ${t('pairs.unpair', { a: l.displayName, b: l.pair!.partner })}
                      </button>
                    </li>`,
                )}
              </ul>`
        }
        <form @submit=${(e: SubmitEvent) => void this.make(e)}>
          <label class="field"
            >${t('pairs.first')}<select name="a" required>
              ${options}
            </select></label
          >
          <label class="field"
            >${t('pairs.second')}<select name="b" required>
              ${options}
            </select></label
          >
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
          <div class="actions">
            <button class="btn btn-secondary" type="button" @click=${() => this.dialog?.close()}>
              ${t('pairs.closeDialog')}
            </button>
            <button class="btn btn-primary" type="submit" ?disabled=${this.busy || free.length < 2}>
              ${t('pairs.make')}
            </button>
          </div>
        </form>
      </dialog>`;
  }
}
