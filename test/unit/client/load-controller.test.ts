// The list pages' loader: on connect, again on a language change, stale answers dropped.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../client/src/lib/api.js';
import { i18n } from '../../../client/src/lib/i18n.js';
import { LoadController } from '../../../client/src/lib/load-controller.js';
import type { Lang } from '../../../client/src/lib/types.js';

class FakeHost implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;
  readonly updateComplete = Promise.resolve(true);
  addController(c: ReactiveController) {
    this.controllers.push(c);
  }
  removeController() {}
  requestUpdate() {
    this.updates++;
  }
  connect() {
    for (const c of this.controllers) c.hostConnected?.();
  }
  disconnect() {
    for (const c of this.controllers) c.hostDisconnected?.();
  }
}

/** A loader whose answers the test gives, one call at a time. */
function deferredLoader<T>() {
  const calls: { lang: Lang; resolve(v: T): void; reject(e: unknown): void }[] = [];
  const load = (lang: Lang) => new Promise<T>((resolve, reject) => calls.push({ lang, resolve, reject }));
  return { calls, load };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('LoadController', () => {
  afterEach(() => i18n.set('fr', false));

  it('loads when the host connects and again, in the new language, when the language changes', async () => {
    const host = new FakeHost();
    const { calls, load } = deferredLoader<string>();
    const data = new LoadController(host, load);
    expect(calls).toHaveLength(0);
    host.connect();
    expect(data.pending).toBe(true);
    calls[0]?.resolve('cours');
    await settle();
    expect([data.value, data.pending, data.errorMessage]).toEqual(['cours', false, '']);
    i18n.set('en', false);
    expect(calls.map((c) => c.lang)).toEqual(['fr', 'en']);
    calls[1]?.resolve('courses');
    await settle();
    expect(data.value).toBe('courses');
    expect(host.updates).toBeGreaterThanOrEqual(3); // the language change itself, then each answer
  });

  it('keeps the last value through a failed reload and words the error', async () => {
    const host = new FakeHost();
    const { calls, load } = deferredLoader<string>();
    const data = new LoadController(host, load);
    host.connect();
    calls[0]?.resolve('v1');
    await settle();
    const reloaded = data.reload();
    calls[1]?.reject(new ApiError(403, 'forbidden', 'Vous n’avez pas accès à cette page.'));
    await reloaded;
    expect(data.value).toBe('v1');
    expect(data.errorMessage).toBe('Vous n’avez pas accès à cette page.');
    const again = data.reload();
    calls[2]?.resolve('v2');
    await again;
    expect([data.value, data.error]).toEqual(['v2', undefined]);
  });

  it('drops an answer that an older load gives after a newer one', async () => {
    const host = new FakeHost();
    const { calls, load } = deferredLoader<string>();
    const data = new LoadController(host, load);
    host.connect();
    void data.reload();
    calls[1]?.resolve('new');
    calls[0]?.resolve('old');
    await settle();
    expect(data.value).toBe('new');
  });

  it('stops following the language once the host is gone', () => {
    const host = new FakeHost();
    const { calls, load } = deferredLoader<string>();
    new LoadController(host, load);
    host.connect();
    host.disconnect();
    i18n.set('en', false);
    expect(calls).toHaveLength(1);
  });
});
