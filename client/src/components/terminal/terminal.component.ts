import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { errorText } from '../../lib/api.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { getSocket } from '../../lib/socket.js';
import { sessionResumeStorage } from '../../lib/terminal-resume.js';
import {
  clipboardKeysText,
  clipboardStyles,
  renderClipboardBar,
  renderClipboardNote,
} from './clipboard-bar.js';
import { focusOutside, isExitKey } from './focus-exit.js';
import type { AtPasteConfirm } from './paste-confirm.component.js';
import './paste-confirm.js';
import { SocketAttachAddon, type TerminalStatus } from './socket-attach-addon.js';
import { TerminalClipboard, type ClipboardNotice } from './terminal-clipboard.js';
import {
  onScreenReaderMode,
  onTerminalFontSize,
  screenReaderMode,
  terminalFontSize,
} from './terminal-settings.js';
import { bufferText } from './other-shell.js';
import { terminalStyles } from './terminal.styles.js';
import { terminalFont, terminalTheme } from './terminal-theme.js';

/** How long a copy or paste notice stays in sight. */
const CLIP_NOTICE_MS = 4000;

/**
 * A lab's root shell: xterm.js (WebGL, or the DOM renderer when WebGL is unavailable) bound to the
 * server by SocketAttachAddon. Fires `terminal-status` (detail: TerminalStatus) on every change.
 * F6 / Shift+F6 move the focus out of it (every other key goes to the shell); xterm's screen-reader mode
 * follows the learner's setting (terminal-settings.ts). Copy and paste: TerminalClipboard (shortcuts, right
 * click, the browser's paste) and, on touch screens, two buttons under the screen.
 */
export class AtTerminal extends LitElement {
  static override styles = [...terminalStyles, clipboardStyles];

  /** The lab whose shell is shown; nothing connects while unset. */
  @property({ attribute: 'lab-id' }) labId?: string;
  /** The lab's machine whose shell this is; unset: the default machine (one-machine courses). */
  @property({ reflect: true }) machine?: string;
  /** Which renderer xterm ended up with (for diagnostics and tests). */
  @property({ reflect: true }) renderer: 'webgl' | 'dom' | '' = '';
  @state() private status: TerminalStatus = { kind: 'connecting' };
  @state() private clipNotice?: ClipboardNotice;
  @query('.screen') private screen!: HTMLDivElement;
  @query('at-paste-confirm') private pasteConfirm!: AtPasteConfirm;

  private term?: Terminal;
  private fit?: FitAddon;
  private attach?: SocketAttachAddon;
  private resizeObserver?: ResizeObserver;
  private fitFrame = 0;
  private unlistenSettings?: () => void;
  private clipboard?: TerminalClipboard;
  private clipNoticeTimer?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    new I18nController(this);
  }

  /** Visible text of the terminal, one line per row (trailing spaces trimmed); `all` includes scrollback. */
  readScreen(all = false): string {
    const buf = this.term?.buffer.active;
    if (!buf || !this.term || all) return bufferText(this.term);
    return bufferText(this.term, buf.viewportY, buf.viewportY + this.term.rows);
  }

  /** Types text into the shell as if the learner did (used by "run in terminal"). */
  sendInput(text: string): void {
    this.attach?.send(text);
    this.term?.focus();
  }

  /**
   * Clears the screen and opens a new shell (after a lab reset: the old one went with its machine).
   * `resume` (the machine itself came back, its engine answering again): the shell it still holds is
   * reattached, its replay repainting the screen; else a new one opens below the scrollback kept.
   */
  reconnect(resume = false): void {
    if (resume) return this.attach?.open();
    this.term?.reset();
    this.attach?.openFresh();
  }

  focusTerminal(): void {
    this.term?.focus();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.setup();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.teardown();
  }

  protected override firstUpdated(): void {
    this.setup();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('labId') || changed.has('machine')) && this.term) this.bind();
    this.labelInput(); // the language may have changed
  }

  override render() {
    return html`<div
        class="screen"
        role="group"
        aria-label=${t('term.label')}
        aria-describedby="keys-help"
      ></div>
      <p id="keys-help" class="sr-only">
        ${t('terminal.keys.exit')} ${t('terminal.keys.shell')} ${clipboardKeysText()}
      </p>
      ${renderClipboardBar(
        () => this.clipboard?.copy(),
        () => void this.clipboard?.pasteFromClipboard(),
      )}
      ${renderClipboardNote(this.clipNotice)}
      <at-paste-confirm></at-paste-confirm>
      ${this.renderOverlay()}`;
  }

  /** xterm's input names the way out (screen readers announce it on focus). */
  private labelInput(): void {
    const input = this.term?.textarea;
    input?.setAttribute('aria-label', t('terminal.input'));
    input?.setAttribute('aria-describedby', 'keys-help');
  }

  private renderOfflineInput(s: TerminalStatus) {
    if (s.kind !== 'offline') return nothing;
    return html`<p class="held" data-testid="term-offline-input">
      ${t('terminal.offline.keep')}
      ${s.held ? html`<br />${t('terminal.offline.held', { count: s.held })}` : nothing}
      ${s.cut ? html`<br /><strong>${t('terminal.offline.cut')}</strong>` : nothing}
    </p>`;
  }

  private renderOverlay() {
    const s = this.status;
    if (!this.labId) return nothing;
    if (s.kind === 'connecting' || s.kind === 'offline')
      return html`<div class="overlay" role="status">
        <div>
          <div class="spinner" aria-hidden="true"></div>
          <p data-testid="term-overlay">
            ${t(s.kind === 'connecting' ? 'term.connecting' : s.restarting ? 'term.restarting' : 'term.reconnecting')}
          </p>
          ${this.renderOfflineInput(s)}
        </div>
      </div>`;
    if (s.kind === 'failed')
      return html`<div class="overlay" role="alert">
        <div>
          <p>${t('term.failed', { message: errorText(s) })}</p>
          <button type="button" @click=${() => this.attach?.open()}>${t('term.retry')}</button>
        </div>
      </div>`;
    return nothing;
  }

  private setup(): void {
    if (this.term || !this.screen) return;
    const term = new Terminal({
      theme: terminalTheme,
      fontFamily: terminalFont,
      fontSize: terminalFontSize(),
      lineHeight: 1.15,
      cursorBlink: true,
      scrollback: 5000,
      allowProposedApi: false,
      screenReaderMode: screenReaderMode(),
    });
    this.term = term;
    // Every key but the exit key goes to the shell (Tab completes, Escape is vi's); the exit key's
    // keyup and keypress are swallowed too, and the browser's own F6 (address bar) is prevented.
    // Copy and paste shortcuts are not the shell's either (Ctrl+C without Shift still is).
    term.attachCustomKeyEventHandler((e) => {
      if (!isExitKey(e)) return this.clipboard?.handleKey(e) ?? true;
      e.preventDefault();
      if (e.type === 'keydown') focusOutside(this, e.shiftKey);
      return false;
    });
    const unlistenReader = onScreenReaderMode((on) => (term.options.screenReaderMode = on));
    const unlistenFont = onTerminalFontSize((size) => {
      term.options.fontSize = size;
      this.fit?.fit(); // as many rows and columns as the new size leaves room for
    });
    this.unlistenSettings = () => {
      unlistenReader();
      unlistenFont();
    };
    this.fit = new FitAddon();
    term.loadAddon(this.fit);
    term.loadAddon(new WebLinksAddon((_e, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
    term.open(this.screen);
    this.clipboard = new TerminalClipboard(term, this.screen, {
      confirmPaste: (text) => this.pasteConfirm.ask(text),
      notify: (notice) => this.showClipNotice(notice),
    });
    this.labelInput();
    this.renderer = this.loadWebgl(term) ? 'webgl' : 'dom';
    this.resizeObserver = new ResizeObserver(() => this.scheduleFit());
    this.resizeObserver.observe(this.screen);
    this.scheduleFit();
    this.bind();
  }

  private loadWebgl(term: Terminal): boolean {
    try {
      const webgl = new WebglAddon();
      webgl.onContextLoss(() => {
        webgl.dispose();
        this.renderer = 'dom';
      });
      term.loadAddon(webgl);
      return true;
    } catch {
      return false; // no WebGL2 (e.g. headless without GPU): xterm keeps its DOM renderer
    }
  }

  private bind(): void {
    if (this.attach && this.attach.labId === this.labId && this.attach.machine === this.machine) return;
    this.attach?.dispose();
    this.attach = undefined;
    if (!this.term || !this.labId) return;
    this.fit?.fit();
    this.attach = new SocketAttachAddon(getSocket(), {
      labId: this.labId,
      ...(this.machine ? { machine: this.machine } : {}),
      onStatus: (status) => this.setStatus(status),
      exitNotice: () => t('term.exited'),
      storage: sessionResumeStorage(),
    });
    this.term.loadAddon(this.attach);
  }

  private setStatus(status: TerminalStatus): void {
    this.status = status;
    this.dispatchEvent(new CustomEvent('terminal-status', { detail: status, bubbles: true, composed: true }));
  }

  private showClipNotice(notice: ClipboardNotice): void {
    this.clipNotice = notice;
    clearTimeout(this.clipNoticeTimer);
    this.clipNoticeTimer = setTimeout(() => (this.clipNotice = undefined), CLIP_NOTICE_MS);
  }

  private scheduleFit(): void {
    cancelAnimationFrame(this.fitFrame);
    this.fitFrame = requestAnimationFrame(() => {
      if (this.screen && this.screen.clientWidth > 0 && this.screen.clientHeight > 0) this.fit?.fit();
    });
  }

  private teardown(): void {
    cancelAnimationFrame(this.fitFrame);
    this.resizeObserver?.disconnect();
    this.unlistenSettings?.();
    clearTimeout(this.clipNoticeTimer);
    this.clipboard?.dispose();
    this.clipboard = undefined;
    this.attach?.dispose();
    this.term?.dispose();
    this.term = undefined;
    this.fit = undefined;
    this.attach = undefined;
    this.resizeObserver = undefined;
  }
}
