// The two versions of a file side by side (the learner's and the machine's), differences marked,
// both read-only: the choice is made with the buttons around it. Imported dynamically like code-view.
import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { baseExtensions } from './code-view.js';

export interface MergeViewOptions {
  parent: HTMLElement;
  path: string;
  mine: string;
  theirs: string;
  mineLabel: string;
  theirsLabel: string;
}

export async function createMergeView(o: MergeViewOptions): Promise<{ destroy(): void }> {
  const [a, b] = await Promise.all([
    baseExtensions(o.path, o.mine, o.mineLabel),
    baseExtensions(o.path, o.theirs, o.theirsLabel),
  ]);
  const readOnly = EditorState.readOnly.of(true);
  const view = new MergeView({
    parent: o.parent,
    a: { doc: o.mine, extensions: [a, readOnly] },
    b: { doc: o.theirs, extensions: [b, readOnly] },
    gutter: true,
    // Built before it is attached: without this its styles would go to the document, not the shadow root.
    root: o.parent.getRootNode() as ShadowRoot | Document,
  });
  return { destroy: () => view.destroy() };
}
