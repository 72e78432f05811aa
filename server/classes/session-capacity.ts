import type { Lang } from '../courses/course-registry.js';

interface Span {
  from: number;
  to: number;
}

/**
 * The most lab machines that `others` need at one moment of `span` (each other session holds its
 * machines over its own span). The peak, not the sum: two sessions that meet this one at different
 * hours do not add up.
 */
export function peakLoad(span: Span, others: (Span & { machines: number })[]): number {
  const moments = [span.from, ...others.map((o) => o.from).filter((t) => t > span.from && t < span.to)];
  let peak = 0;
  for (const t of moments) {
    const load = others.filter((o) => o.from <= t && o.to > t).reduce((n, o) => n + o.machines, 0);
    peak = Math.max(peak, load);
  }
  return peak;
}

export interface CapacityFacts {
  expected: number;
  hostCanHold: number;
  /** The admission cap (0 = none) and the machines overlapping sessions need at their peak. */
  maxLabs: number;
  busy: number;
  /** Machines per lab of the session's course. */
  weight: number;
  /** Most containers one course's pool prepares ahead (DEMAND_MAX_PER_COURSE). */
  warmMax: number;
}

/**
 * What the trainer should know before the day, in their language: the host cannot hold the session
 * (the others cannot start), or it can but only `warmMax` machines are prepared ahead. Undefined: nothing.
 */
export function capacityNote(lang: Lang, f: CapacityFacts): string | undefined {
  const each =
    f.weight > 1 ? (lang === 'fr' ? ` (${f.weight} machines chacun)` : ` (${f.weight} machines each)`) : '';
  if (f.hostCanHold < f.expected) {
    const shared =
      f.busy > 0
        ? lang === 'fr'
          ? `, dont ${f.busy} déjà prévues par d’autres sessions au même moment`
          : `, ${f.busy} of them already planned for other sessions at the same time`
        : '';
    return lang === 'fr'
      ? `Ce serveur fait tourner au plus ${f.maxLabs} machines de lab${shared} : il y a de la place pour ` +
          `${f.hostCanHold} apprenant·es sur ${f.expected}${each}. Les autres ne pourront pas démarrer leur lab : ` +
          `décalez une session ou demandez à l’hébergeur d’augmenter ATELIER_MAX_LABS.`
      : `This server runs at most ${f.maxLabs} lab machines${shared}: there is room for ${f.hostCanHold} of the ` +
          `${f.expected} learners${each}. The others will not be able to start their lab: move a session or ask ` +
          `the host to raise ATELIER_MAX_LABS.`;
  }
  if (f.expected > f.warmMax) {
    const rest = f.expected - f.warmMax;
    return lang === 'fr'
      ? `${f.warmMax} machines sont préparées à l’avance pour un cours ; les ${rest} autres apprenant·es ` +
          `démarrent leur lab au clic (quelques secondes).`
      : `${f.warmMax} machines are prepared ahead for one course; the other ${rest} learners start their lab ` +
          `when they click (a few seconds).`;
  }
  return undefined;
}
