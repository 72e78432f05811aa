// Issue 17 item 6: keys typed while the shell is unreachable are kept (bounded) and said to be cut.
import { describe, expect, it } from 'vitest';
import { OfflineInput } from '../../../client/src/components/terminal/offline-input.js';

describe('OfflineInput', () => {
  it('keeps typing in order and gives it back once', () => {
    const held = new OfflineInput(64);
    held.push('echo é');
    held.push('\r');
    expect(held.size).toBe(7);
    expect(held.take()).toBe('echo é\r');
    expect(held.take()).toBe('');
  });

  it('stops keeping at the cap (bytes, not characters) and says so until cleared', () => {
    const held = new OfflineInput(8);
    expect(held.push('éééé')).toBe(true); // 8 bytes
    expect(held.push('a')).toBe(false);
    expect(held.cut).toBe(true);
    // Nothing after a hole: the command sent must be one that was typed, not one with a gap.
    expect(held.push('')).toBe(false);
    expect(held.take()).toBe('éééé');
    expect(held.cut).toBe(false);
    expect(held.push('ok')).toBe(true);
  });
});
