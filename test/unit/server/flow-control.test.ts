import { describe, expect, it, vi } from 'vitest';
import { FlowControl } from '../../../server/realtime/flow-control.js';
import { OutputCoalescer } from '../../../server/realtime/output-coalescer.js';
import { RingBuffer } from '../../../server/realtime/ring-buffer.js';

describe('FlowControl', () => {
  it('pauses above the high watermark and resumes below the low one', () => {
    const src = { pause: vi.fn(), resume: vi.fn() };
    const fc = new FlowControl(src, 100, 10);
    fc.sent(60);
    fc.sent(40);
    expect(src.pause).not.toHaveBeenCalled();
    fc.sent(1);
    expect(src.pause).toHaveBeenCalledTimes(1);
    fc.sent(50); // already paused: no second pause
    expect(src.pause).toHaveBeenCalledTimes(1);
    fc.acked(100);
    expect(src.resume).not.toHaveBeenCalled();
    fc.acked(45);
    expect(src.resume).toHaveBeenCalledTimes(1);
    expect(fc.isPaused).toBe(false);
  });

  it('ignores acks for bytes never sent (a lying client cannot go negative)', () => {
    const src = { pause: vi.fn(), resume: vi.fn() };
    const fc = new FlowControl(src, 100, 10);
    fc.acked(1_000_000);
    expect(fc.pending).toBe(0);
    fc.sent(150);
    expect(src.pause).toHaveBeenCalledTimes(1);
    fc.acked(-500);
    expect(fc.pending).toBe(150);
  });

  it('reset resumes a paused source', () => {
    const src = { pause: vi.fn(), resume: vi.fn() };
    const fc = new FlowControl(src, 10, 5);
    fc.sent(20);
    fc.reset();
    expect(src.resume).toHaveBeenCalledTimes(1);
    expect(fc.pending).toBe(0);
  });
});

describe('OutputCoalescer', () => {
  it('sends the first chunk at once and batches the following ones', async () => {
    const sent: string[] = [];
    const c = new OutputCoalescer((d) => sent.push(d.toString()), 5, 1024);
    c.push(Buffer.from('a'));
    expect(sent).toEqual(['a']);
    c.push(Buffer.from('b'));
    c.push(Buffer.from('c'));
    expect(sent).toEqual(['a']);
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toEqual(['a', 'bc']);
    await new Promise((r) => setTimeout(r, 20));
    c.push(Buffer.from('d')); // idle again: leading edge
    expect(sent).toEqual(['a', 'bc', 'd']);
    c.dispose();
  });

  it('flushes a batch that reaches maxBytes', () => {
    const sent: number[] = [];
    const c = new OutputCoalescer((d) => sent.push(d.length), 1000, 10);
    c.push(Buffer.alloc(1));
    c.push(Buffer.alloc(6));
    c.push(Buffer.alloc(6));
    expect(sent).toEqual([1, 12]);
    c.dispose();
  });
});

describe('RingBuffer', () => {
  it('keeps the last capacity bytes', () => {
    const r = new RingBuffer(8);
    r.push(Buffer.from('hello '));
    r.push(Buffer.from('world'));
    expect(r.contents().toString()).toBe('lo world');
    r.push(Buffer.from('0123456789'));
    expect(r.contents().toString()).toBe('23456789');
    expect(r.length).toBe(8);
  });
});
