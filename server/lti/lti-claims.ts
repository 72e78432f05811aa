// The claim names of LTI 1.3 Core, Deep Linking 2.0, AGS 2.0 and NRPS 2.0 (IMS Global), and zod shapes
// for what a verified ID token must hold. jose checks the signature and the registered claims first.
import { z } from 'zod';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  dlData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
} as const;

export const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  members: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

export const ROLE = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
} as const;

/** Instructor (or a sub-role of it, or a context admin) teaches; everything else learns. */
export function teaches(roles: readonly string[]): boolean {
  return roles.some(
    (r) =>
      r === ROLE.instructor ||
      r.startsWith(`${ROLE.instructor}#`) ||
      r === 'http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator' ||
      r === 'Instructor',
  );
}

const common = {
  sub: z.string().min(1).max(255),
  name: z.string().max(200).optional(),
  given_name: z.string().max(200).optional(),
  family_name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  locale: z.string().max(35).optional(),
  [CLAIM.version]: z.literal('1.3.0'),
  [CLAIM.deploymentId]: z.string().min(1).max(255),
  [CLAIM.roles]: z.array(z.string()).default([]),
  [CLAIM.context]: z
    .object({ id: z.string().min(1).max(255), title: z.string().max(255).optional() })
    .optional(),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.nrps]: z.object({ context_memberships_url: z.url() }).optional(),
};

export const resourceLinkLaunch = z.object({
  ...common,
  [CLAIM.messageType]: z.literal('LtiResourceLinkRequest'),
  [CLAIM.targetLinkUri]: z.string().max(2048).optional(),
  [CLAIM.resourceLink]: z.object({ id: z.string().min(1).max(255) }),
  [CLAIM.ags]: z
    .object({
      scope: z.array(z.string()).default([]),
      lineitem: z.url().optional(),
      lineitems: z.url().optional(),
    })
    .optional(),
});

export const deepLinkingLaunch = z.object({
  ...common,
  [CLAIM.messageType]: z.literal('LtiDeepLinkingRequest'),
  [CLAIM.deepLinkingSettings]: z.object({
    deep_link_return_url: z.url(),
    accept_types: z.array(z.string()),
    accept_multiple: z.boolean().optional(),
    data: z.string().max(4096).optional(),
  }),
});

export const launchClaims = z.discriminatedUnion(CLAIM.messageType, [resourceLinkLaunch, deepLinkingLaunch]);
export type ResourceLinkLaunch = z.infer<typeof resourceLinkLaunch>;
export type DeepLinkingLaunch = z.infer<typeof deepLinkingLaunch>;
export type LaunchClaims = z.infer<typeof launchClaims>;
