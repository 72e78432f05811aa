import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { pairApi, type MyPairs } from '../../lib/pair-api.js';
import { getSocket } from '../../lib/socket.js';
import { pairPanelStyles } from './pair.styles.js';

/**
 * « Travailler en binôme » for one class of the learner (their classes page): the current partner and
 * « Quitter le binôme »; where the class lets learners pair themselves, a code to give or to type.
 */
export class AtPairPanel extends LitElement {
  static override styles = pairPanelStyles;

  @property() classId = '';
  @state() private data?: MyPairs;
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  private code = '';
  private unlisten?: () => void;

  constructor() {
    super();
    new I18nController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    const onChanged = (p: { classId: string }) => p.classId === this.classId && void this.load();
    getSocket().on('pair:changed', onChanged);
    this.unlisten = () => getSocket().off('pair:changed', onChanged);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
  }

  private async load(): Promise<void> {
    this.data = await pairApi.mine().catch(() => undefined);
  }

  /** Runs an action; the notice is `notice`, or what the action returns. */
  private async run(action: () => Promise<unknown>, notice = ''): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      const said = await action();
      this.notice = typeof said === 'string' ? said : notice;
      await this.load();
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const cls = this.data?.classes.find((c) => c.id === this.classId);
    const pair = this.data?.pairs.find((p) => p.classId === this.classId);
    if (!cls || (!pair && !cls.learnerPairing)) return nothing;
    const id = `pair-code-${this.classId}`;
    return html`<div class="pair" data-testid="pair-panel">
      <strong>${t('pairs.title')}</strong>
      ${
        pair?.partner
          ? html`<p>
                ${t('pairs.with', { name: pair.partner })} ·
                ${pair.host ? t('pairs.hostNote') : t('pairs.guestNote', { name: pair.partner })}
              </p>
              <button
                class="btn btn-small btn-secondary"
                type="button"
                ?disabled=${this.busy}
                @click=${() => void this.run(() => pairApi.leave(this.classId), t('pairs.left'))}
              >
                ${t('pairs.leave')}
              </button>`
          : pair?.code
            ? html`<p>
                  ${t('pairs.yourCode', { code: '' })}<code class="code" data-testid="pair-code"
                    >${pair.code}</code
                  >
                  · ${t('pairs.waiting')}
                </p>
                <button
                  class="btn btn-small btn-ghost"
                  type="button"
                  ?disabled=${this.busy}
                  @click=${() => void this.run(() => pairApi.leave(this.classId))}
                >
                  ${t('pairs.cancel')}
                </button>`
            : html`<div class="row">
                <button
                  class="btn btn-small btn-secondary"
                  type="button"
                  ?disabled=${this.busy}
                  @click=${() => void this.run(() => pairApi.createCode(this.classId))}
                >
                  ${t('pairs.createCode')}
                </button>
                <form
                  @submit=${(e: Event) => {
                    e.preventDefault();
                    void this.run(async () => {
                      const joined = await pairApi.join(this.code);
                      return t('pairs.joined', { name: joined.partner ?? '' });
                    });
                  }}
                >
                  <label for=${id}>${t('pairs.enterCode')}</label>
                  <input
                    id=${id}
                    autocomplete="off"
                    spellcheck="false"
                    maxlength="16"
                    required
                    @input=${(e: Event) => (this.code = (e.target as HTMLInputElement).value)}
                  />
                  <button class="btn btn-small btn-primary" type="submit" ?disabled=${this.busy}>
                    ${t('pairs.join')}
                  </button>
                </form>
              </div>`
      }
      <p class="status" role="status" aria-live="polite">${this.notice}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </div>`;
  }
}
