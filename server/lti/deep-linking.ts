// Deep linking (LTI-DL 2.0): the teacher's pick in our picker becomes a signed LtiDeepLinkingResponse
// (our current key) posted back to the platform's deep_link_return_url. Requests wait here in memory,
// single use, under an unguessable id that is the picker's only credential (it may run in the LMS's frame,
// where our session cookie does not travel).
import { randomBytes, randomUUID } from 'node:crypto';
import { ExpiringMap } from '../auth/expiring-map.js';
import type { LtiPlatform } from '../store/lti-platform-repo.js';
import { CLAIM } from './lti-claims.js';
import type { ToolKeys } from './tool-keys.js';

export const DEEP_LINK_TTL_MS = 15 * 60_000;
const MAX_PENDING = 2_000;

export interface DeepLinkRequest {
  platformId: string;
  deploymentId: string;
  returnUrl: string;
  data?: string;
  acceptMultiple: boolean;
  lang: 'fr' | 'en';
}

/** What the teacher picked: a course, or one exercise of it, and its title as the LMS will show it. */
export interface PickedItem {
  courseId: string;
  exerciseId?: string;
  title: string;
}

export class DeepLinks {
  private readonly byId = new ExpiringMap<DeepLinkRequest>(DEEP_LINK_TTL_MS, MAX_PENDING);

  add(req: DeepLinkRequest, now = Date.now()): string {
    const id = randomBytes(24).toString('base64url');
    this.byId.set(id, req, now);
    return id;
  }

  peek(id: string, now = Date.now()): DeepLinkRequest | undefined {
    return this.byId.peek(id, now);
  }

  take(id: string, now = Date.now()): DeepLinkRequest | undefined {
    return this.byId.take(id, now);
  }
}

/** Where a picked item launches: the course page, on the exercise when one was picked. */
export function targetUrl(origin: string, item: Pick<PickedItem, 'courseId' | 'exerciseId'>): string {
  const path = `/courses/${encodeURIComponent(item.courseId)}`;
  return `${origin}${path}${item.exerciseId ? `?ex=${encodeURIComponent(item.exerciseId)}` : ''}`;
}

/** The signed response JWT: resource links with a line item (1 point an exercise; a course: its exercise count). */
export function deepLinkingResponse(
  keys: ToolKeys,
  platform: LtiPlatform,
  req: DeepLinkRequest,
  items: (PickedItem & { exerciseCount: number })[],
  origin: string,
): Promise<string> {
  const contentItems = items.map((item) => ({
    type: 'ltiResourceLink',
    title: item.title,
    url: targetUrl(origin, item),
    custom: { course: item.courseId, ...(item.exerciseId ? { exercise: item.exerciseId } : {}) },
    lineItem: {
      scoreMaximum: item.exerciseId ? 1 : Math.max(1, item.exerciseCount),
      label: item.title,
      resourceId: item.exerciseId ? `${item.courseId}/${item.exerciseId}` : item.courseId,
      tag: 'atelier',
    },
  }));
  return keys.sign({
    iss: platform.clientId,
    aud: platform.issuer,
    nonce: randomUUID(),
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: req.deploymentId,
    [CLAIM.contentItems]: contentItems,
    ...(req.data !== undefined ? { [CLAIM.dlData]: req.data } : {}),
  });
}
