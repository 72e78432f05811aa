// Whether a paste asks first: a line break runs what precedes it in a shell that reads the paste as typing.
// A shell in bracketed-paste mode (bash ≥ 5.1 at its prompt) receives the paste as one block and runs
// nothing until Enter, so it does not ask.

/** How many lines the confirmation shows. */
export const PREVIEW_LINES = 5;
/** Longer preview lines are cut (the dialog stays small). */
export const PREVIEW_WIDTH = 120;

export interface PastePreview {
  /** Lines of the paste (a final line break does not start another one). */
  count: number;
  /** The first lines, cut to PREVIEW_WIDTH. */
  first: string[];
  /** Lines not shown. */
  more: number;
}

/** True when the paste would run something by itself in a shell without bracketed paste. */
export function needsPasteConfirmation(text: string, bracketedPasteMode: boolean): boolean {
  return !bracketedPasteMode && /[\r\n]/.test(text);
}

export function pastePreview(text: string): PastePreview {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const first = lines
    .slice(0, PREVIEW_LINES)
    .map((l) => (l.length > PREVIEW_WIDTH ? `${l.slice(0, PREVIEW_WIDTH - 1)}…` : l));
  return { count: lines.length, first, more: Math.max(0, lines.length - PREVIEW_LINES) };
}
