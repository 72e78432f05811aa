import { html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { sharedStyles } from '../../styles/shared.styles.js';

/**
 * « Prolonger les machines pour la journée » on the class page: the labs of the class's learners are not
 * put to sleep before midnight on the class's clocks. Fires `grid-notice` (detail: what was done, or the
 * error) for the page's status line.
 */
export class AtExtendLabs extends LitElement {
  static override styles = sharedStyles;

  @property() classId = '';
  @property({ type: Boolean }) disabled = false;
  @state() private busy = false;

  constructor() {
    super();
    new I18nController(this);
  }

  private async extend(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    let notice: string;
    try {
      const { labs } = await api.extendClassLabs(this.classId);
      notice =
        labs === 0
          ? t('timeLeft.extended.none')
          : labs === 1
            ? t('timeLeft.extended.one')
            : t('timeLeft.extended.many', { n: labs });
    } catch (err) {
      notice = errorText(err);
    } finally {
      this.busy = false;
    }
    this.dispatchEvent(new CustomEvent('grid-notice', { detail: notice, bubbles: true, composed: true }));
  }

  override render() {
    return html`<button
      class="btn btn-secondary btn-small"
      type="button"
      title=${t('timeLeft.extendHelp')}
      ?disabled=${this.disabled || this.busy}
      @click=${this.extend}
    >
      ${t('timeLeft.extend')}
    </button>`;
  }
}
