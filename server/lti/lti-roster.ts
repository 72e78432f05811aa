// Names and Roles (NRPS): the trainer imports the LMS course's members into its class; each person's
// account is found or made by (platform, sub) exactly as at a launch, so a later launch finds it.
import { AppError } from '../errors/app-error.js';
import type { LtiContextRepo } from '../store/lti-context-repo.js';
import type { LtiPlatformRepo } from '../store/lti-platform-repo.js';
import type { LtiEnrolment } from './lti-enrolment.js';
import type { PlatformServices } from './platform-services.js';

export interface RosterImport {
  members: number;
  trainers: number;
  learners: number;
}

export async function importRoster(
  d: {
    contexts: LtiContextRepo;
    platforms: LtiPlatformRepo;
    services: PlatformServices;
    enrolment: LtiEnrolment;
  },
  classId: string,
): Promise<RosterImport> {
  const context = d.contexts.byClass(classId);
  const platform = context && d.platforms.get(context.platformId);
  if (!context?.membershipsUrl || !platform)
    throw new AppError('lti-no-service', 'Cette classe n’a pas de liste de participants LTI à importer.');
  const members = await d.services.members(platform, context.membershipsUrl);
  const out: RosterImport = { members: 0, trainers: 0, learners: 0 };
  for (const m of members) {
    if (m.status && m.status !== 'Active') continue;
    const person = {
      sub: m.user_id,
      name: m.name,
      givenName: m.given_name,
      familyName: m.family_name,
      email: m.email,
      roles: m.roles,
    };
    const user = d.enrolment.account(platform, person);
    out[d.enrolment.enrol(classId, user, person.roles) === 'trainer' ? 'trainers' : 'learners']++;
    out.members++;
  }
  return out;
}
