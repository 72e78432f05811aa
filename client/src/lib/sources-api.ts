// The admin's course sources calls (docs/API.md, "Course sources").
import { request } from './api.js';

export interface SourceError {
  file: string;
  field?: string;
  message: string;
}

export interface CourseSource {
  id: string;
  kind: 'git' | 'folder';
  url: string;
  ref: string | null;
  currentVersion: string | null;
  courseIds: string[];
  /** The courses this server serves from it now. */
  serving: string[];
  updatedAt: number | null;
  attemptedAt: number | null;
  status: 'new' | 'updating' | 'ok' | 'failed';
  lastErrors: SourceError[];
  createdAt: number;
}

const enc = encodeURIComponent;

export const sourcesApi = {
  list: () => request<CourseSource[]>('GET', '/api/admin/sources'),
  add: (url: string, ref: string) =>
    request<CourseSource>('POST', '/api/admin/sources', ref ? { url, ref } : { url }),
  update: (id: string) => request<CourseSource>('POST', `/api/admin/sources/${enc(id)}/update`),
  remove: (id: string) => request<void>('DELETE', `/api/admin/sources/${enc(id)}`),
};
