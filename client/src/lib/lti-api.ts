// The LTI admin and class calls (docs/API.md, "LTI").
import { request } from './api.js';

export interface LtiToolValues {
  toolUrl: string;
  loginUrl: string;
  redirectUris: string[];
  keysetUrl: string;
  deepLinkingUrl: string;
}

export interface LtiPlatformInput {
  name: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authLoginUrl: string;
  tokenUrl: string;
  keysetUrl: string;
}

export interface LtiPlatform extends LtiPlatformInput {
  id: string;
  createdAt: number;
}

export interface LtiKey {
  kid: string;
  createdAt: number;
  retiredAt: number | null;
}

export interface LtiScoreView {
  id: number;
  userId: string;
  /** The learner's display name, else their username. */
  learner: string;
  courseId: string;
  exerciseId: string | null;
  scoreGiven: number;
  scoreMaximum: number;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

export interface LtiClassView {
  linked: boolean;
  platform: { id: string; name: string } | null;
  contextTitle: string | null;
  canImportRoster: boolean;
  scores: LtiScoreView[];
}

const enc = encodeURIComponent;

export const ltiApi = {
  platforms: () =>
    request<{ tool: LtiToolValues; platforms: LtiPlatform[] }>('GET', '/api/admin/lti/platforms'),
  addPlatform: (p: LtiPlatformInput) => request<LtiPlatform>('POST', '/api/admin/lti/platforms', p),
  removePlatform: (id: string) => request<void>('DELETE', `/api/admin/lti/platforms/${enc(id)}`),
  keys: () => request<LtiKey[]>('GET', '/api/admin/lti/keys'),
  rotateKeys: () => request<{ kid: string }>('POST', '/api/admin/lti/keys/rotate'),
  classView: (classId: string) => request<LtiClassView>('GET', `/api/classes/${enc(classId)}/lti`),
  importRoster: (classId: string) =>
    request<{ members: number; trainers: number; learners: number }>(
      'POST',
      `/api/classes/${enc(classId)}/lti/roster`,
    ),
  retryScore: (classId: string, scoreId: number) =>
    request<{ state: string }>('POST', `/api/classes/${enc(classId)}/lti/scores/${scoreId}/retry`),
};
