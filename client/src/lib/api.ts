import { requestHealthCheck } from './app-events.js';
import { errorMessage, type Reason } from './error-messages.js';
import { i18n } from './i18n.js';
import type { ServerTimeLeft } from './time-left.js';
import type {
  Account,
  AppConfig,
  BringMode,
  BringToResult,
  CheckResult,
  ClassGrid,
  ClassPatch,
  ClassView,
  CourseDetail,
  CourseSummary,
  ErrorParams,
  Health,
  ImageState,
  JoinPreview,
  JoinResult,
  Lab,
  LabCheckpoints,
  Lang,
  IdentityRecord,
  LinkedIdentity,
  MyClass,
  PreviewTarget,
  NewClassInput,
  NewSessionInput,
  ProgressEntry,
  Role,
  SessionList,
  SessionView,
  User,
} from './types.js';

/**
 * An API failure: the HTTP status (0: no answer), the machine reason, the server's message (French, a
 * fallback only: see errorText) and the reason's params (e.g. `{wait}` seconds).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: Reason,
    message: string,
    readonly params?: ErrorParams,
  ) {
    super(message);
  }
}

/** Anything that failed with a reason: an ApiError, a socket ack `{ok:false,…}`, a failed terminal. */
interface Failure {
  reason: string;
  message?: string;
  params?: ErrorParams;
}

const isFailure = (e: unknown): e is Failure =>
  typeof e === 'object' && e !== null && typeof (e as Failure).reason === 'string';

/** What the user reads for a failure, in their language; a value without a reason means "no answer". */
export function errorText(err: unknown, lang = i18n.lang): string {
  return isFailure(err)
    ? errorMessage(lang, err.reason, err.params, err.message)
    : errorMessage(lang, 'network-error');
}

let onUnauthorized: (() => void) | undefined;

/** Called when a request other than login/me answers 401 (the session expired). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** The last request found no server (network down): the next answer tells the shell it is back. */
let unreachable = false;

/** Exported for parts with their own API module (lib/workshop-api.ts). */
export function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  return body === undefined
    ? send<T>(method, path, { accept: 'application/json' })
    : send<T>(method, path, { 'content-type': 'application/json' }, JSON.stringify(body));
}

/** A request with its own headers and a body sent as is (a file's text); answered like `request`. */
export async function send<T>(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method, credentials: 'same-origin', headers, body });
  } catch {
    unreachable = true;
    throw new ApiError(0, 'network-error', '');
  }
  if (unreachable) {
    // The first answer after a network failure: the shell's « Le serveur ne répond pas » goes at once.
    unreachable = false;
    requestHealthCheck();
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    if (res.status === 401 && path !== '/api/me' && !path.startsWith('/api/auth/')) onUnauthorized?.();
    const err = (data as { error?: { reason?: Reason; message?: string; params?: ErrorParams } } | undefined)
      ?.error;
    throw new ApiError(
      res.status,
      err?.reason ?? `http-${res.status}`,
      err?.message ?? res.statusText,
      err?.params,
    );
  }
  return data as T;
}

const enc = encodeURIComponent;

export const api = {
  config: () => request<AppConfig>('GET', '/api/config'),
  health: () => healthCheck(),
  me: () => request<User>('GET', '/api/me'),
  /** `provider`: an LDAP provider's id (the directory checks the password); absent: a local account. */
  login: (username: string, password: string, provider?: string) =>
    request<User>('POST', '/api/auth/login', { username, password, ...(provider ? { provider } : {}) }),
  register: (username: string, password: string) =>
    request<User>('POST', '/api/auth/register', { username, password }),
  /** `endSessionUrl`: the session came from a provider the person may also leave (204: nothing to add). */
  logout: async () =>
    (await request<{ endSessionUrl?: string; providerId?: string } | undefined>(
      'POST',
      '/api/auth/logout',
    )) ?? {},
  courses: (lang: Lang) => request<CourseSummary[]>('GET', `/api/courses?lang=${lang}`),
  course: (id: string, lang: Lang) => request<CourseDetail>('GET', `/api/courses/${enc(id)}?lang=${lang}`),
  courseImage: (id: string) => request<ImageState>('GET', `/api/courses/${enc(id)}/image`),
  labs: () => request<Lab[]>('GET', '/api/labs'),
  startLab: (courseId: string) => request<Lab>('POST', '/api/labs', { courseId }),
  resetLab: (id: string) => request<Lab>('POST', `/api/labs/${enc(id)}/reset`),
  deleteLab: (id: string) => request<void>('DELETE', `/api/labs/${enc(id)}`),
  check: (labId: string, exerciseId: string, lang: Lang) =>
    request<CheckResult>('POST', `/api/labs/${enc(labId)}/check?lang=${lang}`, { exerciseId }),
  /** A capability URL of the lab's own web page (served sandboxed, on an opaque origin). */
  preview: (labId: string, target: PreviewTarget) =>
    request<{ url: string }>('POST', `/api/labs/${enc(labId)}/preview`, target),
  progress: () => request<ProgressEntry[]>('GET', '/api/progress'),
  // Time left before an idle lab sleeps (lib/time-left.ts)
  keepAlive: (labId: string) => request<ServerTimeLeft>('POST', `/api/labs/${enc(labId)}/keep-alive`),
  extendClassLabs: (classId: string) =>
    request<{ labs: number; keepUntil: string }>('POST', `/api/classes/${enc(classId)}/extend`),
  // Checkpoints and catch-up (learners, on their own lab)
  labCheckpoints: (id: string) => request<LabCheckpoints>('GET', `/api/labs/${enc(id)}/checkpoints`),
  catchUpLab: (id: string, exerciseId: string) =>
    request<Lab>('POST', `/api/labs/${enc(id)}/catch-up`, { exerciseId }),
  restoreLab: (id: string, exerciseId: string) =>
    request<Lab>('POST', `/api/labs/${enc(id)}/restore`, { exerciseId }),
  // Classes (trainers)
  classes: (archived = false) => request<ClassView[]>('GET', `/api/classes${archived ? '?archived=1' : ''}`),
  createClass: (input: NewClassInput) => request<ClassView>('POST', '/api/classes', input),
  getClass: (id: string) => request<ClassView>('GET', `/api/classes/${enc(id)}`),
  updateClass: (id: string, patch: ClassPatch) =>
    request<ClassView>('PATCH', `/api/classes/${enc(id)}`, patch),
  newJoinCode: (id: string) => request<ClassView>('POST', `/api/classes/${enc(id)}/code`),
  classGrid: (id: string, lang: Lang) =>
    request<ClassGrid>('GET', `/api/classes/${enc(id)}/progress?lang=${lang}`),
  resetLearnerLab: (classId: string, userId: string, courseId: string, clearProgress: boolean) =>
    request<Lab>('POST', `/api/classes/${enc(classId)}/learners/${enc(userId)}/reset`, {
      courseId,
      clearProgress,
    }),
  /** `catch-up`: the learner's lab brought to the start of `exerciseId`; `restore`: to its checkpoint. */
  recoverLearnerLab: (
    classId: string,
    userId: string,
    mode: BringMode,
    body: { courseId: string; exerciseId: string; message?: string },
  ) => request<Lab>('POST', `/api/classes/${enc(classId)}/learners/${enc(userId)}/${mode}`, body),
  learnerCheckpoints: (classId: string, userId: string, courseId: string) =>
    request<Pick<LabCheckpoints, 'checkpoints'>>(
      'GET',
      `/api/classes/${enc(classId)}/learners/${enc(userId)}/checkpoints?courseId=${enc(courseId)}`,
    ),
  bringTo: (
    classId: string,
    body: { courseId: string; exerciseId: string; mode: BringMode; message?: string; learners?: string[] },
  ) => request<BringToResult>('POST', `/api/classes/${enc(classId)}/bring-to`, body),
  sessions: (classId: string, lang: Lang) =>
    request<SessionList>('GET', `/api/classes/${enc(classId)}/sessions?lang=${lang}`),
  addSessions: (classId: string, input: NewSessionInput, lang: Lang) =>
    request<{ sessions: SessionView[] }>('POST', `/api/classes/${enc(classId)}/sessions?lang=${lang}`, input),
  deleteSession: (classId: string, sessionId: string) =>
    request<void>('DELETE', `/api/classes/${enc(classId)}/sessions/${enc(sessionId)}`),
  addTrainer: (classId: string, username: string) =>
    request<ClassView>('POST', `/api/classes/${enc(classId)}/trainers`, { username }),
  removeTrainer: (classId: string, userId: string) =>
    request<ClassView>('DELETE', `/api/classes/${enc(classId)}/trainers/${enc(userId)}`),
  /** A learner's lab preview (port: the course's first preview entry, else 80). */
  learnerPreview: (classId: string, labId: string, target: Partial<PreviewTarget> = {}) =>
    request<{ url: string }>('POST', `/api/classes/${enc(classId)}/labs/${enc(labId)}/preview`, target),
  // Joining (learners)
  joinPreview: (code: string) => request<JoinPreview>('GET', `/api/join/${enc(code)}`),
  join: (body: { code: string; displayName?: string; password?: string }) =>
    request<JoinResult>('POST', '/api/join', body),
  myClasses: (lang: Lang) => request<MyClass[]>('GET', `/api/me/classes?lang=${lang}`),
  // First admin and accounts (admins)
  setupNeeded: () => request<{ needed: boolean }>('GET', '/api/setup'),
  setup: (token: string, username: string, password: string) =>
    request<User>('POST', '/api/setup', { token, username, password }),
  users: () => request<Account[]>('GET', '/api/admin/users'),
  createUser: (body: { username: string; password: string; role: Role; displayName?: string }) =>
    request<Account>('POST', '/api/admin/users', body),
  updateUser: (id: string, patch: { role?: Role; password?: string }) =>
    request<Account>('PATCH', `/api/admin/users/${enc(id)}`, patch),
  deleteUser: (id: string) => request<void>('DELETE', `/api/admin/users/${enc(id)}`),
  // Accounts of the identity providers (admins)
  identities: () => request<LinkedIdentity[]>('GET', '/api/admin/identities'),
  linkIdentity: (body: { providerId: string; subject: string; username: string }) =>
    request<{ identity: IdentityRecord; removedAccount?: string }>(
      'POST',
      '/api/admin/identities/link',
      body,
    ),
  unlinkIdentity: (providerId: string, subject: string) =>
    request<void>('DELETE', `/api/admin/identities/${enc(providerId)}/${enc(subject)}`),
};

/** Download link of a class export (a plain link: the browser saves the file). */
export function exportUrl(classId: string, format: 'csv' | 'csv-semicolon' | 'json', lang: Lang): string {
  const q = new URLSearchParams({ format: format === 'json' ? 'json' : 'csv', lang });
  if (format === 'csv-semicolon') q.set('sep', 'semicolon');
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (tz) q.set('tz', tz);
  return `/api/classes/${enc(classId)}/export?${q}`;
}

/** /api/health answers 503 with a body when Docker is down: that is a result, not an error. */
async function healthCheck(): Promise<Health> {
  try {
    const res = await fetch('/api/health', { headers: { accept: 'application/json' } });
    const data = (await res.json()) as Health;
    return res.ok ? data : { ...data, status: 'degraded' };
  } catch {
    return { status: 'degraded' };
  }
}
