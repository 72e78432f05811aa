// Shapes of the HTTP API (docs/API.md). The client only reads them; the server validates.
// Types the server already declares are imported (types only: nothing of server/ is bundled).
import type { SessionView } from '../../../server/classes/class-types.js';
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
  SessionView,
  TrainerAccount,
} from '../../../server/classes/class-types.js';
export type { MessagePayload, WatchStarted } from '../../../server/realtime/events.js';
export type { ErrorParams, ImageState, Lang, LabState, Role };

export interface AppConfig {
  defaultLang: Lang;
  registrationOpen: boolean;
  version: string;
  /** Single sign-on providers offered on the login and join pages; absent from an older server. */
  sso?: { providers: SsoProvider[] };
  /** false: only admins log in with a local password (learners use a provider); absent means true. */
  localLogin?: boolean;
}

/** An outside identity provider: OpenID Connect, CAS or SAML (a button) or a directory (LDAP: the password form). */
export interface SsoProvider {
  id: string;
  kind: 'oidc' | 'ldap' | 'cas' | 'saml';
  name: { fr: string; en: string };
}

/** A provider's account linked to an Atelier account, as the admin page lists it (and as a link answers it). */
export type {
  IdentityView as LinkedIdentity,
  IdentityRecord,
} from '../../../server/store/identities-repo.js';

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
  /** Why joining is closed (`ended`: past the class's end date or last session); null while open. */
  closedReason?: 'closed' | 'archived' | 'ended' | null;
  /** When joining closes (or closed) by itself (ISO); null = never. */
  joiningClosesAt?: string | null;
  /** The class's time zone, when the server says it (dates are shown in it). */
  timeZone?: string;
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

export type ClassPatch = Partial<NewClassInput> & {
  joiningOpen?: boolean;
  archived?: boolean;
  timeZone?: string;
  learnerCatchUp?: boolean;
  learnerPairing?: boolean;
};

/** A class's timetable as `GET /api/classes/:id/sessions` gives it. */
export interface SessionList {
  sessions: SessionView[];
  /** Minutes before a session when its course's warm pool grows. */
  leadMinutes: number;
  /** The host's cap on running labs (ATELIER_MAX_LABS). */
  maxLabs: number;
}

/** `POST /api/classes/:id/sessions`: `repeatDays` consecutive days (1 = that day only). */
export interface NewSessionInput {
  courseId: string;
  date: string;
  start: string;
  end: string;
  expected: number;
  repeatDays?: number;
}

/** A saved state of a lab: the machine as it was when `exerciseId` passed. */
export interface Checkpoint {
  exerciseId: string;
  createdAt: string;
  bytes: number;
}

export interface LabCheckpoints {
  checkpoints: Checkpoint[];
  /** Whether this learner may catch up by themselves on this lab's course. */
  catchUp: boolean;
}

/** `POST /api/classes/:id/bring-to`: `catch-up` runs the reference solutions, `restore` uses checkpoints. */
export type BringMode = 'catch-up' | 'restore';

export interface BringToResult {
  queued: string[];
  skipped: { userId: string; reason: string }[];
}

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
  /** What the checks verify, in the learner's words, one per check (its id), in order. */
  criteria?: Criterion[];
  /** The files the exercise is about (the editor offers them first; the lesson links to them). */
  files?: { machine: string; path: string }[];
}

/** One criterion of an exercise: a check's id and what it verifies, in the learner's words. */
export interface Criterion {
  id: string;
  text: string;
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
  /** Completed by a catch-up (the course's solution ran), not by the learner. */
  skipped?: boolean;
}

export interface Health {
  status: 'ok' | 'degraded';
  docker?: { ok: boolean; version?: string };
}
