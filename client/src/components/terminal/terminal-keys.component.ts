import { css, html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { clipboardKeysText } from './clipboard-bar.js';
import {
  MAX_FONT_SIZE,
  MIN_FONT_SIZE,
  onScreenReaderMode,
  onTerminalFontSize,
  screenReaderMode,
  setScreenReaderMode,
  setTerminalFontSize,
  terminalFontSize,
} from './terminal-settings.js';

/**
 * The terminal's keyboard help (how to leave it, what stays with the shell, copy and paste) and the screen-reader mode
 * switch, behind one small button of the terminal's head.
 */
export class AtTerminalKeys extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      .panel {
        position: absolute;
        right: 0;
        top: calc(100% + 6px);
        z-index: 5;
        width: min(340px, 86vw);
        padding: 12px 14px;
        background: var(--surface);
        color: var(--text);
        border: 1px solid var(--border);
        border-radius: 10px;
        box-shadow: 0 8px 24px rgb(0 0 0 / 0.14);
        font-size: 0.88rem;
        line-height: 1.45;
      }
      .panel h2 {
        margin: 0 0 6px;
        font-size: 0.92rem;
      }
      .panel p {
        margin: 0 0 8px;
      }
      kbd {
        font: 600 0.8rem var(--font-mono);
        padding: 0 4px;
        border: 1px solid var(--border);
        border-radius: 4px;
        background: var(--surface-2);
      }
      label {
        display: flex;
        gap: 8px;
        align-items: center;
        font-weight: 600;
        margin-top: 10px;
      }
      .hint {
        color: var(--muted);
        margin: 4px 0 0;
      }
      .font-size {
        display: flex;
        gap: 8px;
        align-items: center;
        margin: 0 0 10px;
        font-weight: 600;
      }
    `,
  ];

  @state() private open = false;
  @state() private screenReader = screenReaderMode();
  @state() private fontSize = terminalFontSize();
  private unlisten?: () => void;
  private unlistenFont?: () => void;

  constructor() {
    super();
    new I18nController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unlisten = onScreenReaderMode((on) => (this.screenReader = on));
    this.unlistenFont = onTerminalFontSize((size) => (this.fontSize = size));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
    this.unlistenFont?.();
  }

  override render() {
    return html`<button
        class="btn btn-secondary btn-small"
        type="button"
        aria-expanded=${this.open}
        aria-controls="keys-panel"
        title=${t('terminal.keys.title')}
        data-testid="terminal-keys"
        @click=${() => (this.open = !this.open)}
      >
        <span aria-hidden="true">⌨</span> ${t('terminal.keys.button')}
      </button>
      ${
        this.open
          ? html`<div
              id="keys-panel"
              class="panel"
              role="group"
              aria-labelledby="keys-title"
              @keydown=${this.onPanelKey}
            >
              <h2 id="keys-title">${t('terminal.keys.title')}</h2>
              <p>${withKeys(t('terminal.keys.exit'))}</p>
              <p>${withKeys(t('terminal.keys.shell'))}</p>
              <p data-testid="terminal-keys-clipboard">${withKeys(clipboardKeysText())}</p>
              <div class="font-size" role="group" aria-labelledby="font-size-label">
                <span id="font-size-label" aria-live="polite">
                  ${t('terminal.fontSize', { size: this.fontSize })}
                </span>
                <button
                  class="btn btn-secondary btn-small"
                  type="button"
                  aria-label=${t('terminal.fontSmaller')}
                  ?disabled=${this.fontSize <= MIN_FONT_SIZE}
                  @click=${() => setTerminalFontSize(this.fontSize - 1)}
                >
                  A−
                </button>
                <button
                  class="btn btn-secondary btn-small"
                  type="button"
                  aria-label=${t('terminal.fontLarger')}
                  ?disabled=${this.fontSize >= MAX_FONT_SIZE}
                  @click=${() => setTerminalFontSize(this.fontSize + 1)}
                >
                  A+
                </button>
              </div>
              <label>
                <input
                  type="checkbox"
                  data-testid="terminal-screen-reader"
                  aria-describedby="sr-hint"
                  .checked=${this.screenReader}
                  @change=${(e: Event) => setScreenReaderMode((e.target as HTMLInputElement).checked)}
                />
                ${t('terminal.screenReader')}
              </label>
              <p class="hint" id="sr-hint">${t('terminal.screenReader.hint')}</p>
            </div>`
          : nothing
      }`;
  }

  private onPanelKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    this.open = false;
    this.renderRoot.querySelector('button')?.focus();
  };
}

/** Key names of the help text (F6, Shift+F6, Tab, Ctrl+Maj+C…) shown as keys. */
function withKeys(text: string) {
  return text
    .split(/((?:Maj\+|Shift\+)?(?:F6|Tab|Échap|Escape)|(?:Ctrl|Cmd|Maj|Shift)\+[\w+]+)/)
    .map((part, i) => (i % 2 ? html`<kbd>${part}</kbd>` : part));
}
