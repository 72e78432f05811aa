import { randomInt } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { ClassMemberRepo } from '../store/class-member-repo.js';
import type { ClassRecord, ClassRepo } from '../store/class-repo.js';
import type { LabRecord, LabsRepo } from '../store/labs-repo.js';
import type { PairRecord, PairRepo } from '../store/pair-repo.js';
import type { ProgressRepo } from '../store/progress-repo.js';

/** A pair as one of its members sees it (GET /api/pairs). */
export interface PairView {
  pairId: string;
  classId: string;
  className: string;
  /** The caller is the host: the pair works on the caller's labs. */
  host: boolean;
  /** null while a pair made with a code waits for its partner (`code` is then set). */
  partnerId: string | null;
  partner: string | null;
  code: string | null;
  /** The class's courses: the pair shares the host's lab of each. */
  courseIds: string[];
}

/** A learner's pair on the trainer's grid row. */
export interface LearnerPair {
  pairId: string;
  /** The partner's display name. */
  partner: string;
  /** This learner is the host (the pair works on their labs). */
  host: boolean;
}

export interface ClassPairsDeps {
  pairs: PairRepo;
  classes: ClassRepo;
  members: ClassMemberRepo;
  labs: LabsRepo;
  progress: ProgressRepo;
  /** Removes a learner's own lab (container and row): their next start is a fresh one. */
  removeLab(userId: string, labId: string): Promise<void>;
  /** Ends the shells `userId` opened on the lab (a member who left the pair keeps none on it). */
  closeShells(userId: string, labId: string): Promise<void>;
  /** The pair of these learners of the class changed (pages reload their lab, the grid its rows). */
  changed(classId: string, userIds: string[]): void;
}

/** Short codes a learner reads to their neighbour: no 0/O, 1/I/L. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIR_CODE_LENGTH = 6;

const notAllowed = () =>
  new AppError(
    'pairing-not-allowed',
    'Votre formateur n’a pas ouvert les binômes dans cette classe : demandez-lui de vous mettre en binôme.',
  );
const unknownCode = () =>
  new AppError('unknown-pair-code', 'Ce code ne correspond à aucun binôme en attente.');
const alreadyPaired = () =>
  new AppError('already-paired', 'Déjà en binôme dans cette classe : quittez-le d’abord.');
const notPaired = () => new AppError('not-paired', 'Vous n’êtes pas en binôme dans cette classe.');

/** Normalizes what a learner typed: any case, spaces and dashes ignored. */
export const normalizePairCode = (raw: string): string => raw.toUpperCase().replace(/[\s-]/g, '');

/**
 * Pairs of two learners of a class sharing one lab per course: the host's (labs.user_id = host). No HTTP
 * here; callers check that the trainer teaches the class. A pair ends when one member leaves: the one who
 * leaves starts again on a fresh lab of their own; the other keeps the pair's lab (it changes hands when
 * the host is the one who leaves). Progress rows are per learner and stay.
 */
export class ClassPairs {
  constructor(private readonly d: ClassPairsDeps) {}

  /** Whose lab `userId` works on for a course: their pair's host, else their own. */
  labOwnerFor(userId: string, courseId: string): string {
    return this.sharing(userId, courseId)?.hostId ?? userId;
  }

  /** The lab is the host's of a current pair of `userId` for a course of the pair's class. */
  mayUseLab(userId: string, lab: LabRecord): boolean {
    if (lab.userId === userId) return true;
    const pair = this.sharing(userId, lab.courseId);
    return pair?.hostId === lab.userId;
  }

  /** The pairs' labs the user works on and does not own (their hosts' labs of the pairs' courses). */
  sharedLabs(userId: string): LabRecord[] {
    return this.d.pairs.ofUser(userId).flatMap((p) => {
      const cls = this.d.classes.get(p.classId);
      if (!this.complete(p) || p.hostId === userId || !cls || cls.archivedAt) return [];
      return this.d.labs.listByUser(p.hostId).filter((l) => cls.courseIds.includes(l.courseId));
    });
  }

  /** Who sees a lab's status, results and shells: its owner and, for a pair's lab, the partner. */
  audience(labId: string, fallbackUserId: string): string[] {
    const lab = this.d.labs.get(labId);
    if (!lab) return [fallbackUserId];
    const pair = this.sharing(lab.userId, lab.courseId);
    return pair && pair.hostId === lab.userId ? pair.members : [lab.userId];
  }

  /**
   * A pass on a pair's lab counts for both: the other members get the attempt `userId` just recorded.
   * Returns whom it was recorded for.
   */
  sharePass(userId: string, labId: string, exerciseId: string, checks: unknown): string[] {
    const lab = this.d.labs.get(labId);
    if (!lab) return [];
    const others = this.audience(labId, userId).filter((id) => id !== userId);
    for (const id of others) this.d.progress.recordAttempt(id, lab.courseId, exerciseId, true, checks);
    return others;
  }

  /** The user's current pairs, as they see them. */
  mine(userId: string): PairView[] {
    return this.d.pairs.ofUser(userId).flatMap((p) => {
      const cls = this.d.classes.get(p.classId);
      if (!cls || cls.archivedAt) return [];
      const partnerId = p.members.find((id) => id !== userId) ?? null;
      return [
        {
          pairId: p.id,
          classId: p.classId,
          className: cls.name,
          host: p.hostId === userId,
          partnerId,
          partner: partnerId ? this.nameOf(p.classId, partnerId) : null,
          code: partnerId ? null : p.code,
          courseIds: cls.courseIds,
        },
      ];
    });
  }

  /** The learner's classes where pairing is open to them. */
  pairingClasses(userId: string): { id: string; name: string; learnerPairing: boolean }[] {
    return this.d.members.classesOfLearner(userId).flatMap((id) => {
      const c = this.d.classes.get(id);
      return c ? [{ id: c.id, name: c.name, learnerPairing: c.learnerPairing }] : [];
    });
  }

  /** Complete pairs of a class, by learner (the grid's `pair`). */
  byLearner(classId: string): Map<string, LearnerPair> {
    return learnerPairs(this.d.pairs, this.d.members, classId);
  }

  /** The trainer pairs two learners of the class (the first is the host). */
  pairLearners(cls: ClassRecord, a: string, b: string): { pairId: string } {
    if (a === b) throw new AppError('invalid-request', 'Un binôme réunit deux apprenants différents.');
    for (const id of [a, b]) {
      if (this.d.members.roleIn(cls.id, id) !== 'learner')
        throw new AppError('unknown-learner', 'Apprenant introuvable dans cette classe.');
      if (this.complete(this.d.pairs.currentOf(cls.id, id))) throw alreadyPaired();
    }
    this.cancelWaiting(cls.id, a);
    this.cancelWaiting(cls.id, b);
    const pairId = this.d.pairs.create(cls.id, a, [a, b], null);
    this.d.changed(cls.id, [a, b]);
    return { pairId };
  }

  /** A learner asks for a code their partner types; the same code while it waits. */
  createCode(userId: string, classId: string): PairView {
    const cls = this.learnerClass(userId, classId);
    if (!cls.learnerPairing) throw notAllowed();
    const current = this.d.pairs.currentOf(classId, userId);
    if (this.complete(current)) throw alreadyPaired();
    if (!current) {
      for (let tries = 0; ; tries++) {
        try {
          this.d.pairs.create(classId, userId, [userId], newCode());
          break;
        } catch (err) {
          if (tries >= 5 || !String((err as Error).message).includes('UNIQUE')) throw err;
        }
      }
    }
    return this.mine(userId).find((p) => p.classId === classId)!;
  }

  /** The partner types the code: the pair is complete and works on the code's author's labs. */
  joinByCode(userId: string, raw: string): PairView {
    const pair = this.d.pairs.byCode(normalizePairCode(raw));
    if (!pair || pair.members.length !== 1 || pair.hostId === userId) throw unknownCode();
    const cls = this.d.classes.get(pair.classId);
    if (!cls || cls.archivedAt || this.d.members.roleIn(cls.id, userId) !== 'learner') throw unknownCode();
    if (!cls.learnerPairing) throw notAllowed();
    if (this.complete(this.d.pairs.currentOf(cls.id, userId))) throw alreadyPaired();
    this.cancelWaiting(cls.id, userId);
    this.d.pairs.join(pair.id, cls.id, userId);
    this.d.changed(cls.id, pair.members.concat(userId));
    return this.mine(userId).find((p) => p.pairId === pair.id)!;
  }

  /** The learner leaves their pair in the class (or withdraws a code nobody typed yet). */
  async leave(userId: string, classId: string): Promise<void> {
    const pair = this.d.pairs.currentOf(classId, userId);
    if (!pair) throw notPaired();
    await this.dissolve(pair, userId);
  }

  /** The trainer unpairs: the partner who is not the host starts again on a fresh lab. */
  async unpair(cls: ClassRecord, pairId: string): Promise<void> {
    const pair = this.d.pairs.get(pairId);
    if (!pair || pair.classId !== cls.id) throw notPaired();
    await this.dissolve(pair, pair.members.find((id) => id !== pair.hostId) ?? pair.hostId);
  }

  /**
   * Ends the pair. The leaver's own lab of each course of the class goes (their next start is fresh);
   * the other member keeps the pair's lab, which is handed to them when the host leaves (their own old
   * lab of that course goes first: one lab per learner and course).
   */
  private async dissolve(pair: PairRecord, leaverId: string): Promise<void> {
    const cls = this.d.classes.get(pair.classId);
    const stayer = pair.members.find((id) => id !== leaverId);
    if (stayer) {
      for (const courseId of cls?.courseIds ?? []) {
        const shared = this.labOf(pair.hostId, courseId);
        if (leaverId === pair.hostId) {
          if (!shared) continue;
          const stale = this.labOf(stayer, courseId);
          if (stale) await this.d.removeLab(stayer, stale.id);
          this.d.pairs.transferLab(shared.id, stayer);
          await this.d.closeShells(leaverId, shared.id);
        } else {
          const stale = this.labOf(leaverId, courseId);
          if (stale) await this.d.removeLab(leaverId, stale.id);
          if (shared) await this.d.closeShells(leaverId, shared.id);
        }
      }
    }
    this.d.pairs.end(pair.id);
    this.d.changed(pair.classId, pair.members);
  }

  /** The complete pair through which `userId` shares a lab of this course. */
  private sharing(userId: string, courseId: string): PairRecord | undefined {
    for (const p of this.d.pairs.ofUser(userId)) {
      const cls = this.d.classes.get(p.classId);
      if (!cls || cls.archivedAt || !cls.courseIds.includes(courseId)) continue;
      // A member taken out of the class is out of the pair too, whatever its rows still say.
      const members = p.members.filter((id) => this.d.members.roleIn(p.classId, id) === 'learner');
      if (members.length >= 2 && members.includes(userId) && members.includes(p.hostId))
        return { ...p, members };
    }
    return undefined;
  }

  private complete(p: PairRecord | undefined): p is PairRecord {
    return !!p && p.members.length >= 2;
  }

  private cancelWaiting(classId: string, userId: string): void {
    const waiting = this.d.pairs.currentOf(classId, userId);
    if (waiting && waiting.members.length < 2) this.d.pairs.end(waiting.id);
  }

  private learnerClass(userId: string, classId: string): ClassRecord {
    const cls = this.d.classes.get(classId);
    if (!cls || cls.archivedAt || this.d.members.roleIn(classId, userId) !== 'learner')
      throw new AppError('unknown-class', 'Classe introuvable.');
    return cls;
  }

  private labOf(userId: string, courseId: string): LabRecord | undefined {
    return this.d.labs.listByUser(userId).find((l) => l.courseId === courseId);
  }

  private nameOf(classId: string, userId: string): string {
    return this.d.members.get(classId, userId)?.displayName ?? '';
  }
}

/** Complete pairs of a class, by learner: the grid's and the export's « Binôme ». */
export function learnerPairs(
  pairs: Pick<PairRepo, 'ofClass'>,
  members: Pick<ClassMemberRepo, 'list'>,
  classId: string,
): Map<string, LearnerPair> {
  const out = new Map<string, LearnerPair>();
  const current = pairs.ofClass(classId).filter((p) => p.members.length >= 2);
  if (current.length === 0) return out;
  const names = new Map(members.list(classId, 'learner').map((m) => [m.userId, m.displayName]));
  for (const p of current) {
    if (!p.members.every((id) => names.has(id))) continue; // a member left the class: no pair any more
    for (const id of p.members) {
      const partner = p.members.find((m) => m !== id)!;
      out.set(id, { pairId: p.id, partner: names.get(partner) ?? '', host: p.hostId === id });
    }
  }
  return out;
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < PAIR_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
