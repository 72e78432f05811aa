// The terminal's font size, shared by the learner's terminals and the demo beside the lesson: clamped,
// remembered in the browser (the default is not stored), and told to every listener.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_FONT_SIZE,
  MAX_FONT_SIZE,
  MIN_FONT_SIZE,
  onTerminalFontSize,
  setTerminalFontSize,
  terminalFontSize,
} from '../../../client/src/components/terminal/terminal-settings.js';

describe('terminal font size', () => {
  const store = new Map<string, string>();
  beforeEach(() => {
    store.clear();
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
  });
  afterEach(() => delete (globalThis as { localStorage?: unknown }).localStorage);

  it('is remembered, clamped, and told to every listener', () => {
    const heard: number[] = [];
    const stop = onTerminalFontSize((s) => heard.push(s));
    expect(terminalFontSize()).toBe(DEFAULT_FONT_SIZE);
    setTerminalFontSize(18);
    expect(terminalFontSize()).toBe(18);
    setTerminalFontSize(99);
    setTerminalFontSize(1);
    expect(heard).toEqual([18, MAX_FONT_SIZE, MIN_FONT_SIZE]);
    setTerminalFontSize(DEFAULT_FONT_SIZE);
    expect(store.size).toBe(0);
    stop();
    setTerminalFontSize(20);
    expect(heard).toHaveLength(4);
  });
});
