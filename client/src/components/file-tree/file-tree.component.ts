import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { errorText } from '../../lib/api.js';
import { listFiles, type DirEntry } from '../../lib/file-api.js';
import { ancestorsOf, joinPath } from '../../lib/file-paths.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { fileIcon, folderIcon } from './file-tree-icons.js';
import { fileTreeStyles } from './file-tree.styles.js';
import { moveInTree, type TreeRow } from './tree-keys.js';

/** One item of the tree as shown. */
interface Row extends TreeRow {
  name: string;
  entry?: DirEntry;
  posinset: number;
  setsize: number;
}

interface Folder {
  entries?: DirEntry[];
  truncated?: boolean;
  error?: unknown;
}

const isFolder = (e: DirEntry) =>
  e.type === 'directory' || (e.type === 'symlink' && e.target === 'directory');

/**
 * One machine's files from `/`, folders listed when opened (WAI-ARIA tree: arrows, Home, End, Enter,
 * one item in the Tab order). Fires `tree-open` (detail: the file's path) when a file is chosen.
 */
export class AtFileTree extends LitElement {
  static override styles = fileTreeStyles;

  @property() labId = '';
  @property() machine = '';
  @property({ type: Boolean }) running = false;
  @state() private folders = new Map<string, Folder>();
  @state() private expanded = new Set<string>(['/']);
  @state() private focused = '/';
  private readonly listing = new Map<string, Promise<void>>();

  constructor() {
    super();
    new I18nController(this);
  }

  /** Opens the folders down to `path` and puts the focus there. */
  async reveal(path: string, focus = true): Promise<void> {
    await this.updateComplete; // a machine just chosen resets the tree first
    const chain = ancestorsOf(path);
    this.expanded = new Set([...this.expanded, ...chain]);
    for (const dir of chain) await this.load(dir);
    this.focused = path;
    await this.updateComplete;
    const item = this.itemOf(path);
    item?.scrollIntoView({ block: 'nearest' });
    if (focus) item?.focus();
  }

  /** Lists a folder again if it was listed (after a file was created in it). */
  refresh(dir: string): void {
    if (this.folders.has(dir)) void this.load(dir, true);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const restarted = changed.has('running') && this.running;
    if (changed.has('machine') || changed.has('labId') || restarted) {
      this.folders = new Map();
      if (!restarted) this.expanded = new Set(['/']);
      this.focused = '/';
    }
  }

  protected override updated(): void {
    if (!this.labId || !this.machine) return;
    for (const dir of this.expanded) if (!this.folders.has(dir) && this.isShown(dir)) void this.load(dir);
  }

  private isShown(dir: string): boolean {
    return ancestorsOf(dir).every((d) => this.expanded.has(d));
  }

  /** Lists a folder once (a second call while it is listed waits for the same answer). */
  private load(dir: string, again = false): Promise<void> {
    const pending = this.listing.get(dir);
    if (pending) return pending;
    if (this.folders.has(dir) && !again) return Promise.resolve();
    const done = this.list(dir).finally(() => this.listing.delete(dir));
    this.listing.set(dir, done);
    return done;
  }

  private async list(dir: string): Promise<void> {
    const machine = this.machine;
    this.folders = new Map(this.folders).set(dir, this.folders.get(dir) ?? {});
    let folder: Folder;
    try {
      const listing = await listFiles(this.labId, machine, dir);
      folder = { entries: listing.entries, truncated: listing.truncated };
    } catch (error) {
      folder = { error };
    }
    if (machine === this.machine) this.folders = new Map(this.folders).set(dir, folder);
  }

  /** The items on screen, in order: a flat list (aria-level, -setsize, -posinset say the nesting). */
  private rows(): Row[] {
    const out: Row[] = [{ path: '/', name: '/', folder: true, level: 1, posinset: 1, setsize: 1 }];
    const walk = (dir: string, level: number) => {
      if (!this.expanded.has(dir)) return;
      const entries = this.folders.get(dir)?.entries ?? [];
      entries.forEach((entry, i) => {
        const path = joinPath(dir, entry.name);
        const folder = isFolder(entry);
        out.push({ path, name: entry.name, folder, level, entry, posinset: i + 1, setsize: entries.length });
        if (folder) walk(path, level + 1);
      });
    };
    walk('/', 2);
    return out;
  }

  private itemOf(path: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
  }

  /** Opening a folder lists it again (the terminal may have changed it), its old list shown meanwhile. */
  private toggle(path: string): void {
    const next = new Set(this.expanded);
    if (!next.delete(path)) {
      next.add(path);
      this.refresh(path);
    }
    this.expanded = next;
  }

  private choose(row: TreeRow): void {
    if (row.folder) this.toggle(row.path);
    else this.dispatchEvent(new CustomEvent('tree-open', { detail: row.path }));
  }

  private onClick(e: Event): void {
    const item = (e.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    const path = item?.dataset.path;
    const row = path === undefined ? undefined : this.rows().find((r) => r.path === path);
    if (!row) return;
    e.stopPropagation();
    this.focused = row.path;
    this.choose(row);
  }

  private onKeyDown(e: KeyboardEvent): void {
    const rows = this.rows();
    const row = rows.find((r) => r.path === this.focused) ?? rows[0];
    if (!row) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      return this.choose(row);
    }
    const move = moveInTree(e.key, rows, row, this.expanded.has(row.path));
    if (!move) return;
    e.preventDefault();
    if (move.toggle) this.toggle(row.path);
    if (move.to) {
      this.focused = move.to;
      void this.updateComplete.then(() => this.itemOf(move.to as string)?.focus());
    }
  }

  override render() {
    const rows = this.rows();
    // The item in the Tab order: the one focused last, or the root when it is hidden (folder closed).
    const focused = rows.some((r) => r.path === this.focused) ? this.focused : '/';
    return html`<ul
      role="tree"
      aria-label=${t('editor.tree', { machine: this.machine })}
      @click=${this.onClick}
      @keydown=${this.onKeyDown}
      @focusin=${(e: Event) => {
        const path = (e.target as HTMLElement).dataset?.path;
        if (path !== undefined) this.focused = path;
      }}
    >
      ${repeat(
        rows,
        (row) => row.path,
        (row) => this.renderItem(row, focused),
      )}
    </ul>`;
  }

  private renderItem(row: Row, focused: string) {
    const open = row.folder && this.expanded.has(row.path);
    const link = row.entry?.type === 'symlink';
    const kind = link ? t(row.entry?.target === 'missing' ? 'editor.brokenLink' : 'editor.link') : '';
    return html`<li
      role="treeitem"
      data-path=${row.path}
      aria-level=${row.level}
      aria-setsize=${row.setsize}
      aria-posinset=${row.posinset}
      aria-expanded=${row.folder ? String(open) : nothing}
      tabindex=${row.path === focused ? 0 : -1}
      class="row ${link ? 'link' : ''}"
      style="--level: ${row.level - 1}"
    >
      ${row.folder ? folderIcon(open) : fileIcon}<span class="name">${row.name}</span>
      ${link ? html`<span class="kind" aria-hidden="true">→</span><span class="sr-only">, ${kind}</span>` : nothing}
      ${open ? this.renderNote(row.path) : nothing}
    </li>`;
  }

  /** What an open folder says beside its name: loading, empty, refused, or cut at 2000 entries. */
  private renderNote(dir: string) {
    const folder = this.folders.get(dir);
    const note = (text: string, error = false) =>
      html`<span class="note ${error ? 'error' : ''}">${text}</span>`;
    if (folder?.error !== undefined) return note(errorText(folder.error), true);
    if (!folder?.entries) return note(t('editor.treeLoading'));
    if (folder.entries.length === 0) return note(t('editor.treeEmpty'));
    return folder.truncated ? note(t('editor.truncated')) : nothing;
  }
}
