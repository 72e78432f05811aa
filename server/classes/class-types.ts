// Shapes of the class API and of the `class:progress` feed, shared (types only) with the client.

/** `skipped`: brought past by a catch-up (the course's solution ran), not done by the learner. */
export type CellStatus = 'done' | 'skipped' | 'in-progress' | 'failing' | 'not-started';

export interface GridCell {
  status: CellStatus;
  attempts: number;
  completedAt: string | null;
  /** The first failing check of the last recorded attempt (status `failing`). */
  message?: string;
  /** Active time on the exercise (terminal activity; pauses over 2 minutes do not count). */
  activeMs: number;
}

export interface GridColumn {
  courseId: string;
  courseTitle: string;
  exerciseId: string;
  title: string;
}

export interface CurrentExercise {
  courseId: string;
  exerciseId: string;
  activeMs: number;
  startedAt: string | null;
}

export interface LearnerRow {
  userId: string;
  username: string;
  displayName: string;
  joinedAt: string;
  labs: { courseId: string; labId: string; state: string }[];
  /** Keyed `courseId/exerciseId`. */
  cells: Record<string, GridCell>;
  done: number;
  total: number;
  /** The first exercise not done in the course the learner worked on last; null before any activity. */
  current: CurrentExercise | null;
  lastActiveAt: string | null;
  /** Active recently, and at least `stuckAfterMs` of activity on the current exercise without passing it. */
  stuck: boolean;
  /** The learner works in a pair: the partner's display name; `host`: on this learner's labs. */
  pair?: { pairId: string; partner: string; host: boolean };
}

export interface ClassView {
  id: string;
  name: string;
  joinCode: string;
  joiningOpen: boolean;
  startsOn: string | null;
  endsOn: string | null;
  capacity: number | null;
  archived: boolean;
  courseIds: string[];
  learnerCount: number;
  /** Display names (kept for older clients); `trainerAccounts` has who they are. */
  trainers: string[];
  trainerAccounts: TrainerAccount[];
  /** IANA time zone its dates and sessions are read in. */
  timeZone: string;
  /** Learners may catch up to an exercise themselves (trainers always may for them). */
  learnerCatchUp: boolean;
  /** Learners may pair themselves with a short code (trainers always may pair them). */
  learnerPairing: boolean;
  /** When joining closes by itself: the end of `endsOn` or of the last session (ISO); null = never. */
  joiningClosesAt: string | null;
  createdAt: string;
  /** `workshop`: visitors without accounts in a window (ISO `opensAt`–`closesAt`), `graceMin` after it. */
  kind?: 'class' | 'workshop';
  opensAt?: string | null;
  closesAt?: string | null;
  graceMin?: number | null;
  /** Workshops: seats taken now (visitors and accounts); after its end, the counts it keeps. */
  seatsTaken?: number | null;
  endedAt?: string | null;
  visitorsTotal?: number | null;
  passesTotal?: number | null;
}

export interface TrainerAccount {
  userId: string;
  username: string;
  displayName: string;
}

/** One session of a class's timetable (`GET /api/classes/:id/sessions`). */
export interface SessionView {
  id: string;
  courseId: string;
  /** In the class's time zone: `YYYY-MM-DD`, `HH:MM`, `HH:MM`. */
  date: string;
  start: string;
  end: string;
  expected: number;
  startsAt: string;
  endsAt: string;
  /** upcoming; warming (within the lead time before it); running; over. */
  state: 'upcoming' | 'warming' | 'running' | 'over';
  /** The course's warm pool now (while warming or running): ready and preparing containers, its target. */
  pool: { ready: number; preparing: number; target: number } | null;
  /** Labs this session can have ready on this host (the admission cap shared with overlapping sessions). */
  hostCanHold: number;
  /** false: the host cannot hold `expected`; `capacityNote` says why, in the request's language. */
  fits: boolean;
  capacityNote?: string;
}

export interface ClassGrid {
  class: ClassView;
  columns: GridColumn[];
  learners: LearnerRow[];
  stuckAfterMs: number;
  /** A learner counts as active when their last activity is more recent than this. */
  activeWindowMs: number;
  generatedAt: string;
}

/** A learner's class as they see it on their home page. */
export interface MyClass {
  id: string;
  name: string;
  startsOn: string | null;
  endsOn: string | null;
  trainers: string[];
  courses: { id: string; title: string }[];
}

/** `class:progress`: one learner's row changed (or the learner left the class: `removed`). */
export type ClassProgressPayload =
  { classId: string; learner: LearnerRow } | { classId: string; removed: string };

/** A toast for a learner (`message:received`). */
export interface MessagePayload {
  id: string;
  /**
   * `message` from a trainer; `lab-reset`, `lab-catch-up` (to `exerciseId`), `lab-restore` (the checkpoint
   * of `exerciseId`) when a trainer did that to the learner's lab (the client words it; `text` is the
   * trainer's own words, possibly empty).
   */
  kind: 'message' | 'lab-reset' | 'lab-catch-up' | 'lab-restore';
  exerciseId?: string;
  classId: string;
  className: string;
  from: string;
  text: string;
  courseId?: string;
  at: string;
}
