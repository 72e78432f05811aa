import { beforeEach, describe, expect, it } from 'vitest';
import { errorText } from '../../../client/src/lib/api.js';
import { i18n } from '../../../client/src/lib/i18n.js';
import {
  availabilityAfter,
  isEngineDown,
  outageOf,
  type Outage,
} from '../../../client/src/lib/lab-availability.js';

const DOWN =
  'Machine indisponible : le serveur de labs « e2 » ne répond plus (connect ECONNREFUSED 10.0.0.2:2376). ' +
  'Vos fichiers y restent ; la machine reviendra quand il répondra.';

describe('lab availability (engine down, engine back)', () => {
  beforeEach(() => i18n.set('fr'));

  it('shows the server’s reason once, under the banner’s own title', () => {
    expect(outageOf(DOWN).message).toBe(
      'Le serveur de labs « e2 » ne répond plus (connect ECONNREFUSED 10.0.0.2:2376). ' +
        'Vos fichiers y restent ; la machine reviendra quand il répondra.',
    );
    expect(outageOf('Machine unavailable: engine e2 is down').message).toBe('Engine e2 is down');
    expect(outageOf(undefined).message).toMatch(/^Le serveur de labs qui l’héberge ne répond plus/);
    i18n.set('en');
    expect(outageOf('').message).toMatch(/^The lab server holding it is not answering/);
  });

  it('opens the banner on unavailable and keeps the shells as they are', () => {
    const step = availabilityAfter(undefined, {
      state: 'unavailable',
      reason: 'engine-down',
      message: DOWN,
    });
    expect(step.reopen).toBe(false);
    expect(step.outage?.message).toMatch(/^Le serveur de labs « e2 »/);
    // A second notice (a new reason) replaces the message.
    const again = availabilityAfter(step.outage, {
      state: 'unavailable',
      message: 'Machine indisponible : x',
    });
    expect(again).toEqual({ outage: { message: 'X' }, reopen: false });
  });

  it('closes the banner and reopens the shells when the engine is back', () => {
    const outage: Outage = { message: 'x' };
    expect(availabilityAfter(outage, { state: 'running', reason: 'engine-back' })).toEqual({ reopen: true });
    // Running again for another reason after an outage: the old shells are gone all the same.
    expect(availabilityAfter(outage, { state: 'running' })).toEqual({ reopen: true });
    // Engine back while this page saw no outage (loaded during it, its shells refused): reopen too.
    expect(availabilityAfter(undefined, { state: 'running', reason: 'engine-back' })).toEqual({
      reopen: true,
    });
  });

  it('leaves every other status alone', () => {
    expect(availabilityAfter(undefined, { state: 'running' })).toEqual({ reopen: false });
    expect(availabilityAfter(undefined, { state: 'starting', reason: 'reset' })).toEqual({ reopen: false });
    // The engine came back without the lab: a plain removal, no banner, nothing to reopen.
    expect(availabilityAfter({ message: 'x' }, { state: 'removed', reason: 'lost' })).toEqual({
      reopen: false,
    });
    expect(availabilityAfter({ message: 'x' }, { state: 'stopped', reason: 'idle' })).toEqual({
      reopen: false,
    });
  });

  it('recognises a shell refused because the engine is down, worded like the HTTP error', () => {
    const refused = {
      kind: 'failed',
      reason: 'engine-down',
      message: DOWN,
      params: { reason: 'le serveur de labs « e2 » ne répond plus' },
    };
    expect(isEngineDown(refused)).toBe(true);
    expect(isEngineDown({ kind: 'failed', reason: 'timeout' })).toBe(false);
    expect(isEngineDown({ kind: 'exited' })).toBe(false);
    // Whatever the catalog's wording, the banner's title is not said twice.
    expect(outageOf(errorText(refused)).message).not.toMatch(/^Machine indisponible/);
    expect(outageOf(errorText({ ...refused, params: undefined })).message).not.toMatch(/^Machine/);
  });
});
