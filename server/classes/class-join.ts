import { usernameCandidates } from '../auth/display-name.js';
import { AppError } from '../errors/app-error.js';
import type { AccountRepo } from '../store/account-repo.js';
import type { ClassMemberRepo } from '../store/class-member-repo.js';
import type { ClassRecord, ClassRepo } from '../store/class-repo.js';
import type { Db } from '../store/database.js';
import type { User, UsersRepo } from '../store/users-repo.js';
import { normalizeJoinCode } from './join-code.js';

export interface ClassJoinDeps {
  db: Db;
  classes: ClassRepo;
  members: ClassMemberRepo;
  users: UsersRepo;
  accounts: AccountRepo;
  /** A learner joined a class (the trainers' grid gains a row). */
  onJoined(classId: string, userId: string): void;
  /** When joining closes by itself (end of `endsOn` or of the last session); absent or null: never. */
  closesAt?(c: ClassRecord): number | null;
  /** The class's time zone (its own or the platform's), for the join page's dates. */
  zoneOf?(c: ClassRecord): string;
}

/** Why joining is closed: the trainer's switch, an archived class, or a class that is over. */
export type ClosedReason = 'closed' | 'archived' | 'ended';

export interface JoinPreview {
  name: string;
  joiningOpen: boolean;
  startsOn: string | null;
  endsOn: string | null;
  closedReason: ClosedReason | null;
  /** ISO; null when joining never closes by itself. */
  joiningClosesAt: string | null;
  /** The zone `joiningClosesAt` is shown in. */
  timeZone: string;
}

/**
 * Joining with a code: a learner already logged in joins with the code alone; a new learner gives the
 * code, a display name and a password, and gets an account whose login is derived from the name.
 */
export class ClassJoin {
  constructor(private readonly d: ClassJoinDeps) {}

  /** The class behind a code (any state); undefined for an unknown or malformed code. */
  find(code: string): ClassRecord | undefined {
    const canonical = normalizeJoinCode(code);
    const c = canonical ? this.d.classes.byCode(canonical) : undefined;
    // A workshop is entered through its own link (/w/<code>: its window and seats), not joined here.
    return c?.kind === 'workshop' ? undefined : c;
  }

  preview(code: string): JoinPreview | undefined {
    const c = this.find(code);
    if (!c) return undefined;
    const closesAt = this.d.closesAt?.(c) ?? null;
    const closedReason = this.closedReason(c);
    return {
      name: c.name,
      joiningOpen: closedReason === null,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      closedReason,
      joiningClosesAt: closesAt === null ? null : new Date(closesAt).toISOString(),
      timeZone: this.d.zoneOf?.(c) ?? c.timeZone ?? 'Europe/Paris',
    };
  }

  /** The class a code opens; throws `unknown-code` (404) or `joining-closed` (403). */
  resolve(code: string): ClassRecord {
    const c = this.find(code);
    if (!c) throw new AppError('unknown-code', 'Ce code ne correspond à aucune classe.');
    const reason = this.closedReason(c);
    if (reason === 'ended')
      throw new AppError(
        'joining-closed',
        'Les inscriptions à cette classe sont closes : la formation est terminée.',
        { closedReason: reason },
      );
    if (reason)
      throw new AppError('joining-closed', 'Cette classe n’accepte plus d’inscriptions.', {
        closedReason: reason,
      });
    return c;
  }

  joinExisting(user: User, code: string): ClassRecord {
    const c = this.resolve(code);
    const res = this.d.members.addLearner(c.id, user.id, c.capacity);
    if (res === 'class-full') throw full();
    if (res === 'joined') this.d.onJoined(c.id, user.id);
    return c;
  }

  /** Creates the learner's account and membership together: a full class creates no account. */
  joinNew(code: string, displayName: string, passwordHash: string): { user: User; cls: ClassRecord } {
    const c = this.resolve(code);
    const user = this.d.db
      .transaction(() => {
        let created: User | undefined;
        for (const username of usernameCandidates(displayName)) {
          created = this.d.users.create(username, passwordHash, 'learner');
          if (created) break;
        }
        this.d.accounts.setDisplayName(created!.id, displayName);
        if (this.d.members.addLearner(c.id, created!.id, c.capacity) === 'class-full') throw full();
        return created!;
      })
      .immediate();
    this.d.onJoined(c.id, user.id);
    return { user, cls: c };
  }

  /** null while the class takes learners. */
  closedReason(c: ClassRecord, now = Date.now()): ClosedReason | null {
    if (c.archivedAt !== null) return 'archived';
    if (!c.joiningOpen) return 'closed';
    const closesAt = this.d.closesAt?.(c) ?? null;
    return closesAt !== null && now >= closesAt ? 'ended' : null;
  }
}

const full = () => new AppError('class-full', 'Cette classe est complète.');
