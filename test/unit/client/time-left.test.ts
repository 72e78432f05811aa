// The page's idle countdown: on its own clock, from the server's answers, pushed by its own typing.
import { describe, expect, it } from 'vitest';
import {
  afterInput,
  afterStart,
  fromServer,
  hasTimeLeft,
  stopped,
  TOUCH_SLACK_MS,
  viewOf,
} from '../../../client/src/lib/time-left.js';

const MIN = 60_000;
const SERVER_NOW = Date.UTC(2026, 2, 2, 10, 0);
const server = (o: { cullIn: number | null; keepIn?: number }) => ({
  cullAt: o.cullIn === null ? null : new Date(SERVER_NOW + o.cullIn).toISOString(),
  keepUntil: o.keepIn === undefined ? null : new Date(SERVER_NOW + o.keepIn).toISOString(),
  idleTimeoutMs: 30 * MIN,
  now: new Date(SERVER_NOW).toISOString(),
});

describe('idle clock', () => {
  it('counts on the page’s clock, whatever the learner’s computer says the time is', () => {
    const pageNow = SERVER_NOW - 3 * 3_600_000; // a laptop three hours behind
    const c = fromServer(server({ cullIn: 27 * MIN }), pageNow);
    expect(c.deadline).toBe(pageNow + 27 * MIN);
    expect(viewOf(c, pageNow)).toEqual({ kind: 'counting', minutes: 27 });
  });

  it('warns in the last five minutes, in whole minutes rounded up', () => {
    const c = fromServer(server({ cullIn: 30 * MIN }), 0);
    expect(viewOf(c, 25 * MIN - 1).kind).toBe('counting');
    expect(viewOf(c, 25 * MIN)).toEqual({ kind: 'warning', minutes: 5 });
    expect(viewOf(c, 29 * MIN + 1)).toEqual({ kind: 'warning', minutes: 1 });
    expect(viewOf(c, 31 * MIN)).toEqual({ kind: 'warning', minutes: 0 });
  });

  it('moves on with the page’s own typing, never later than the server would', () => {
    const c = fromServer(server({ cullIn: 5 * MIN }), 0);
    const typed = afterInput(c, 4 * MIN);
    expect(typed.deadline).toBe(4 * MIN + 30 * MIN - TOUCH_SLACK_MS);
    expect(viewOf(typed, 4 * MIN).kind).toBe('counting');
    // Typing never brings a trainer's later extension back.
    const kept = fromServer(server({ cullIn: 300 * MIN, keepIn: 300 * MIN }), 0);
    expect(afterInput(kept, MIN).deadline).toBe(300 * MIN);
  });

  it('stops counting while the lab does not run, and starts again with a full timeout or the extension', () => {
    const c = stopped(fromServer(server({ cullIn: 10 * MIN, keepIn: 90 * MIN }), 0));
    expect(viewOf(c, 0)).toEqual({ kind: 'none' });
    expect(afterInput(c, MIN).deadline).toBeNull();
    expect(afterStart(c, MIN).deadline).toBe(90 * MIN);
    expect(afterStart(c, 80 * MIN).deadline).toBe(110 * MIN);
  });

  it('shows nothing without an idle cull', () => {
    const c = fromServer({ ...server({ cullIn: null }), idleTimeoutMs: 0 }, 0);
    expect(viewOf(afterStart(c, 0), 0)).toEqual({ kind: 'none' });
  });

  it('knows a view that carries its time left from one that does not', () => {
    expect(hasTimeLeft({ id: 'l', ...server({ cullIn: MIN }) })).toBe(true);
    expect(hasTimeLeft({ id: 'l', state: 'running' })).toBe(false);
  });
});
