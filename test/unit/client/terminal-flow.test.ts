import { describe, expect, it } from 'vitest';
import {
  AckCounter,
  chunkInput,
  InputQueue,
  runnableInput,
  utf8Length,
} from '../../../client/src/lib/terminal-flow.js';

describe('chunkInput', () => {
  it('keeps small input whole and drops empty input', () => {
    expect(chunkInput('ls -la\r', 16)).toEqual(['ls -la\r']);
    expect(chunkInput('', 16)).toEqual([]);
  });

  it('splits a big paste in order, each chunk within the byte limit', () => {
    const paste = 'x'.repeat(40_000);
    const chunks = chunkInput(paste, 16 * 1024);
    expect(chunks.map((c) => c.length)).toEqual([16384, 16384, 7232]);
    expect(chunks.join('')).toBe(paste);
  });

  it('counts UTF-8 bytes and never splits a character or a surrogate pair', () => {
    const text = 'é🐧'.repeat(1000); // 2 + 4 bytes, the penguin is 2 UTF-16 units
    const chunks = chunkInput(text, 1000);
    expect(chunks.join('')).toBe(text);
    for (const c of chunks) {
      expect(utf8Length(c)).toBeLessThanOrEqual(1000);
      expect(c.length).toBeLessThanOrEqual(1000);
      expect(c).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
  });
});

describe('AckCounter', () => {
  it('asks for an ack once enough bytes were written, with the exact count', () => {
    const acks = new AckCounter(16 * 1024);
    expect(acks.written(10_000)).toBe(0);
    expect(acks.written(6_000)).toBe(0);
    expect(acks.written(500)).toBe(16_500);
    expect(acks.unacked).toBe(0);
    expect(acks.written(40_000)).toBe(40_000);
  });

  it('forgets pending bytes on reset (new terminal)', () => {
    const acks = new AckCounter(100);
    acks.written(60);
    acks.reset();
    expect(acks.written(60)).toBe(0);
  });
});

describe('InputQueue', () => {
  const setup = (maxChunk = 8, windowBytes = 16) => {
    const sent: { data: string; done: () => void }[] = [];
    const q = new InputQueue((data, done) => sent.push({ data, done }), maxChunk, windowBytes);
    return { q, sent };
  };

  it('sends keystrokes at once while the window has room', () => {
    const { q, sent } = setup();
    q.push('a');
    q.push('b');
    expect(sent.map((s) => s.data)).toEqual(['a', 'b']);
  });

  it('holds a big paste behind the window and releases it, in order, as chunks are confirmed', () => {
    const { q, sent } = setup(8, 16);
    q.push('0123456789abcdefghijklmnopqrstuvwxyz');
    expect(sent.map((s) => s.data)).toEqual(['01234567', '89abcdef']);
    q.push('!'); // typed during the paste: coalesced after it, never ahead
    sent[0]?.done();
    expect(sent.map((s) => s.data)).toEqual(['01234567', '89abcdef', 'ghijklmn']);
    for (let i = 1; i < 10 && q.queued > 0; i++) sent[i]?.done();
    expect(sent.map((s) => s.data).join('')).toBe('0123456789abcdefghijklmnopqrstuvwxyz!');
    expect(sent.every((s) => s.data.length <= 8)).toBe(true);
  });

  it('drops queued input on clear and ignores late confirmations', () => {
    const { q, sent } = setup(4, 4);
    q.push('abcdefgh');
    q.clear();
    sent[0]?.done();
    expect(sent.map((s) => s.data)).toEqual(['abcd']);
    q.push('z');
    expect(sent.map((s) => s.data)).toEqual(['abcd', 'z']);
  });
});

describe('runnableInput', () => {
  it('turns lesson code into keystrokes: one Enter per line, no trailing blank lines', () => {
    expect(runnableInput('whoami\n')).toBe('whoami\r');
    expect(runnableInput('apt update\r\napt install -y nginx\n\n')).toBe(
      'apt update\rapt install -y nginx\r',
    );
  });
});
