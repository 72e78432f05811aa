// Pairs over HTTP (docs/API.md, "Pairs"). Types of the server's answers are imported (types only).
import type { LearnerPair, PairView } from '../../../server/classes/class-pairs.js';
import { request } from './api.js';

export type { LearnerPair, PairView };

/** GET /api/pairs: the learner's pairs and their classes (whether learners may pair themselves there). */
export interface MyPairs {
  pairs: PairView[];
  classes: { id: string; name: string; learnerPairing: boolean }[];
}

const enc = encodeURIComponent;

export const pairApi = {
  mine: () => request<MyPairs>('GET', '/api/pairs'),
  createCode: (classId: string) => request<PairView>('POST', '/api/pairs/code', { classId }),
  join: (code: string) => request<PairView>('POST', '/api/pairs/join', { code }),
  leave: (classId: string) => request<void>('POST', '/api/pairs/leave', { classId }),
  pair: (classId: string, userIds: [string, string]) =>
    request<{ pairId: string }>('POST', `/api/classes/${enc(classId)}/pairs`, { userIds }),
  unpair: (classId: string, pairId: string) =>
    request<void>('DELETE', `/api/classes/${enc(classId)}/pairs/${enc(pairId)}`),
};
