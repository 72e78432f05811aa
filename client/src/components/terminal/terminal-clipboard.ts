import type { Terminal } from '@xterm/xterm';
import {
  clipboardAction,
  clipboardPlatform,
  type ClipboardPlatform,
  type KeyLike,
} from './clipboard-keys.js';
import { needsPasteConfirmation } from './paste-guard.js';

/** What the terminal tells the learner after a clipboard action. */
export type ClipboardNotice = 'copied' | 'nothing-selected' | 'copy-refused' | 'paste-refused';

/** The terminal element around the clipboard: its question before a multi-line paste, its announcements. */
export interface ClipboardHost {
  /** Resolves true when the learner confirms the paste. */
  confirmPaste(text: string): Promise<boolean>;
  notify(notice: ClipboardNotice): void;
}

/** The part of xterm's Terminal used here (a fake in tests). */
export type ClipboardTerminal = Pick<Terminal, 'getSelection' | 'hasSelection' | 'paste' | 'focus'> & {
  readonly modes: Pick<Terminal['modes'], 'bracketedPasteMode'>;
};

/** The part of navigator.clipboard used here; absent outside secure contexts (plain http on a LAN). */
export type ClipboardApi = Partial<Pick<Clipboard, 'readText' | 'writeText'>>;

type KeyEvent = KeyLike & { type: string; preventDefault(): void };

/**
 * Copy and paste for one xterm terminal. Every paste (shortcut, right click, touch button, the browser's
 * own paste event) ends in paste(): asked first when it would run lines, then given to xterm's
 * `paste()`, which brackets it when the shell asked for it and sends it through onData, so the attach
 * addon chunks it and keeps its flow control.
 */
export class TerminalClipboard {
  /** The page may read the clipboard without a prompt (permission granted): shortcuts and right click use it. */
  private readGranted = false;
  private disposed = false;
  private readonly undo: (() => void)[] = [];

  constructor(
    private readonly term: ClipboardTerminal,
    /** An element around xterm's own: its paste and context-menu events are caught here first. */
    private readonly root: EventTarget,
    private readonly host: ClipboardHost,
    readonly platform: ClipboardPlatform = clipboardPlatform(),
    private readonly clipboard: ClipboardApi | undefined = globalThis.navigator?.clipboard,
    permissions: Pick<Permissions, 'query'> | undefined = globalThis.navigator?.permissions,
  ) {
    const onPaste = (e: Event): void => this.onPasteEvent(e as ClipboardEvent);
    const onMenu = (e: Event): void => this.onContextMenu(e as MouseEvent);
    // Capture: before xterm's own paste handler, which would send the text at once.
    root.addEventListener('paste', onPaste, true);
    root.addEventListener('contextmenu', onMenu, true);
    this.undo.push(() => {
      root.removeEventListener('paste', onPaste, true);
      root.removeEventListener('contextmenu', onMenu, true);
    });
    void this.watchReadPermission(permissions);
  }

  /** For attachCustomKeyEventHandler: false for the clipboard shortcuts (kept from xterm and the shell). */
  handleKey(e: KeyEvent): boolean {
    const action = clipboardAction(e, this.platform);
    if (!action) return true;
    if (action === 'copy') {
      e.preventDefault(); // also with nothing selected: the clipboard keeps what it had
      if (e.type === 'keydown') this.copy();
    } else if (e.type === 'keydown' && this.canRead()) {
      e.preventDefault();
      void this.pasteFromClipboard();
    }
    // Otherwise the browser's own paste follows the key and its paste event comes to onPasteEvent.
    return false;
  }

  /** Copies xterm's selection (touch button, shortcut). */
  copy(): void {
    const text = this.term.getSelection();
    if (!text) return this.host.notify('nothing-selected');
    const copied = (ok: boolean): void => this.host.notify(ok ? 'copied' : 'copy-refused');
    if (this.clipboard?.writeText)
      this.clipboard.writeText(text).then(
        () => copied(true),
        () => copied(copyByCommand(text)),
      );
    else copied(copyByCommand(text));
  }

  /** Reads the clipboard and pastes it (touch button, shortcut, right click); the browser may prompt or refuse. */
  async pasteFromClipboard(): Promise<void> {
    let text: string;
    try {
      if (!this.clipboard?.readText) throw new Error('no clipboard API');
      text = await this.clipboard.readText();
    } catch {
      return this.host.notify('paste-refused');
    }
    await this.paste(text);
  }

  /** Pastes text into the shell, asking first when it would run lines. */
  async paste(text: string): Promise<void> {
    if (!text || this.disposed) return;
    if (needsPasteConfirmation(text, this.term.modes.bracketedPasteMode)) {
      const confirmed = await this.host.confirmPaste(text);
      if (this.disposed) return;
      if (!confirmed) return this.term.focus();
    }
    this.term.paste(text);
    this.term.focus();
  }

  dispose(): void {
    this.disposed = true;
    for (const u of this.undo.splice(0)) u();
  }

  private canRead(): boolean {
    return this.readGranted && !!this.clipboard?.readText;
  }

  private onPasteEvent(e: ClipboardEvent): void {
    e.preventDefault();
    e.stopPropagation();
    void this.paste(e.clipboardData?.getData('text/plain') ?? '');
  }

  /**
   * Right click pastes when the page may read the clipboard and nothing is selected; otherwise (and with
   * Shift) the browser's own menu opens, with its Copy and Paste (xterm put the selection under the pointer).
   */
  private onContextMenu(e: MouseEvent): void {
    if (e.shiftKey || this.term.hasSelection() || !this.canRead()) return;
    e.preventDefault();
    e.stopPropagation(); // xterm would select the word under the pointer (macOS) and focus its textarea there
    void this.pasteFromClipboard();
  }

  /** Firefox and Safari know no `clipboard-read` permission (query throws): they keep the native paste. */
  private async watchReadPermission(permissions: Pick<Permissions, 'query'> | undefined): Promise<void> {
    try {
      const status = await permissions?.query({ name: 'clipboard-read' as PermissionName });
      if (!status || this.disposed) return;
      const follow = (): void => void (this.readGranted = status.state === 'granted');
      follow();
      status.addEventListener('change', follow);
      this.undo.push(() => status.removeEventListener('change', follow));
    } catch {
      this.readGranted = false;
    }
  }
}

/**
 * The older way to copy, where navigator.clipboard is missing or refuses (plain http): a copy command
 * whose event carries the text. Works while the user's gesture lasts.
 */
function copyByCommand(text: string): boolean {
  if (typeof document === 'undefined') return false;
  const onCopy = (e: ClipboardEvent): void => {
    e.clipboardData?.setData('text/plain', text);
    e.preventDefault();
  };
  document.addEventListener('copy', onCopy, true);
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    document.removeEventListener('copy', onCopy, true);
  }
}
