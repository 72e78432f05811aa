// Shapes of the HTTP API (docs/API.md). The client only reads them; the server validates.
// Types the server already declares are imported (types only: nothing of server/ is bundled).
import type { Lang } from '../../../server/courses/course-registry.js';
import type { ErrorParams } from '../../../server/errors/app-error.js';
import type { LabState } from '../../../server/labs/lab-types.js';
import type { ImageStatus as ImageState } from '../../../server/sandbox/sandbox-runtime.js';
import type { Role } from '../../../server/store/users-repo.js';

export type {
  CellStatus,
  ClassGrid,
  ClassProgressPayload,
  ClassView,
  GridCell,
  GridColumn,
  LearnerRow,
  MyClass,
} from '../../../server/classes/class-types.js';
export type { MessagePayload, WatchStarted } from '../../../server/realtime/events.js';
export type { ErrorParams, ImageState, Lang, LabState, Role };

export interface AppConfig {
  defaultLang: Lang;
  registrationOpen: boolean;
  version: string;
}

export interface User {
  id: string;
  username: string;
  role: Role;
  /** The name people see (set on joining a class or by the admin); absent: the username. */
  displayName?: string | null;
}

/** An account as the admin page lists it. */
export interface Account extends User {
  displayName: string | null;
  createdAt: number;
  labs: number;
}

export interface JoinPreview {
  name: string;
  joiningOpen: boolean;
  startsOn: string | null;
  endsOn: string | null;
}

export interface JoinResult {
  user: User & { displayName?: string };
  class: { id: string; name: string };
}

export interface NewClassInput {
  name: string;
  courseIds: string[];
  startsOn?: string | null;
  endsOn?: string | null;
  capacity?: number | null;
}

export type ClassPatch = Partial<NewClassInput> & { joiningOpen?: boolean; archived?: boolean };

export interface CourseSummary {
  id: string;
  title: string;
  description: string;
  exercises: { id: string; title: string }[];
  /** An imported course still in English, asked for in French: trainers see « Traduction à faire ». */
  untranslated?: true;
  /** Its lab image: not `ready` while the server builds it after a start (no lab can start meanwhile). */
  imageState?: ImageState;
}

export interface Exercise {
  id: string;
  title: string;
  lessonHtml: string;
  /** The author's text (show as text); `hintsHtml` is the same rendered and sanitized. */
  hints: string[];
  hintsHtml?: string[];
}

/** A port the course offers in the Browser tab (`title` in the asked language). */
export interface PreviewEntry {
  machine: string;
  port: number;
  path: string;
  title: string;
}

export interface CourseDetail {
  id: string;
  title: string;
  description: string;
  exercises: Exercise[];
  /** The introduction, shown before the first exercise (sanitized HTML), when the course has one. */
  introHtml?: string;
  /** The finish page, shown once every exercise passed (sanitized HTML), when the course has one. */
  finishHtml?: string;
  untranslated?: true;
  imageState?: ImageState;
  /** The lab's machines, the default first (`[{name:'lab'}]` for a one-machine course). */
  machines: { name: string }[];
  preview: PreviewEntry[];
}

/** Where a preview points: `http://<machine>:<port><path>` inside the learner's lab. */
export interface PreviewTarget {
  machine?: string;
  port: number;
  path?: string;
}

export interface Lab {
  id: string;
  courseId: string;
  /** A row's state from GET /api/labs, then the last `lab:status`. */
  state: LabState;
}

export interface CheckItem {
  id: string;
  passed: boolean;
  message: string;
}

export interface CheckResult {
  exerciseId: string;
  passed: boolean;
  checks: CheckItem[];
  durationMs?: number;
}

export interface ProgressEntry {
  courseId: string;
  exerciseId: string;
  completedAt: string | null;
  attempts: number;
}

export interface Health {
  status: 'ok' | 'degraded';
  docker?: { ok: boolean; version?: string };
}
