import type {
  AppConfig,
  CheckResult,
  CourseDetail,
  CourseSummary,
  Health,
  Lab,
  Lang,
  ProgressEntry,
  User,
} from './types.js';

/** An API failure: the server's machine reason and its human message (shown as is). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

let onUnauthorized: (() => void) | undefined;

/** Called when a request other than login/me answers 401 (the session expired). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network-error', '');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    if (res.status === 401 && path !== '/api/me' && !path.startsWith('/api/auth/')) onUnauthorized?.();
    const err = (data as { error?: { reason?: string; message?: string } } | undefined)?.error;
    throw new ApiError(res.status, err?.reason ?? `http-${res.status}`, err?.message ?? res.statusText);
  }
  return data as T;
}

const enc = encodeURIComponent;

export const api = {
  config: () => request<AppConfig>('GET', '/api/config'),
  health: () => healthCheck(),
  me: () => request<User>('GET', '/api/me'),
  login: (username: string, password: string) =>
    request<User>('POST', '/api/auth/login', { username, password }),
  register: (username: string, password: string) =>
    request<User>('POST', '/api/auth/register', { username, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  courses: (lang: Lang) => request<CourseSummary[]>('GET', `/api/courses?lang=${lang}`),
  course: (id: string, lang: Lang) => request<CourseDetail>('GET', `/api/courses/${enc(id)}?lang=${lang}`),
  labs: () => request<Lab[]>('GET', '/api/labs'),
  startLab: (courseId: string) => request<Lab>('POST', '/api/labs', { courseId }),
  resetLab: (id: string) => request<Lab>('POST', `/api/labs/${enc(id)}/reset`),
  deleteLab: (id: string) => request<void>('DELETE', `/api/labs/${enc(id)}`),
  check: (labId: string, exerciseId: string, lang: Lang) =>
    request<CheckResult>('POST', `/api/labs/${enc(labId)}/check?lang=${lang}`, { exerciseId }),
  progress: () => request<ProgressEntry[]>('GET', '/api/progress'),
};

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
