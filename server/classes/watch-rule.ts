import { isAdmin } from '../auth/roles.js';
import type { ClassMemberRepo } from '../store/class-member-repo.js';
import type { User } from '../store/users-repo.js';

/**
 * Whose labs a trainer may look at (mirror a terminal, read the file open in the editor): admins reach
 * the learners of every class, trainers those of their own classes; nobody reaches anyone else's.
 */
export function mayWatchLearner(
  members: Pick<ClassMemberRepo, 'classesOfLearner' | 'teaches'>,
  user: User,
  learnerId: string,
): boolean {
  if (user.role !== 'trainer' && !isAdmin(user)) return false;
  return isAdmin(user) ? members.classesOfLearner(learnerId).length > 0 : members.teaches(user.id, learnerId);
}
