// From a verified launch to what it means here: the account of (platform, sub) made or found through the
// single sign-on accounts, the class of the LMS course made at its first launch, the person's place in it
// (Instructor → trainer, anything else → learner), and where their grades go.
import { allocateJoinCode, codeWord } from '../classes/join-code.js';
import type { SsoAccounts } from '../auth/sso/sso-accounts.js';
import type { AccountRepo } from '../store/account-repo.js';
import type { ClassMemberRepo } from '../store/class-member-repo.js';
import type { ClassRepo } from '../store/class-repo.js';
import type { Db } from '../store/database.js';
import type { LtiContextRepo } from '../store/lti-context-repo.js';
import type { LtiPlatform } from '../store/lti-platform-repo.js';
import type { User } from '../store/users-repo.js';
import { CLAIM, teaches, type LaunchClaims } from './lti-claims.js';

export interface LtiEnrolmentDeps {
  db: Db;
  accounts: SsoAccounts;
  accountRepo: AccountRepo;
  classes: ClassRepo;
  members: ClassMemberRepo;
  contexts: LtiContextRepo;
}

/** What a person at a platform is, as the launch or the roster says it. */
export interface LtiPerson {
  sub: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  roles: readonly string[];
}

export const providerIdOf = (platform: Pick<LtiPlatform, 'id'>) => `lti-${platform.id}`;

export function personOf(c: LaunchClaims): LtiPerson {
  return {
    sub: c.sub,
    name: c.name,
    givenName: c.given_name,
    familyName: c.family_name,
    email: c.email,
    roles: c[CLAIM.roles],
  };
}

export class LtiEnrolment {
  constructor(private readonly d: LtiEnrolmentDeps) {}

  /** The account of the person (found by sub only), a trainer's role when they teach in the LMS. */
  account(platform: LtiPlatform, p: LtiPerson): User {
    const fullName = p.name ?? ([p.givenName, p.familyName].filter(Boolean).join(' ') || undefined);
    const user = this.d.accounts.signIn(
      {
        providerId: providerIdOf(platform),
        subject: p.sub,
        username: fullName ?? p.email?.split('@')[0] ?? 'lti',
        displayName: fullName,
        email: p.email,
        groups: [],
      },
      undefined,
    );
    // An LMS Instructor runs their course's class, which needs a trainer's role here; never lowered.
    if (teaches(p.roles) && user.role === 'learner') {
      this.d.accountRepo.setRole(user.id, 'trainer');
      return { ...user, role: 'trainer' };
    }
    return user;
  }

  /** The class of an LMS course (made at its first launch, joining by code closed: the LMS holds the roster). */
  classOf(
    platform: LtiPlatform,
    context: { id: string; title?: string },
    creator: User,
    nrpsUrl?: string,
  ): string {
    return this.d.db
      .transaction(() => {
        const known = this.d.contexts.get(platform.id, context.id);
        if (known) {
          if (nrpsUrl && nrpsUrl !== known.membershipsUrl)
            this.d.contexts.setMembershipsUrl(platform.id, context.id, nrpsUrl);
          return known.classId;
        }
        const name = (context.title?.trim() || `${platform.name} ${context.id}`).slice(0, 80);
        let classId = '';
        allocateJoinCode(codeWord(name, undefined), (code) => {
          const made = this.d.classes.create({ name, courseIds: [] }, code, creator.id);
          if (made) classId = made.id;
          return !!made;
        });
        // ClassRepo makes the creator a trainer; the first person launching may be a learner.
        this.d.members.remove(classId, creator.id);
        this.d.classes.update(classId, { joiningOpen: false });
        this.d.contexts.add({
          platformId: platform.id,
          contextId: context.id,
          classId,
          title: context.title ?? null,
          membershipsUrl: nrpsUrl ?? null,
        });
        return classId;
      })
      .immediate();
  }

  /** Puts the person in the class as the LMS says (a trainer stays one), with the course when there is one. */
  enrol(classId: string, user: User, roles: readonly string[], courseId?: string): 'trainer' | 'learner' {
    const role =
      teaches(roles) || this.d.members.roleIn(classId, user.id) === 'trainer' ? 'trainer' : 'learner';
    if (role === 'trainer') this.d.members.addTrainer(classId, user.id);
    else this.d.members.addLearner(classId, user.id, null);
    const cls = this.d.classes.get(classId);
    if (courseId && cls && !cls.courseIds.includes(courseId))
      this.d.classes.update(classId, { courseIds: [...cls.courseIds, courseId] });
    return role;
  }
}
