// The course view's keyboard shortcuts (Alt+Shift+letter: no shell, readline or Chromium binding uses
// them), matched on the physical key so that they work on any keyboard layout.

export type LabShortcut = 'check' | 'next' | 'hint';

/** The `aria-keyshortcuts` value of each shortcut (ARIA names keys in English). */
export const ARIA_KEYS: Record<LabShortcut, string> = {
  check: 'Alt+Shift+V',
  next: 'Alt+Shift+N',
  hint: 'Alt+Shift+H',
};

const BY_CODE: Record<string, LabShortcut> = { KeyV: 'check', KeyN: 'next', KeyH: 'hint' };

/** The shortcut a keydown is, or undefined (then the key goes on to the terminal or the page). */
export function shortcutOf(
  e: Pick<KeyboardEvent, 'code' | 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey'>,
): LabShortcut | undefined {
  if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return undefined;
  return BY_CODE[e.code];
}
