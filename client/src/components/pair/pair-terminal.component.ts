import type { Terminal } from '@xterm/xterm';
import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { getSocket, MAX_INPUT_CHUNK } from '../../lib/socket.js';
import { bufferText, otherShellTerminal, writeShellChunk } from '../terminal/other-shell.js';
import { pairTerminalStyles } from './pair.styles.js';

type Output = { viewId: string; data: ArrayBuffer | Uint8Array; reset: boolean };

/**
 * The partner's shell, shown to the other member of a pair with a keyboard (`pair:attach`): their output
 * is mirrored here and what is typed goes to their shell (`pair:input`). The screen keeps the partner's
 * size. Fires `close` when closed; the view ends with the element (or the socket).
 */
export class AtPairTerminal extends LitElement {
  static override styles = pairTerminalStyles;

  @property() labId = '';
  @property() terminalId = '';
  @property() ownerName = '';
  @state() private error = '';
  @state() private ended = false;
  @query('.screen') private screen!: HTMLDivElement;
  private term?: Terminal;
  private viewId?: string;
  private early: Output[] = [];
  private unlisten?: () => void;
  private seq = 0;

  constructor() {
    super();
    new I18nController(this);
  }

  /** The screen's text (for tests). */
  readScreen(): string {
    return bufferText(this.term);
  }

  override focus(): void {
    this.term?.focus();
  }

  protected override firstUpdated(): void {
    this.term = otherShellTerminal();
    this.term.open(this.screen);
    this.term.onData((data) => this.type(data));
    const s = getSocket();
    const onOutput = (m: Output) => {
      if (!this.viewId) return void this.early.push(m);
      if (m.viewId === this.viewId) this.write(m);
    };
    const onSize = (m: { viewId: string; cols: number; rows: number }) => {
      if (m.viewId === this.viewId) this.term?.resize(m.cols, m.rows);
    };
    const onEnded = (m: { viewId: string }) => {
      if (m.viewId === this.viewId) this.ended = true;
    };
    const onConnect = () => void this.attach();
    const onDisconnect = () => {
      this.seq++;
      this.viewId = undefined;
    };
    s.on('pair:output', onOutput).on('pair:size', onSize).on('pair:ended', onEnded);
    s.on('connect', onConnect).on('disconnect', onDisconnect);
    this.unlisten = () => {
      this.seq++;
      s.off('pair:output', onOutput).off('pair:size', onSize).off('pair:ended', onEnded);
      s.off('connect', onConnect).off('disconnect', onDisconnect);
      if (this.viewId && s.connected) s.emit('pair:detach', { viewId: this.viewId });
    };
    void this.attach();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
    this.term?.dispose();
    this.term = undefined;
  }

  private async attach(): Promise<void> {
    const s = getSocket();
    if (!s.connected) return;
    const seq = ++this.seq;
    try {
      const ack = await s
        .timeout(10_000)
        .emitWithAck('pair:attach', { labId: this.labId, terminalId: this.terminalId });
      if (seq !== this.seq) {
        if (ack.ok && s.connected) s.emit('pair:detach', { viewId: ack.viewId });
        return;
      }
      if (!ack.ok) return void (this.error = errorText(ack));
      this.error = '';
      this.ended = false;
      this.viewId = ack.viewId;
      this.term?.resize(ack.cols, ack.rows);
      for (const m of this.early.splice(0)) if (m.viewId === ack.viewId) this.write(m);
      this.term?.focus();
    } catch (err) {
      if (seq === this.seq && s.connected) this.error = errorText(err);
    }
  }

  private type(data: string): void {
    const viewId = this.viewId;
    if (!viewId || this.ended) return;
    for (let i = 0; i < data.length; i += MAX_INPUT_CHUNK)
      getSocket().emit('pair:input', { viewId, data: data.slice(i, i + MAX_INPUT_CHUNK) });
  }

  private write(m: Output): void {
    writeShellChunk(this.term, m.data, m.reset);
  }

  override render() {
    const label = t('pairs.screen', { name: this.ownerName });
    return html`<div class="head">
        <h2>${t('pairs.theirs', { name: this.ownerName })}</h2>
        <span class="spacer"></span>
        <button
          class="btn btn-small close"
          type="button"
          @click=${() => this.dispatchEvent(new Event('close'))}
        >
          ${t('pairs.closeDialog')}
        </button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.ended ? html`<p class="waiting" role="status">${t('pairs.ended')}</p>` : nothing}
      <div class="screen" role="log" aria-label=${label} data-testid="pair-screen"></div>`;
  }
}
