// Shapes of the class API and of the `class:progress` feed, shared (types only) with the client.

export type CellStatus = 'done' | 'in-progress' | 'failing' | 'not-started';

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
  trainers: string[];
  createdAt: string;
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
  /** `message` from a trainer; `lab-reset` when a trainer reset the learner's lab (the client words it). */
  kind: 'message' | 'lab-reset';
  classId: string;
  className: string;
  from: string;
  text: string;
  courseId?: string;
  at: string;
}
