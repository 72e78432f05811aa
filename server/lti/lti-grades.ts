// Grades to the LMS (AGS): a learner's pass queues a score for each line item their launches named
// (one exercise: 1 of 1; a whole course: exercises passed of all), sent at once and retried with a
// backoff when the platform fails. The queue lives in SQLite, so a restart resumes it.
import type { Logger } from '../observability/logger.js';
import type { LtiContextRepo } from '../store/lti-context-repo.js';
import type { LtiPlatformRepo } from '../store/lti-platform-repo.js';
import type { LtiScore, LtiScoreRepo } from '../store/lti-score-repo.js';
import type { PlatformServices } from './platform-services.js';

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 3_600_000;
export const RETRY_EVERY_MS = 15_000;

export interface LtiGradesDeps {
  contexts: LtiContextRepo;
  platforms: LtiPlatformRepo;
  scores: LtiScoreRepo;
  services: PlatformServices;
  /** Exercises of the course, and those the learner has passed. */
  exerciseIds(courseId: string): string[];
  passed(userId: string, courseId: string): Set<string>;
  logger: Logger;
}

/** Delay before attempt `attempts + 1`; null once MAX_ATTEMPTS failed (then only a trainer's retry sends it). */
export function nextDelay(attempts: number): number | null {
  return attempts >= MAX_ATTEMPTS ? null : Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempts - 1));
}

export class LtiGrades {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly d: LtiGradesDeps) {}

  /** Retries due scores every RETRY_EVERY_MS until stop(). */
  start(): void {
    this.timer ??= setInterval(() => void this.flush(), RETRY_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A pass in a course: queues its scores and sends them (the returned promise ends after the attempt). */
  onPass(userId: string, courseId: string, exerciseId: string): Promise<void> {
    const links = this.d.contexts.gradeLinks(userId, courseId);
    if (!links.length) return Promise.resolve();
    const passed = this.d.passed(userId, courseId);
    const all = this.d.exerciseIds(courseId);
    for (const link of links) {
      if (link.exerciseId && link.exerciseId !== exerciseId) continue;
      const [given, max] = link.exerciseId ? [1, 1] : [all.filter((id) => passed.has(id)).length, all.length];
      this.d.scores.enqueue({ ...link, scoreGiven: given, scoreMaximum: Math.max(1, max) });
    }
    return this.flush();
  }

  /** Sends every due score once; runs one after the other (a call during a run waits, then runs again). */
  flush(): Promise<void> {
    const run = this.running.then(() => this.sendDue());
    this.running = run.catch((err: unknown) => this.d.logger.error({ err }, 'LTI: the score queue failed'));
    return run;
  }

  private async sendDue(): Promise<void> {
    for (const score of this.d.scores.due(Date.now())) await this.send(score);
  }

  private async send(s: LtiScore): Promise<void> {
    const platform = this.d.platforms.get(s.platformId);
    if (!platform) return;
    try {
      await this.d.services.postScore(platform, s.lineitemUrl, {
        userId: s.subject,
        scoreGiven: s.scoreGiven,
        scoreMaximum: s.scoreMaximum,
        completed: s.scoreGiven >= s.scoreMaximum,
      });
      this.d.scores.markSent(s.id);
    } catch (err) {
      const delay = nextDelay(s.attempts + 1);
      this.d.scores.markFailed(s.id, (err as Error).message, delay === null ? null : Date.now() + delay);
      this.d.logger.warn({ err, scoreId: s.id, platform: s.platformId }, 'LTI: posting a score failed');
    }
  }
}
