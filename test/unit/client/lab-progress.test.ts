import { beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../../client/src/lib/i18n.js';
import { phaseOfStatus, startPhaseText } from '../../../client/src/lib/lab-progress.js';

describe('start progress', () => {
  beforeEach(() => i18n.set('fr'));

  it('reads the phase of each lab:status of a start', () => {
    expect(phaseOfStatus({ state: 'queued' })).toBe('queued');
    expect(phaseOfStatus({ state: 'starting', phase: 'creating' })).toBe('creating');
    expect(phaseOfStatus({ state: 'starting', phase: 'preparing' })).toBe('preparing');
    expect(phaseOfStatus({ state: 'starting' })).toBe('creating'); // an older server: no phase
    expect(phaseOfStatus({ state: 'running' })).toBeUndefined();
  });

  it('says the phase and the time spent, in both languages', () => {
    expect(startPhaseText('queued', { position: 3, elapsedSeconds: 4 })).toBe(
      'En file d’attente : n° 3 · 4 s écoulées',
    );
    expect(startPhaseText('creating', { machines: 2, elapsedSeconds: 1 })).toBe(
      'Création des machines… · 1 s écoulées',
    );
    expect(startPhaseText('preparing', { elapsedSeconds: 63 })).toBe(
      'Préparation du cours (script d’installation)… · 1 min 3 s écoulées',
    );
    i18n.set('en');
    expect(startPhaseText('asked', { elapsedSeconds: 0 })).toBe('Request sent to the server… · 0 s elapsed');
  });
});
