import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../../client/src/lib/i18n.js';
import { formatElapsed, imageStateOfError, imageStateText } from '../../../client/src/lib/image-state.js';

describe('image state text', () => {
  afterEach(() => i18n.set('fr', false));

  it('formats the elapsed time', () => {
    expect([formatElapsed(0), formatElapsed(59), formatElapsed(80), formatElapsed(3600)]).toEqual([
      '0 s',
      '59 s',
      '1 min 20 s',
      '60 min 0 s',
    ]);
  });

  it('words each state in French, then English', () => {
    const building = { state: 'building', step: 4, steps: 9, elapsedSeconds: 80 } as const;
    expect(imageStateText(building)).toBe('Préparation de l’environnement… étape 4/9 (1 min 20 s)');
    expect(imageStateText({ state: 'ready' })).toBeUndefined();
    expect(imageStateText(undefined)).toBeUndefined();
    i18n.set('en', false);
    expect(imageStateText(building)).toBe('Preparing the environment… step 4/9 (1 min 20 s)');
    expect(imageStateText({ state: 'building', step: 0, steps: 0, elapsedSeconds: 3 })).toBe(
      'Preparing the environment… (3 s)',
    );
    expect(imageStateText({ state: 'queued', position: 2 })).toContain('2');
    expect(imageStateText({ state: 'failed', reason: 'x' })).toContain('could not be prepared');
  });

  it('reads the state back from a 503 answer', () => {
    const params = { state: 'building', step: 2, steps: 5, elapsed: 7 };
    expect(imageStateOfError({ reason: 'image-building', params })).toEqual({
      state: 'building',
      step: 2,
      steps: 5,
      elapsedSeconds: 7,
    });
    expect(imageStateOfError({ reason: 'image-building', params: { state: 'queued', position: 3 } })).toEqual(
      {
        state: 'queued',
        position: 3,
      },
    );
    expect(imageStateOfError({ reason: 'image-failed', params: { detail: 'boom' } })).toEqual({
      state: 'failed',
      reason: 'boom',
    });
    expect(imageStateOfError({ reason: 'host-full' })).toBeUndefined();
  });
});
