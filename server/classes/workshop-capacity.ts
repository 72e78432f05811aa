import type { ClassSessions } from './class-sessions.js';
import { peakLoad } from './session-capacity.js';

/**
 * How many seats the host can hold over a workshop's window: the admission cap (ATELIER_MAX_LABS) less
 * what the sessions overlapping the window (warm-up lead included) need at their peak, divided by the
 * machines of the workshop's largest lab. Infinity without a cap.
 */
export function hostCanHoldWorkshop(
  sessions: ClassSessions,
  courseIds: string[],
  opensAt: number,
  closesAt: number,
): number {
  const { maxLabs, leadMs, machinesOf } = sessions.d;
  if (maxLabs <= 0) return Infinity;
  const weight = Math.max(1, ...courseIds.map((c) => machinesOf(c)));
  const span = { from: opensAt - leadMs, to: closesAt };
  const others = sessions.d.sessions.overlapping(span.from, span.to, leadMs).map((o) => ({
    from: o.startsAt - leadMs,
    to: o.endsAt,
    machines: o.expected * Math.max(1, machinesOf(o.courseId)),
  }));
  return Math.max(0, Math.floor((maxLabs - peakLoad(span, others)) / weight));
}
