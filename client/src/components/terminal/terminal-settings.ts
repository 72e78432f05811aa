// The learner's terminal settings, remembered in this browser and applied to every terminal of the page.

const SCREEN_READER_KEY = 'atelier.terminal.screen-reader';
const listeners = new Set<(on: boolean) => void>();

/** xterm's screen-reader mode (an accessibility tree of the rows, read by screen readers). */
export function screenReaderMode(): boolean {
  try {
    return localStorage.getItem(SCREEN_READER_KEY) === 'on';
  } catch {
    return false; // storage refused (privacy settings): the default
  }
}

export function setScreenReaderMode(on: boolean): void {
  try {
    if (on) localStorage.setItem(SCREEN_READER_KEY, 'on');
    else localStorage.removeItem(SCREEN_READER_KEY);
  } catch {
    // Not remembered, still applied to this page.
  }
  for (const l of listeners) l(on);
}

/** Calls `listener` on every change; returns the unsubscribe. */
export function onScreenReaderMode(listener: (on: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const FONT_SIZE_KEY = 'atelier.terminal.font-size';
export const DEFAULT_FONT_SIZE = 14;

/** The terminal's font size in this browser (a demo shown beside the lesson uses the learner's too). */
export function terminalFontSize(): number {
  try {
    const size = Number(localStorage.getItem(FONT_SIZE_KEY));
    return size >= 8 && size <= 40 ? size : DEFAULT_FONT_SIZE;
  } catch {
    return DEFAULT_FONT_SIZE;
  }
}

export const MIN_FONT_SIZE = 10;
export const MAX_FONT_SIZE = 28;
const fontListeners = new Set<(size: number) => void>();

/** Changes the font size of every terminal of the page (the learner's own and the demo beside the lesson). */
export function setTerminalFontSize(size: number): void {
  const next = Math.min(MAX_FONT_SIZE, Math.max(MIN_FONT_SIZE, Math.round(size)));
  try {
    if (next === DEFAULT_FONT_SIZE) localStorage.removeItem(FONT_SIZE_KEY);
    else localStorage.setItem(FONT_SIZE_KEY, String(next));
  } catch {
    // Not remembered, still applied to this page.
  }
  for (const l of fontListeners) l(next);
}

/** Calls `listener` on every font size change; returns the unsubscribe. */
export function onTerminalFontSize(listener: (size: number) => void): () => void {
  fontListeners.add(listener);
  return () => fontListeners.delete(listener);
}
