// Copy and paste in the terminal: the shortcuts per platform (Ctrl+C stays the shell's), when a paste
// asks first, and that every way of pasting ends in xterm's paste() after the same question.
import { describe, expect, it, vi } from 'vitest';
import {
  clipboardAction,
  clipboardPlatform,
  shortcutNames,
  type KeyLike,
} from '../../../client/src/components/terminal/clipboard-keys.js';
import {
  needsPasteConfirmation,
  pastePreview,
  PREVIEW_LINES,
} from '../../../client/src/components/terminal/paste-guard.js';
import {
  TerminalClipboard,
  type ClipboardApi,
  type ClipboardHost,
  type ClipboardTerminal,
} from '../../../client/src/components/terminal/terminal-clipboard.js';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  code: /^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : k,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('clipboard shortcuts', () => {
  it('names the platform from userAgentData, else navigator.platform', () => {
    expect(clipboardPlatform({ userAgentData: { platform: 'macOS' }, platform: 'Linux x86_64' })).toBe('mac');
    expect(clipboardPlatform({ userAgentData: { platform: 'Chrome OS' } })).toBe('pc');
    expect(clipboardPlatform({ userAgentData: { platform: '' }, platform: 'MacIntel' })).toBe('mac');
    expect(clipboardPlatform({ platform: 'iPad' })).toBe('mac');
    expect(clipboardPlatform({ platform: 'Win32' })).toBe('pc');
    expect(clipboardPlatform({})).toBe('pc');
  });

  it('Linux, Windows, ChromeOS: Ctrl+Shift+C/V and Ctrl/Shift+Insert; Ctrl+C and Ctrl+V stay with the shell', () => {
    const pc = (e: KeyLike) => clipboardAction(e, 'pc');
    expect(pc(key('C', { ctrlKey: true, shiftKey: true }))).toBe('copy');
    expect(pc(key('V', { ctrlKey: true, shiftKey: true }))).toBe('paste');
    expect(pc(key('Insert', { ctrlKey: true }))).toBe('copy');
    expect(pc(key('Insert', { shiftKey: true }))).toBe('paste');
    expect(pc(key('c', { ctrlKey: true }))).toBeUndefined();
    expect(pc(key('v', { ctrlKey: true }))).toBeUndefined();
    expect(pc(key('c', { metaKey: true }))).toBeUndefined();
    expect(pc(key('Insert'))).toBeUndefined();
    expect(pc(key('Insert', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
    expect(pc(key('C', { ctrlKey: true, shiftKey: true, altKey: true }))).toBeUndefined();
    expect(pc(key('X', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
  });

  it('macOS: Cmd+C and Cmd+V; Ctrl+C stays with the shell', () => {
    const mac = (e: KeyLike) => clipboardAction(e, 'mac');
    expect(mac(key('c', { metaKey: true }))).toBe('copy');
    expect(mac(key('v', { metaKey: true }))).toBe('paste');
    expect(mac(key('c', { ctrlKey: true }))).toBeUndefined();
    expect(mac(key('C', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
    expect(mac(key('v', { metaKey: true, shiftKey: true }))).toBeUndefined();
  });

  it('reads the letter the layout types, and the key position on a non-Latin layout', () => {
    // Dvorak: the key typing « c » sits where QWERTY has « i ».
    expect(clipboardAction({ ...key('C', { ctrlKey: true, shiftKey: true }), code: 'KeyI' }, 'pc')).toBe(
      'copy',
    );
    expect(clipboardAction({ ...key('с', { ctrlKey: true, shiftKey: true }), code: 'KeyC' }, 'pc')).toBe(
      'copy',
    );
  });

  it('names the shortcuts in the page’s language', () => {
    expect(shortcutNames('pc', 'fr')).toEqual({
      copy: ['Ctrl+Maj+C', 'Ctrl+Inser'],
      paste: ['Ctrl+Maj+V', 'Maj+Inser'],
    });
    expect(shortcutNames('pc', 'en').paste).toEqual(['Ctrl+Shift+V', 'Shift+Insert']);
    expect(shortcutNames('mac', 'fr')).toEqual({ copy: ['Cmd+C'], paste: ['Cmd+V'] });
  });
});

describe('multi-line paste', () => {
  it('asks when a line break would run something, unless the shell brackets pastes', () => {
    expect(needsPasteConfirmation('ls -l', false)).toBe(false);
    expect(needsPasteConfirmation('ls\nrm -rf /tmp/x', false)).toBe(true);
    expect(needsPasteConfirmation('ls\r\n', false)).toBe(true); // one line, run at once
    expect(needsPasteConfirmation('ls\r', false)).toBe(true);
    expect(needsPasteConfirmation('ls\nrm -rf /tmp/x', true)).toBe(false);
  });

  it('counts the lines (a final break adds none) and shows the first ones, cut', () => {
    expect(pastePreview('a\nb\r\nc\n')).toEqual({ count: 3, first: ['a', 'b', 'c'], more: 0 });
    expect(pastePreview('ls\n')).toEqual({ count: 1, first: ['ls'], more: 0 });
    const many = pastePreview(Array.from({ length: 12 }, (_, i) => `echo ${i}`).join('\n'));
    expect(many.count).toBe(12);
    expect(many.first).toHaveLength(PREVIEW_LINES);
    expect(many.more).toBe(12 - PREVIEW_LINES);
    const [long] = pastePreview('x'.repeat(500)).first;
    expect(long!.length).toBeLessThanOrEqual(120);
    expect(long!.endsWith('…')).toBe(true);
  });
});

/** A terminal, a host and a clipboard of fakes around one TerminalClipboard. */
function setup(
  opts: { bracketed?: boolean; confirm?: boolean; read?: 'granted' | 'prompt'; api?: ClipboardApi } = {},
) {
  const pasted: string[] = [];
  const term: ClipboardTerminal = {
    modes: { bracketedPasteMode: opts.bracketed ?? false },
    getSelection: () => 'selected text',
    hasSelection: () => true,
    paste: (text) => void pasted.push(text),
    focus: () => undefined,
  };
  const host = {
    confirmPaste: vi.fn(async () => opts.confirm ?? true),
    notify: vi.fn(),
  } satisfies ClipboardHost;
  const api: ClipboardApi = opts.api ?? {
    readText: vi.fn(async () => 'echo from-clipboard\necho two'),
    writeText: vi.fn(async () => undefined),
  };
  const permissions = {
    query: async () =>
      Object.assign(new EventTarget(), { state: opts.read ?? 'granted' }) as PermissionStatus,
  } as Pick<Permissions, 'query'>;
  const root = new EventTarget();
  const clip = new TerminalClipboard(term, root, host, 'pc', api, permissions);
  return { clip, pasted, host, api, root };
}

const keydown = (k: string, mods: Partial<KeyLike>) => {
  const e = { ...key(k, mods), type: 'keydown', defaultPrevented: false, preventDefault: () => undefined };
  e.preventDefault = () => void (e.defaultPrevented = true);
  return e;
};
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('TerminalClipboard', () => {
  it('keeps Ctrl+C for the shell and copies the selection on Ctrl+Shift+C', async () => {
    const { clip, api, host } = setup();
    const ctrlC = keydown('c', { ctrlKey: true });
    expect(clip.handleKey(ctrlC)).toBe(true);
    expect(ctrlC.defaultPrevented).toBe(false);
    const copy = keydown('C', { ctrlKey: true, shiftKey: true });
    expect(clip.handleKey(copy)).toBe(false);
    expect(copy.defaultPrevented).toBe(true);
    await settle();
    expect(api.writeText).toHaveBeenCalledWith('selected text');
    expect(host.notify).toHaveBeenCalledWith('copied');
  });

  it('a shortcut paste reads the clipboard, asks, and ends in xterm’s paste', async () => {
    const { clip, pasted, host } = setup();
    await settle(); // the permission is known
    const e = keydown('Insert', { shiftKey: true });
    expect(clip.handleKey(e)).toBe(false);
    expect(e.defaultPrevented).toBe(true);
    await settle();
    expect(host.confirmPaste).toHaveBeenCalledWith('echo from-clipboard\necho two');
    expect(pasted).toEqual(['echo from-clipboard\necho two']);
  });

  it('without read permission the browser’s own paste event goes through the same question', async () => {
    const { clip, pasted, host, root } = setup({ read: 'prompt', confirm: false });
    await settle();
    const e = keydown('V', { ctrlKey: true, shiftKey: true });
    expect(clip.handleKey(e)).toBe(false);
    expect(e.defaultPrevented).toBe(false); // the browser pastes
    const paste = Object.assign(new Event('paste', { cancelable: true }), {
      clipboardData: { getData: () => 'one\ntwo\n' },
    });
    root.dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true); // xterm's handler would send it at once
    await settle();
    expect(host.confirmPaste).toHaveBeenCalledWith('one\ntwo\n');
    expect(pasted).toEqual([]); // declined
  });

  it('pastes one line, or any text into a bracketing shell, without asking', async () => {
    const { clip, pasted, host } = setup({ bracketed: true });
    await clip.paste('echo one');
    await clip.paste('echo a\necho b\n');
    expect(host.confirmPaste).not.toHaveBeenCalled();
    expect(pasted).toEqual(['echo one', 'echo a\necho b\n']);
  });

  it('says so when the browser refuses to read the clipboard', async () => {
    const { clip, pasted, host } = setup({ api: { readText: () => Promise.reject(new Error('denied')) } });
    await clip.pasteFromClipboard();
    expect(pasted).toEqual([]);
    expect(host.notify).toHaveBeenCalledWith('paste-refused');
  });
});
