import type { ClassRecord } from '../store/class-repo.js';

/**
 * Where a workshop stands for someone who opens its link: `not-open` before its window, `ended` after
 * it (or once its records are gone, or archived), `full` when every seat is taken or the trainer closed
 * joining, `open` otherwise.
 */
export type WorkshopState = 'not-open' | 'open' | 'full' | 'ended';

export function workshopState(c: ClassRecord, seatsTaken: number, now = Date.now()): WorkshopState {
  if (c.endedAt !== null || c.archivedAt !== null) return 'ended';
  if (c.closesAt !== null && now >= c.closesAt) return 'ended';
  if (c.opensAt !== null && now < c.opensAt) return 'not-open';
  if (!c.joiningOpen || (c.capacity !== null && seatsTaken >= c.capacity)) return 'full';
  return 'open';
}
