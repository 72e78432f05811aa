// Socket event budgets (server/realtime/socket-rate-limit.ts) with a fake clock: bursts pass up to the
// bucket size, tokens come back with time, terminal:open is also budgeted per user across sockets, a
// hammering socket is disconnected, and socket slots per user are released on disconnect.
import { describe, expect, it } from 'vitest';
import {
  EVENT_BUDGETS,
  MAX_STRIKES,
  SocketRateLimiter,
  USER_OPEN_BUDGET,
} from '../../server/realtime/socket-rate-limit.js';

type Middleware = (packet: [string, ...unknown[]], next: (err?: Error) => void) => void;

function fakeSocket(id: string) {
  let middleware: Middleware = () => undefined;
  const handlers: Record<string, () => void> = {};
  const socket = {
    id,
    disconnected: false,
    use: (fn: Middleware) => void (middleware = fn),
    on: (event: string, fn: () => void) => void (handlers[event] = fn),
    disconnect: () => void (socket.disconnected = true),
  };
  /** Sends one event; returns 'passed', 'refused' (ack said rate-limited) or 'dropped'. */
  const send = (event: string): string => {
    let result = 'dropped';
    middleware(
      [event, {}, (a: { reason: string }) => (result = a.reason === 'rate-limited' ? 'refused' : '?')],
      () => (result = 'passed'),
    );
    return result;
  };
  return { socket, send, close: () => handlers.disconnect?.() };
}

describe('SocketRateLimiter', () => {
  let now = 0;
  const limiter = () =>
    new SocketRateLimiter({ budgets: EVENT_BUDGETS, maxSocketsPerUser: 3, now: () => now });

  it('lets a burst through, refuses the rest, refills with time', () => {
    const l = limiter();
    const s = fakeSocket('a');
    l.attach(s.socket, 'u1');
    const { capacity, perSecond } = EVENT_BUDGETS['terminal:resize']!;
    const burst = Array.from({ length: capacity + 5 }, () => s.send('terminal:resize'));
    expect(burst.filter((r) => r === 'passed')).toHaveLength(capacity);
    expect(burst.slice(capacity)).toEqual(Array(5).fill('refused'));
    now += 1000;
    const later = Array.from({ length: perSecond + 1 }, () => s.send('terminal:resize'));
    expect(later.filter((r) => r === 'passed')).toHaveLength(perSecond);
  });

  it('budgets terminal:open per user across sockets, and reconnecting does not refill it', () => {
    const l = limiter();
    let passed = 0;
    for (let i = 0; i < 5; i++) {
      const s = fakeSocket(`s${i}`);
      l.attach(s.socket, 'u2');
      for (let j = 0; j < 10; j++) if (s.send('terminal:open') === 'passed') passed++;
      s.close();
    }
    expect(passed).toBe(USER_OPEN_BUDGET.capacity);
  });

  it('disconnects a socket after MAX_STRIKES refusals in a row', () => {
    const l = limiter();
    const s = fakeSocket('x');
    l.attach(s.socket, 'u3');
    for (let i = 0; i < 1000 && !s.socket.disconnected; i++) s.send('unknown:event');
    expect(s.socket.disconnected).toBe(true);
    expect(MAX_STRIKES).toBeGreaterThan(EVENT_BUDGETS['terminal:resize']!.capacity);
  });

  it('caps sockets per user and frees a slot on disconnect', () => {
    const l = limiter();
    const sockets = [1, 2, 3].map((i) => fakeSocket(`c${i}`));
    for (const s of sockets) {
      expect(l.admit('u4')).toBe(true);
      l.attach(s.socket, 'u4');
    }
    expect(l.admit('u4')).toBe(false);
    expect(l.admit('someone-else')).toBe(true);
    sockets[0]!.close();
    expect(l.connections('u4')).toBe(2);
    expect(l.admit('u4')).toBe(true);
  });
});
