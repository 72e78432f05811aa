import type { Health } from './fleet-health.js';
import type { Placements } from './fleet-placements.js';
import type { FleetMember } from './fleet-runtime.js';
import type { LabEvent } from './sandbox-runtime.js';

/** What the learners of an engine that does not answer read (and what their labs' operations answer). */
export function unavailableMessage(name: string, h: Health): string {
  return (
    `Machine indisponible : le serveur de labs « ${name} » ne répond plus (${h.reason ?? 'sans réponse'}). ` +
    'Vos fichiers y restent ; la machine reviendra quand il répondra.'
  );
}

/** The engine stopped answering: each learner with a lab there hears it. */
export function tellUnavailable(
  name: string,
  h: Health,
  placements: Placements,
  emit: (e: LabEvent) => void,
): void {
  const message = unavailableMessage(name, h);
  for (const [labId, p] of placements.on(name))
    if (!p.pooled)
      emit({
        kind: 'unavailable',
        labId,
        containerId: '',
        state: 'unavailable',
        reason: 'engine-down',
        message,
      });
}

/**
 * The engine answers again. Containers of labs placed elsewhere since (reset while it was down) go (those
 * deleted meanwhile are orphans: the next boot's sweep takes them); its labs are back (running or stopped, told to their learners) or,
 * when it came back without them, lost (the next start makes a new machine).
 */
export async function readopt(
  m: FleetMember,
  placements: Placements,
  emit: (e: LabEvent) => void,
): Promise<void> {
  const name = m.config.name;
  const listed = new Map((await m.runtime.list()).map((l) => [l.labId, l]));
  // Only those known to be elsewhere: a lab this process never placed may be one it has not met yet.
  for (const labId of listed.keys()) {
    const placed = placements.get(labId)?.engine;
    if (placed && placed !== name) await m.runtime.remove(labId).catch(() => undefined);
  }
  for (const [labId, p] of placements.on(name)) {
    const l = listed.get(labId);
    if (!l) placements.unplace(labId);
    if (p.pooled) continue;
    if (!l) {
      const message =
        'Votre machine a été perdue avec son serveur de labs ; le prochain démarrage en crée une neuve.';
      emit({ kind: 'lost', labId, containerId: '', state: 'removed', reason: 'lost', message });
      continue;
    }
    placements.running(labId, l.state === 'running');
    const state = l.state === 'running' ? 'running' : 'stopped';
    const message = 'Votre machine est de nouveau disponible.';
    emit({ kind: 'back', labId, containerId: l.containerId ?? '', state, reason: 'engine-back', message });
  }
}
