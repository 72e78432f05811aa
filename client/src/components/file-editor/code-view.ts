// A CodeMirror 6 view for one file: line numbers, highlighting by language, history, search and
// replace, Ctrl/Cmd+S to save. This module pulls CodeMirror in: import it dynamically.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, openSearchPanel, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { languageOf, loadLanguage } from '../../lib/editor-languages.js';
import { i18n } from '../../lib/i18n.js';
import { accessibleHighlight } from './code-highlight.js';
import { frenchPhrases } from './code-phrases.js';

export interface CodeViewOptions {
  parent: HTMLElement;
  doc: string;
  /** The file's path: it picks the highlighting. */
  path: string;
  /** The accessible name of the editable content (e.g. « Contenu de /etc/hosts »). */
  label: string;
  readOnly?: boolean;
  /** After each change of the text. */
  onChange?: (view: EditorView) => void;
  /** Ctrl+S / Cmd+S (the browser's « save page » dialog never opens). */
  onSave?: () => void;
}

export interface CodeView {
  view: EditorView;
  text(): string;
  /** Replaces the whole text (e.g. the machine's version taken after a conflict). */
  setText(doc: string): void;
  focus(): void;
  /** Names the content again and speaks CodeMirror's words in the page's language (after a switch). */
  relabel(label: string): void;
  destroy(): void;
}

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '0.9rem', backgroundColor: 'var(--surface, #fff)' },
  '.cm-scroller': { fontFamily: 'var(--font-mono, monospace)', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: 'var(--bg, #f6f6f6)', color: 'var(--muted, #666)', border: 'none' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: '#f3f6fb' },
  '&.cm-focused': { outline: '2px solid var(--primary, #2563eb)', outlineOffset: '-2px' },
});

/** What every view of a file has, whatever its role (editing, or one side of a comparison). */
export async function baseExtensions(path: string, doc: string, label: string): Promise<Extension[]> {
  const language = await loadLanguage(languageOf(path, doc.split('\n', 1)[0] ?? ''), path);
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    drawSelection(),
    highlightActiveLine(),
    syntaxHighlighting(accessibleHighlight),
    bracketMatching(),
    highlightSelectionMatches(),
    search({ top: true }),
    language,
    theme,
    wording.of(wordingOf(label)),
    // A file with Windows line ends keeps them: CodeMirror would otherwise save it with \n only.
    doc.includes('\r\n') ? EditorState.lineSeparator.of('\r\n') : [],
  ];
}

/** The content's accessible name and CodeMirror's own words, in the page's language. */
const wording = new Compartment();
const wordingOf = (label: string): Extension => [
  // tabindex: the content is focusable anyway (contenteditable); saying so lets audits see it.
  EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
  i18n.lang === 'fr' ? EditorState.phrases.of(frenchPhrases) : [],
];

export async function createCodeView(o: CodeViewOptions): Promise<CodeView> {
  const save = () => {
    o.onSave?.();
    return true;
  };
  const extensions = [
    ...(await baseExtensions(o.path, o.doc, o.label)),
    history(),
    indentOnInput(),
    // Tab is left to the page (it moves the focus out, as in any form): no indentWithTab.
    keymap.of([
      { key: 'Mod-s', run: save, preventDefault: true },
      { key: 'Mod-h', run: openSearchPanel, preventDefault: true },
      ...searchKeymap,
      ...historyKeymap,
      ...defaultKeymap,
    ]),
    EditorState.readOnly.of(!!o.readOnly),
    // Still focusable and searchable when read-only; screen readers are told it cannot be changed.
    o.readOnly ? EditorView.contentAttributes.of({ 'aria-readonly': 'true' }) : [],
    EditorView.updateListener.of((u) => {
      if (u.docChanged) o.onChange?.(u.view);
    }),
  ];
  const view = new EditorView({ parent: o.parent, state: EditorState.create({ doc: o.doc, extensions }) });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText: (doc) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc } }),
    focus: () => view.focus(),
    relabel: (label) => view.dispatch({ effects: wording.reconfigure(wordingOf(label)) }),
    destroy: () => view.destroy(),
  };
}
