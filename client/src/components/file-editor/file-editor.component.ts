import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { openFile, reasonOf } from '../../lib/file-api.js';
import { fileKey, normalizeFilePath, parentOf, type FileRef } from '../../lib/file-paths.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import '../file-tree/file-tree.js';
import type { AtFileTree } from '../file-tree/file-tree.js';
import { CodeViews } from './code-views.js';
import {
  renderCodeStack,
  renderConflict,
  renderOpenFiles,
  renderProblem,
  renderSaveButton,
  renderStatusLine,
} from './file-editor-parts.js';
import { renderSidebar } from './file-editor-sidebar.js';
import { fileEditorStyles } from './file-editor.styles.js';
import { resolveConflict, saveTab, type SaveHost } from './file-saves.js';
import { metaOf, newTab, readOpenTabs, saveOpenTabs, type OpenTab } from './open-tabs.js';

/**
 * The « Éditeur » tab: a file tree of the lab's machines, open files in tabs, CodeMirror to edit them.
 * Saves guard against changes made meanwhile (If-Match) and keep the buffer when the lab is stopped.
 * Fires `editor-shown` (detail: the file shown, or null) and `start-lab`, both bubbling and composed.
 */
export class AtFileEditor extends LitElement {
  static override styles = fileEditorStyles;

  @property() labId = '';
  /** The lab's machines, the default first. */
  @property({ attribute: false }) machines: string[] = [];
  @property({ type: Boolean }) running = false;
  @property({ type: Boolean }) shown = false;
  /** The current exercise's files (shown first). */
  @property({ attribute: false }) quickFiles: FileRef[] = [];
  /** The folders of the course's files. */
  @property({ attribute: false }) folders: FileRef[] = [];
  @state() private tabs: OpenTab[] = [];
  @state() private active = '';
  @state() private treeMachine = '';
  @state() private pathText = '';
  @state() private pathError = '';
  @state() private sidebar = true;
  /** What the status line says after a save (also read out). */
  @state() private notice = '';
  @query('at-file-tree') private tree?: AtFileTree;
  private readonly views = new CodeViews(() => this.renderRoot);
  private focusOnMount = '';
  private restoredFor = '';
  private lastShown = 'none';
  private conflictShown = '';
  private readonly saves: SaveHost = {
    labId: () => this.labId,
    tab: (key) => this.tab(key),
    patch: (key, change) => this.patch(key, change),
    view: (key) => this.views.get(key),
    saved: (tab, created) => {
      this.notice = t(created ? 'editor.created' : 'editor.saved', { path: this.nameOf(tab) });
      if (created && tab.machine === this.treeMachine) this.tree?.refresh(parentOf(tab.path));
    },
  };

  constructor() {
    super();
    new I18nController(this, () =>
      this.views.relabel((key) => {
        const tab = this.tab(key);
        return tab ? t('editor.content', { path: this.nameOf(tab) }) : '';
      }),
    );
  }

  /** Opens a file in a tab (or shows its tab) and puts the focus in it once loaded. */
  openFile(machine: string, path: string, createIfMissing = false, focus = true): void {
    const clean = normalizeFilePath(path);
    if (!clean) return;
    const ref = { machine: machine || (this.machines[0] ?? 'lab'), path: clean };
    const key = fileKey(ref);
    if (!this.tab(key)) {
      this.tabs = [...this.tabs, newTab(ref)];
      void this.load(key, createIfMissing);
    }
    this.show(key, focus);
  }

  /**
   * The lab runs again (the page calls it after its start; also when `running` turns true): files it
   * refused to open are asked again, saves it refused are sent again.
   */
  labStarted(): void {
    for (const tab of this.tabs) {
      if (reasonOf(tab.openError) === 'lab-not-running') void this.load(tab.key);
      if (tab.pendingSave) void this.save(tab.key);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
    this.addEventListener('keydown', this.onSaveKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    this.removeEventListener('keydown', this.onSaveKey);
  }

  private readonly onBeforeUnload = (e: BeforeUnloadEvent): void => {
    if (!this.tabs.some((tab) => tab.dirty || tab.pendingSave)) return;
    e.preventDefault();
    e.returnValue = '';
  };

  /** Ctrl+S / Cmd+S anywhere in the panel (CodeMirror handles it first when it has the focus). */
  private readonly onSaveKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 's') return;
    e.preventDefault();
    if (this.active) void this.save(this.active);
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('machines') && !this.machines.includes(this.treeMachine))
      this.treeMachine = this.machines[0] ?? '';
    if (changed.has('labId') && changed.get('labId') !== undefined) this.closeAll();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.shown && this.labId && this.restoredFor !== this.labId) this.restore();
    if (changed.has('running') && this.running) this.labStarted();
    for (const tab of this.tabs) if (this.views.needsView(tab)) void this.mount(tab);
    this.views.showConflict(this.tab(this.active), t('editor.mine'), t('editor.theirs'));
    // The editor the learner typed in hides behind the conflict: the focus goes to its title.
    const conflict = this.tab(this.active)?.conflict ? this.active : '';
    if (conflict && conflict !== this.conflictShown)
      this.renderRoot.querySelector<HTMLElement>('#conflict-title')?.focus();
    this.conflictShown = conflict;
    this.announceShown();
    // (`active` is private: PropertyValues does not name it.)
    if ((changed as Map<PropertyKey, unknown>).has('active'))
      this.renderRoot
        .querySelector('.file-tab.current')
        ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  private tab(key: string): OpenTab | undefined {
    return this.tabs.find((tab) => tab.key === key);
  }

  private patch(key: string, change: Partial<OpenTab>): void {
    this.tabs = this.tabs.map((tab) => (tab.key === key ? { ...tab, ...change } : tab));
  }

  private show(key: string, focus: boolean): void {
    if (key !== this.active) this.notice = '';
    this.active = key;
    if (this.labId) saveOpenTabs(this.labId, this.tabs, this.active);
    if (!focus) return;
    const view = this.views.get(key);
    if (view) void this.updateComplete.then(() => view.focus());
    else this.focusOnMount = key;
  }

  private restore(): void {
    this.restoredFor = this.labId;
    const saved = readOpenTabs(this.labId);
    for (const f of saved.files) this.openFile(f.machine, f.path, false, false);
    const active = saved.active && this.tab(saved.active) ? saved.active : this.active;
    if (active) this.show(active, false);
  }

  private closeAll(): void {
    this.views.clear();
    this.tabs = [];
    this.active = '';
    this.restoredFor = '';
  }

  private async load(key: string, createIfMissing = false): Promise<void> {
    const tab = this.tab(key);
    if (!tab) return;
    this.patch(key, { loading: true, openError: undefined });
    try {
      const file = await openFile(this.labId, tab.machine, tab.path);
      this.patch(key, { loading: false, meta: metaOf(file), original: file.content, isNew: false });
    } catch (err) {
      if (createIfMissing && reasonOf(err) === 'no-such-file')
        this.patch(key, { loading: false, isNew: true, original: '' });
      else this.patch(key, { loading: false, openError: err });
    }
  }

  private async mount(tab: OpenTab): Promise<void> {
    const view = await this.views.mount(tab, {
      label: t('editor.content', { path: this.nameOf(tab) }),
      onChange: (v) => this.onEdit(tab.key, v.state.doc.length, () => v.state.doc.toString()),
      onSave: () => void this.save(tab.key),
    });
    if (!view) return;
    if (!this.tab(tab.key)) return this.views.remove(tab.key);
    if (this.focusOnMount === tab.key && this.active === tab.key) {
      this.focusOnMount = '';
      view.focus();
    }
  }

  private onEdit(key: string, length: number, text: () => string): void {
    const tab = this.tab(key);
    if (!tab) return;
    const dirty = tab.isNew || length !== tab.original.length || text() !== tab.original;
    if (dirty !== tab.dirty) this.patch(key, { dirty });
    this.notice = '';
  }

  private save(key: string): Promise<void> {
    return saveTab(this.saves, key);
  }

  /** `machine:path` when the lab has several machines, else the path. */
  private nameOf(ref: FileRef): string {
    return this.machines.length > 1 ? `${ref.machine}:${ref.path}` : ref.path;
  }

  private closeTab(key: string): void {
    const tab = this.tab(key);
    if (!tab) return;
    const unsaved = tab.dirty || tab.pendingSave;
    if (unsaved && !confirm(t('editor.closeUnsaved', { name: this.nameOf(tab) }))) return;
    const i = this.tabs.indexOf(tab);
    this.views.remove(key);
    this.tabs = this.tabs.filter((other) => other !== tab);
    const next = this.active === key ? ((this.tabs[i] ?? this.tabs[i - 1])?.key ?? '') : this.active;
    this.show(next, next !== '');
  }

  /** Tells the page which file is shown (none while the panel is hidden), once per change. */
  private announceShown(): void {
    const tab = this.shown ? this.tab(this.active) : undefined;
    const shown = tab && tab.openError === undefined ? { machine: tab.machine, path: tab.path } : null;
    const key = shown ? fileKey(shown) : '';
    if (key === this.lastShown) return;
    this.lastShown = key;
    this.dispatchEvent(new CustomEvent('editor-shown', { detail: shown, bubbles: true, composed: true }));
  }

  private submitPath(e: Event, create: boolean): void {
    e.preventDefault();
    const path = normalizeFilePath(this.pathText);
    this.pathError = path ? '' : t('editor.pathAbsolute');
    if (path) this.openFile(this.treeMachine, path, create);
  }

  override render() {
    const tab = this.tab(this.active);
    const startLab = () =>
      this.dispatchEvent(new CustomEvent('start-lab', { bubbles: true, composed: true }));
    return html`<div class="layout">
      ${this.sidebar ? this.renderSidebar() : nothing}
      <section class="main" aria-label=${t('editor.label')}>
        ${renderOpenFiles({
          tabs: this.tabs,
          active: this.active,
          multi: this.machines.length > 1,
          sidebar: this.sidebar,
          toggleSidebar: () => (this.sidebar = !this.sidebar),
          select: (key) => this.show(key, true),
          close: (key) => this.closeTab(key),
          save: renderSaveButton(tab, () => tab && void this.save(tab.key)),
        })}
        ${
          tab
            ? renderProblem(tab, {
                startLab,
                retry: () => void this.load(tab.key),
                create: () => {
                  this.patch(tab.key, { openError: undefined, isNew: true, original: '' });
                  this.show(tab.key, true);
                },
              })
            : nothing
        }
        ${
          tab?.conflict
            ? renderConflict(tab, this.nameOf(tab), (choice) => {
                resolveConflict(this.saves, tab.key, choice);
                this.show(tab.key, true);
              })
            : nothing
        }
        ${renderCodeStack(this.tabs, tab, tab ? this.nameOf(tab) : '')}
        ${tab ? renderStatusLine(tab, this.notice) : nothing}
      </section>
    </div>`;
  }

  private renderSidebar() {
    return renderSidebar({
      machines: this.machines,
      machine: this.treeMachine,
      quickFiles: this.quickFiles,
      folders: this.folders,
      pathText: this.pathText,
      pathError: this.pathError,
      nameOf: (ref) => this.nameOf(ref),
      onMachine: (m) => (this.treeMachine = m),
      onPathInput: (text) => (this.pathText = text),
      onOpen: (e) => this.submitPath(e, false),
      onCreate: (e) => this.submitPath(e, true),
      // The exercise's files may be the ones to create: a missing one opens as a new file.
      openFile: (ref) => this.openFile(ref.machine, ref.path, true),
      reveal: (ref) => {
        this.treeMachine = ref.machine;
        void this.updateComplete.then(() => this.tree?.reveal(ref.path));
      },
      tree: html`<at-file-tree
        .labId=${this.labId}
        .machine=${this.treeMachine}
        .running=${this.running}
        @tree-open=${(e: CustomEvent<string>) => this.openFile(this.treeMachine, e.detail)}
      ></at-file-tree>`,
    });
  }
}
