// What the start panel says while a lab starts: the phase the server announced (lab:status) and the time.
import { t } from './i18n.js';
import { formatElapsed } from './image-state.js';

/** Asked: no word from the server yet; then queued (with a place), creating, preparing (course setup). */
export type StartPhase = 'asked' | 'queued' | 'creating' | 'preparing';

/** The phase a `lab:status` announces during a start; undefined when it is not a start's step. */
export function phaseOfStatus(p: { state: string; phase?: string }): StartPhase | undefined {
  if (p.state === 'queued') return 'queued';
  if (p.state !== 'starting') return undefined;
  return p.phase === 'preparing' ? 'preparing' : 'creating';
}

/** « Création de la machine… · 12 s écoulées ». */
export function startPhaseText(
  phase: StartPhase,
  opts: { position?: number; machines?: number; elapsedSeconds: number },
): string {
  const what =
    phase === 'queued'
      ? t('lab.phase.queued', { position: opts.position ?? 1 })
      : phase === 'creating'
        ? t((opts.machines ?? 1) > 1 ? 'lab.phase.creatingMany' : 'lab.phase.creating')
        : t(phase === 'preparing' ? 'lab.phase.preparing' : 'lab.phase.asked');
  return `${what} · ${t('lab.phase.elapsed', { elapsed: formatElapsed(opts.elapsedSeconds) })}`;
}

/** Reasons of a `starting` lab:status that recreate the machine: the page drops results, reopens shells. */
export const RECREATING_REASONS: readonly string[] = ['reset', 'catch-up', 'restore'];

export const isRecreating = (p: { state: string; reason?: string }): boolean =>
  p.state === 'starting' && RECREATING_REASONS.includes(p.reason ?? '');

/** « Rattrapage — Exécution des solutions de référence… » while a catch-up or a restore runs; '' else. */
export function recoverStatusText(reason: string | undefined, phase: string | undefined): string {
  if (reason !== 'catch-up' && reason !== 'restore') return '';
  const step =
    phase === 'solving'
      ? t('lab.recover.solving')
      : phase === 'preparing'
        ? t('lab.recover.preparing')
        : phase === 'creating' || reason === 'catch-up'
          ? t('lab.recover.creating')
          : t('lab.recover.restoring');
  return `${t(reason === 'catch-up' ? 'lab.recover.catch-up' : 'lab.recover.restore')} — ${step}`;
}
