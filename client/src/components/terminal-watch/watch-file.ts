import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { errorText } from '../../lib/api.js';
import { openFile } from '../../lib/file-api.js';
import { t } from '../../lib/i18n.js';
import { getSocket } from '../../lib/socket.js';
import type { CodeView } from '../file-editor/code-view.js';

type ShownFile = { machine: string; path: string; version?: string };
type MirrorFile = { watchId: string; machine?: string; path: string | null; version?: string };

/**
 * The file the watched learner's editor shows (`terminal:mirror-file`), and, on request, its content as
 * saved on the machine in a read-only editor, read again each time the learner saves it.
 */
export class WatchFile implements ReactiveController {
  file?: ShownFile;
  open = false;
  error = '';
  notice = '';
  private code?: CodeView;
  private codePath = '';
  private off?: () => void;
  private loadSeq = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly labId: () => string,
    private readonly watchId: () => string | undefined,
    private readonly mount: () => HTMLElement | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const onFile = (m: MirrorFile) => {
      if (m.watchId !== this.watchId()) return;
      const saved = !!m.version && m.path === this.file?.path && m.machine === this.file?.machine;
      this.show(m.path === null ? undefined : { machine: m.machine ?? '', path: m.path, version: m.version });
      this.notice = saved ? t('watch.fileSaved') : '';
    };
    const s = getSocket().on('terminal:mirror-file', onFile);
    this.off = () => s.off('terminal:mirror-file', onFile);
  }

  hostDisconnected(): void {
    this.off?.();
    this.drop();
  }

  /** The watch (re)started: the file its ack names, if any. */
  show(file: ShownFile | undefined): void {
    this.file = file;
    this.error = '';
    if (!file) this.drop();
    else if (this.open) void this.load();
    this.host.requestUpdate();
  }

  toggle(): void {
    this.open = !this.open;
    if (this.open) void this.load();
    else this.drop();
    this.host.requestUpdate();
  }

  private async load(): Promise<void> {
    const file = this.file;
    if (!file) return;
    const seq = ++this.loadSeq;
    try {
      const [got, { createCodeView }] = await Promise.all([
        openFile(this.labId(), file.machine, file.path),
        import('../file-editor/code-view.js'),
      ]);
      await this.host.updateComplete;
      const parent = this.mount();
      if (seq !== this.loadSeq || !this.open || !parent) return;
      this.error = '';
      const where = `${file.machine}:${file.path}`;
      if (this.code && this.codePath === where) this.code.setText(got.content);
      else {
        this.drop();
        this.codePath = where;
        this.code = await createCodeView({
          parent,
          doc: got.content,
          path: file.path,
          label: t('watch.fileLabel', { file: where }),
          readOnly: true,
        });
      }
    } catch (err) {
      if (seq === this.loadSeq) this.error = errorText(err);
    }
    this.host.requestUpdate();
  }

  private drop(): void {
    this.code?.destroy();
    this.code = undefined;
    this.codePath = '';
  }
}

/** The line under the watch's head: which file, and the button that shows it; the view's mount below. */
export function renderWatchFile(w: WatchFile) {
  if (!w.file) return nothing;
  const where = `${w.file.machine}:${w.file.path}`;
  return html`<div class="file-line" data-testid="watch-file">
      <span class="file-name">${t('watch.file', { file: where })}</span>
      <button
        type="button"
        class="btn btn-small"
        aria-expanded=${w.open ? 'true' : 'false'}
        @click=${() => w.toggle()}
      >
        ${t(w.open ? 'watch.fileHide' : 'watch.fileShow')}
      </button>
      <span class="sr-only" role="status">${w.notice}</span>
    </div>
    ${w.error ? html`<p class="error" role="alert">${w.error}</p>` : nothing}
    ${w.open ? html`<p class="file-note">${t('watch.fileNote')}</p>` : nothing}`;
}
