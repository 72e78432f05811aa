// The terminal's copy and paste shortcuts. Ctrl+C and Ctrl+V stay with the shell (interrupt, literal
// next), as in a desktop terminal: copying and pasting take Shift, or Insert, or Cmd on a Mac.

export type ClipboardPlatform = 'mac' | 'pc';
export type ClipboardAction = 'copy' | 'paste';

/** What the mapping reads of a KeyboardEvent (a plain object in tests). */
export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** The parts of `navigator` that name the platform (`userAgentData` is Chromium's, not in every DOM lib). */
export interface NavigatorLike {
  platform?: string;
  userAgentData?: { platform?: string };
}

/** macOS and iPadOS/iOS (a hardware keyboard's Cmd) copy with Cmd; Linux, Windows, ChromeOS with Ctrl+Shift. */
export function clipboardPlatform(nav: NavigatorLike | undefined = globalThis.navigator): ClipboardPlatform {
  const name = nav?.userAgentData?.platform || nav?.platform || '';
  return /mac|iphone|ipad|ipod/i.test(name) ? 'mac' : 'pc';
}

/** The clipboard action a key press asks for, if any (every other key goes to the shell). */
export function clipboardAction(e: KeyLike, platform: ClipboardPlatform): ClipboardAction | undefined {
  if (e.altKey) return undefined;
  // Ctrl+Insert / Shift+Insert: the old CUA keys, wherever a keyboard has Insert.
  if (e.key === 'Insert' && !e.metaKey && e.ctrlKey !== e.shiftKey) return e.ctrlKey ? 'copy' : 'paste';
  const held =
    platform === 'mac' ? e.metaKey && !e.ctrlKey && !e.shiftKey : e.ctrlKey && e.shiftKey && !e.metaKey;
  if (!held) return undefined;
  const letter = letterOf(e);
  return letter === 'c' ? 'copy' : letter === 'v' ? 'paste' : undefined;
}

/** The letter as the layout types it; the key's position when the layout has no Latin letters. */
function letterOf(e: KeyLike): string {
  const key = e.key.toLowerCase();
  if (/^[a-z]$/.test(key)) return key;
  return /^Key[A-Z]$/.test(e.code) ? e.code.slice(3).toLowerCase() : '';
}

/** The shortcuts to name in help texts, in the page's language (`fr`: Maj, Inser). */
export function shortcutNames(
  platform: ClipboardPlatform,
  lang: 'fr' | 'en',
): Record<ClipboardAction, string[]> {
  if (platform === 'mac') return { copy: ['Cmd+C'], paste: ['Cmd+V'] };
  const shift = lang === 'fr' ? 'Maj' : 'Shift';
  const insert = lang === 'fr' ? 'Inser' : 'Insert';
  return {
    copy: [`Ctrl+${shift}+C`, `Ctrl+${insert}`],
    paste: [`Ctrl+${shift}+V`, `${shift}+${insert}`],
  };
}
