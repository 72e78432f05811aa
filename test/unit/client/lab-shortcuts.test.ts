import { describe, expect, it } from 'vitest';
import { ARIA_KEYS, shortcutOf } from '../../../client/src/lib/lab-shortcuts.js';

const key = (
  code: string,
  mods: Partial<Record<'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey', boolean>>,
) => ({
  code,
  altKey: false,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe('course view shortcuts', () => {
  it('maps Alt+Shift+V / N / H by physical key (any layout)', () => {
    expect(shortcutOf(key('KeyV', { altKey: true, shiftKey: true }))).toBe('check');
    expect(shortcutOf(key('KeyN', { altKey: true, shiftKey: true }))).toBe('next');
    expect(shortcutOf(key('KeyH', { altKey: true, shiftKey: true }))).toBe('hint');
  });

  it('leaves every other key to the shell', () => {
    expect(shortcutOf(key('KeyV', { altKey: true }))).toBeUndefined(); // Alt+V: readline's M-v
    expect(shortcutOf(key('KeyV', { shiftKey: true }))).toBeUndefined();
    expect(shortcutOf(key('KeyV', { altKey: true, shiftKey: true, ctrlKey: true }))).toBeUndefined();
    expect(shortcutOf(key('KeyX', { altKey: true, shiftKey: true }))).toBeUndefined();
  });

  it('names the keys for aria-keyshortcuts', () => {
    expect(ARIA_KEYS).toEqual({ check: 'Alt+Shift+V', next: 'Alt+Shift+N', hint: 'Alt+Shift+H' });
  });
});
