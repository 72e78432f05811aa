// The admin's engines page: the badge, labs and memory out of the capacity, in both languages.
import { afterEach, describe, expect, it } from 'vitest';
import { engineBadge, labsText, memoryText, nextMode } from '../../../client/src/lib/engine-format.js';
import { i18n } from '../../../client/src/lib/i18n.js';
import { engineView } from '../../support/fake-engines.js';

const unlimited = engineView('local', {
  capacity: { labs: 0, memoryBytes: 0 },
  free: { labs: null, memoryBytes: null },
  used: { labs: 4, pooled: 0, memoryBytes: 1.5 * 2 ** 30 },
});

describe('engine-format', () => {
  afterEach(() => i18n.set('fr', false));

  it('badges down before the mode, and offers the other mode', () => {
    expect(engineBadge(engineView('a'))).toEqual({ text: 'Actif', tone: 'ok' });
    expect(engineBadge(engineView('a', { mode: 'draining', state: 'draining' }))).toEqual({
      text: 'En vidange',
      tone: 'warn',
    });
    const downDrained = engineView('a', { mode: 'draining', state: 'down' });
    expect(engineBadge(downDrained)).toEqual({ text: 'Hors service', tone: 'down' });
    expect(nextMode(downDrained)).toBe('active');
    expect(nextMode(engineView('a', { state: 'down' }))).toBe('draining');
  });

  it('counts learners’ and pool labs out of the capacity, or says there is no limit', () => {
    expect(labsText(engineView('a'))).toEqual({ used: '5 / 40', free: '35 libres' });
    expect(labsText(unlimited)).toEqual({ used: '4', free: 'sans limite' });
    expect(memoryText(engineView('a'))).toBe('5,0 Gio / 24,0 Gio');
    expect(memoryText(unlimited)).toBe('1,5 Gio');
    i18n.set('en', false);
    expect(labsText(unlimited).free).toBe('no limit');
    expect(memoryText(engineView('a'))).toBe('5.0 GiB / 24.0 GiB');
    expect(engineBadge(engineView('a', { state: 'down' })).text).toBe('Down');
  });
});
