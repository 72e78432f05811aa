// The first API answer after a network failure asks the app shell for a health check, so « Le serveur
// ne répond pas » goes as soon as any request gets through, not at the next 30 s poll.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../../client/src/lib/api.js';

describe('api: back online', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks the shell for a health check on the first answer after a failure, once', async () => {
    const dispatched: string[] = [];
    vi.stubGlobal('document', {
      querySelector: () => ({ dispatchEvent: (e: Event) => dispatched.push(e.type) }),
    });
    const answer = () => Promise.resolve(new Response('[]', { status: 200 }));
    vi.stubGlobal('fetch', vi.fn(answer));
    await api.labs();
    expect(dispatched).toEqual([]);

    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(api.labs()).rejects.toMatchObject({ status: 0 });
    vi.stubGlobal('fetch', vi.fn(answer));
    await api.labs();
    await api.labs();
    expect(dispatched).toEqual(['health-check']);
  });
});
