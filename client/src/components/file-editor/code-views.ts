// The editor's CodeMirror views: one per open file (created once its text is loaded, kept while its tab
// is open) and the comparison shown during a conflict. CodeMirror itself is loaded on first use.
import type { CodeView, CodeViewOptions } from './code-view.js';
import type { OpenTab } from './open-tabs.js';

export type ViewOptions = Omit<CodeViewOptions, 'parent' | 'doc' | 'path'>;

export class CodeViews {
  private readonly views = new Map<string, CodeView>();
  private readonly mounting = new Set<string>();
  private merge?: { key: string; destroy(): void };

  /** `root`: where the views' containers are (`[data-code=<key>]`, `.merge`). */
  constructor(private readonly root: () => ParentNode) {}

  get(key: string): CodeView | undefined {
    return this.views.get(key);
  }

  needsView(tab: OpenTab): boolean {
    const ready = !tab.loading && tab.openError === undefined;
    return ready && !this.views.has(tab.key) && !this.mounting.has(tab.key);
  }

  /** Creates the tab's view in its container; undefined if the container went meanwhile. */
  async mount(tab: OpenTab, options: ViewOptions): Promise<CodeView | undefined> {
    this.mounting.add(tab.key);
    try {
      const { createCodeView } = await import('./code-view.js');
      const parent = this.root().querySelector<HTMLElement>(`[data-code="${CSS.escape(tab.key)}"]`);
      if (!parent) return undefined;
      const view = await createCodeView({ ...options, parent, doc: tab.original, path: tab.path });
      this.views.set(tab.key, view);
      return view;
    } finally {
      this.mounting.delete(tab.key);
    }
  }

  /** After a language switch: each view's name from `labelOf(key)`. */
  relabel(labelOf: (key: string) => string): void {
    for (const [key, view] of this.views) view.relabel(labelOf(key));
  }

  remove(key: string): void {
    this.views.get(key)?.destroy();
    this.views.delete(key);
  }

  clear(): void {
    for (const key of [...this.views.keys()]) this.remove(key);
    this.showConflict(undefined, '', '');
  }

  /** Shows both versions while `tab` (the one shown) has a conflict; nothing otherwise. */
  showConflict(tab: OpenTab | undefined, mineLabel: string, theirsLabel: string): void {
    const wanted = tab?.conflict ? tab.key : '';
    if ((this.merge?.key ?? '') === wanted) return;
    this.merge?.destroy();
    this.merge = undefined;
    const parent = this.root().querySelector<HTMLElement>('.merge');
    if (!tab?.conflict || !parent) return;
    const slot = { key: tab.key, destroy: () => undefined as void };
    this.merge = slot;
    const options = {
      parent,
      path: tab.path,
      mine: this.views.get(tab.key)?.text() ?? '',
      theirs: tab.conflict.content,
      mineLabel,
      theirsLabel,
    };
    void import('./merge-view.js').then(async ({ createMergeView }) => {
      const view = await createMergeView(options);
      if (this.merge === slot) slot.destroy = () => view.destroy();
      else view.destroy();
    });
  }
}
