// Shapes of the HTTP API (docs/API.md). The client only reads them; the server validates.

export type Lang = 'fr' | 'en';

export interface AppConfig {
  defaultLang: Lang;
  registrationOpen: boolean;
  version: string;
}

export interface User {
  id: string;
  username: string;
  role: string;
}

export interface CourseSummary {
  id: string;
  title: string;
  description: string;
  exercises: { id: string; title: string }[];
}

export interface Exercise {
  id: string;
  title: string;
  lessonHtml: string;
  /** The author's text (show as text); `hintsHtml` is the same rendered and sanitized. */
  hints: string[];
  hintsHtml?: string[];
}

export interface CourseDetail {
  id: string;
  title: string;
  description: string;
  exercises: Exercise[];
}

export interface Lab {
  id: string;
  courseId: string;
  state: string;
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
