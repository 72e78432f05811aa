// Workshops over HTTP (docs/API.md, "Workshops"). Types of the server's answers are imported (types only).
import type { NewWorkshop, WorkshopPreview } from '../../../server/classes/workshop-service.js';
import { request } from './api.js';
import type { ClassView, User } from './types.js';

export type { WorkshopPreview };

/** What « Nouvel atelier » sends (the server's own type). */
export type NewWorkshopInput = NewWorkshop;

export interface WorkshopEntered {
  user: User;
  class: { id: string };
  courseId: string;
}

const enc = encodeURIComponent;

/** The short link a workshop's QR code carries (the path part). */
export const workshopPath = (joinCode: string): string => `/w/${joinCode}`;

export const workshopApi = {
  create: (input: NewWorkshopInput) => request<ClassView>('POST', '/api/workshops', input),
  preview: (code: string, lang: string) =>
    request<WorkshopPreview>('GET', `/api/workshops/${enc(code)}?lang=${lang}`),
  enter: (code: string, firstName: string, lang: string) =>
    request<WorkshopEntered>('POST', `/api/workshops/${enc(code)}/enter?lang=${lang}`, { firstName }),
  qrUrl: (classId: string) => `/api/classes/${enc(classId)}/workshop-qr.svg`,
};
