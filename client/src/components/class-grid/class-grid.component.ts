import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { api, errorText } from '../../lib/api.js';
import { labOf, visibleRows, type SortKey } from '../../lib/class-grid-model.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { getSocket } from '../../lib/socket.js';
import type { ClassGrid, ClassPatch, ClassView, LearnerRow } from '../../lib/types.js';
import '../class-sessions/class-sessions.js';
import '../class-team/class-team.js';
import '../grid-recover/grid-recover.js';
import type { AtGridRecover } from '../grid-recover/grid-recover.js';
import '../terminal-watch/terminal-watch.js';
import '../pair/pair.js';
import '../time-left/extend-labs.js';
import { classGridStyles } from './class-grid.styles.js';
import { renderMessageDialog, renderPreviewDialog, renderResetDialog } from './grid-dialogs.js';
import { joinLink, renderGridHeader, renderToolbar } from './grid-header.js';
import { GridFeed } from './grid-feed.js';
import { renderGridTable } from './grid-table.js';

/** `/classes/:id`: the live progress grid of one class, fed by `class:progress` over Socket.IO. */
export class AtClassGrid extends LitElement {
  static override styles = classGridStyles;

  @property() classId = '';
  @state() private sort: SortKey = 'name';
  @state() private onlyStuck = false;
  @state() private copied = false;
  @state() private busy = false;
  @state() private notice = '';
  @state() private dialogError = '';
  @state() private messageTo?: LearnerRow;
  @state() private resetRow?: LearnerRow;
  @state() private watchRow?: LearnerRow;
  @state() private previewRow?: LearnerRow;
  @state() private previewUrl = '';
  @query('dialog.message') private messageDialog?: HTMLDialogElement;
  @query('dialog.reset') private resetDialog?: HTMLDialogElement;
  @query('dialog.watch') private watchDialog?: HTMLDialogElement;
  @query('dialog.preview') private previewDialog?: HTMLDialogElement;
  @query('at-grid-recover') private recover?: AtGridRecover;
  private readonly feed = new GridFeed(this);

  constructor() {
    super();
    new I18nController(this, () => this.feed.follow(this.classId));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('classId') && this.classId) this.feed.follow(this.classId);
  }

  private get grid(): ClassGrid | undefined {
    return this.feed.grid;
  }

  private async patch(patch: ClassPatch | 'code'): Promise<void> {
    if (!this.grid) return;
    this.busy = true;
    try {
      const id = this.grid.class.id;
      const view = patch === 'code' ? await api.newJoinCode(id) : await api.updateClass(id, patch);
      this.feed.replace({ ...this.grid, class: view });
    } catch (err) {
      this.notice = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  /** The class as the server answered it after a change made by a panel (settings, trainers). */
  private classChanged(view: ClassView): void {
    if (this.grid) this.feed.replace({ ...this.grid, class: view });
  }

  /** Sessions move the class's automatic end of joining: read the class again. */
  private async sessionsChanged(): Promise<void> {
    if (!this.grid) return;
    const view = await api.getClass(this.grid.class.id).catch(() => undefined);
    if (view) this.classChanged(view);
  }

  /** The class's courses with their titles (from the grid's columns). */
  private courses(g: ClassGrid): { id: string; title: string }[] {
    return g.class.courseIds.map((id) => ({
      id,
      title: g.columns.find((c) => c.courseId === id)?.courseTitle ?? id,
    }));
  }

  private async copyLink(): Promise<void> {
    if (!this.grid) return;
    await navigator.clipboard
      ?.writeText(joinLink(this.grid.class.joinCode, this.grid.class.kind))
      .catch(() => undefined);
    this.copied = true;
    setTimeout(() => (this.copied = false), 2000);
  }

  private async sendMessage(text: string): Promise<void> {
    if (!this.grid) return;
    this.busy = true;
    try {
      const payload = {
        classId: this.grid.class.id,
        text,
        ...(this.messageTo ? { userId: this.messageTo.userId } : {}),
      };
      const ack = await getSocket().timeout(10_000).emitWithAck('message:send', payload);
      if (!ack.ok) return void (this.dialogError = errorText(ack));
      this.notice = t('grid.sent', { n: ack.delivered });
      this.messageDialog?.querySelector('form')?.reset();
      this.messageDialog?.close();
    } catch (err) {
      this.dialogError = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private async resetLab(courseId: string, clearProgress: boolean): Promise<void> {
    const row = this.resetRow;
    if (!this.grid || !row) return;
    this.busy = true;
    try {
      await api.resetLearnerLab(this.grid.class.id, row.userId, courseId, clearProgress);
      this.notice = t('grid.resetDone', { name: row.displayName });
      this.resetDialog?.close();
    } catch (err) {
      this.dialogError = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  /** The learner's lab site in a dialog (a new window would be blocked: the URL comes after a request). */
  private async openPreview(row: LearnerRow): Promise<void> {
    const lab = labOf(row);
    if (!this.grid || !lab) return;
    this.dialogError = '';
    this.notice = '';
    this.previewRow = row;
    this.previewUrl = '';
    await this.updateComplete;
    this.previewDialog?.showModal();
    try {
      const { url } = await api.learnerPreview(this.grid.class.id, lab.labId);
      if (this.previewRow === row) this.previewUrl = url;
    } catch (err) {
      if (this.previewRow === row) this.dialogError = errorText(err);
    }
  }

  private closePreview(): void {
    this.previewDialog?.close();
    this.previewRow = undefined;
    this.previewUrl = '';
  }

  private openDialog(kind: 'message' | 'reset' | 'watch', row?: LearnerRow): void {
    this.dialogError = '';
    this.notice = '';
    if (kind === 'message') this.messageTo = row;
    if (kind === 'reset') this.resetRow = row;
    if (kind === 'watch') this.watchRow = row;
    void this.updateComplete.then(() => {
      const d =
        kind === 'message' ? this.messageDialog : kind === 'reset' ? this.resetDialog : this.watchDialog;
      d?.showModal();
    });
  }

  override render() {
    const g = this.grid;
    const error = this.feed.error ? errorText(this.feed.error) : '';
    if (!g)
      return html`<div class="page">
        ${error ? html`<p class="error" role="alert">${error}</p>` : html`<p class="muted" role="status">${t('app.loading')}</p>`}
      </div>`;
    const rows = visibleRows(g, { sort: this.sort, onlyStuck: this.onlyStuck, now: this.feed.now });
    return html`<div class="page wide">
      ${renderGridHeader({
        grid: g,
        live: this.feed.live,
        copied: this.copied,
        busy: this.busy,
        onCopy: () => void this.copyLink(),
        onToggleJoining: () => void this.patch({ joiningOpen: !g.class.joiningOpen }),
        onNewCode: () => void this.patch('code'),
        onToggleArchive: () => void this.patch({ archived: !g.class.archived }),
      })}
      ${renderToolbar({
        grid: g,
        now: this.feed.now,
        sort: this.sort,
        onlyStuck: this.onlyStuck,
        onSort: (s) => (this.sort = s),
        onOnlyStuck: (on) => (this.onlyStuck = on),
        onMessageAll: () => this.openDialog('message'),
        onBringTo: () => void this.recover?.open('bring'),
        extendLabs: html`<at-extend-labs
          .classId=${g.class.id}
          ?disabled=${g.class.archived || g.learners.length === 0}
          @grid-notice=${(e: CustomEvent<string>) => (this.notice = e.detail)}
        ></at-extend-labs>`,
      })}
      <div class="pair-tools">
        <at-pair-dialog
          .classId=${g.class.id}
          .learners=${g.learners}
          ?disabled=${g.class.archived || g.learners.length < 2}
          @grid-notice=${(e: CustomEvent<string>) => (this.notice = e.detail)}
        ></at-pair-dialog>
      </div>
      ${this.notice ? html`<p class="status-msg" role="status">${this.notice}</p>` : nothing}
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      ${
        g.learners.length === 0
          ? html`<p class="panel empty">${t('grid.noLearners', { code: g.class.joinCode })}</p>`
          : rows.length === 0
            ? html`<p class="panel empty">${t('grid.noStuck')}</p>`
            : renderGridTable({
                grid: g,
                rows,
                now: this.feed.now,
                onWatch: (row) => this.openDialog('watch', row),
                onPreview: (row) => void this.openPreview(row),
                onReset: (row) => this.openDialog('reset', row),
                onCatchUp: (row) => void this.recover?.open('catch-up', row),
                onRestore: (row) => void this.recover?.open('restore', row),
                onMessage: (row) => this.openDialog('message', row),
              })
      }
      <div class="week">
        <at-class-sessions
          .classView=${g.class}
          .courses=${this.courses(g)}
          @sessions-changed=${() => void this.sessionsChanged()}
        ></at-class-sessions>
        <at-class-team
          .classView=${g.class}
          @class-changed=${(e: CustomEvent<ClassView>) => this.classChanged(e.detail)}
        ></at-class-team>
      </div>
      <at-grid-recover
        .grid=${g}
        @grid-notice=${(e: CustomEvent<string>) => (this.notice = e.detail)}
      ></at-grid-recover>
      ${renderMessageDialog({
        to: this.messageTo,
        error: this.dialogError,
        busy: this.busy,
        onSend: (text) => void this.sendMessage(text),
        onCancel: () => this.messageDialog?.close(),
      })}
      ${renderResetDialog({
        grid: g,
        row: this.resetRow,
        error: this.dialogError,
        busy: this.busy,
        onConfirm: (courseId, clear) => void this.resetLab(courseId, clear),
        onCancel: () => this.resetDialog?.close(),
      })}
      ${renderPreviewDialog({
        row: this.previewRow,
        url: this.previewUrl,
        error: this.previewRow ? this.dialogError : '',
        onClose: () => this.closePreview(),
      })}
      <dialog
        class="watch"
        aria-label=${this.watchRow?.displayName ?? ''}
        @close=${() => (this.watchRow = undefined)}
      >
        ${
          this.watchRow
            ? html`<at-terminal-watch
                .labId=${labOf(this.watchRow)?.labId ?? ''}
                .learnerName=${this.watchRow.displayName}
                @close=${() => this.watchDialog?.close()}
              ></at-terminal-watch>`
            : nothing
        }
      </dialog>
    </div>`;
  }
}
