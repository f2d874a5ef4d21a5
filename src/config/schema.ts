/**
 * The platform: one typed document that feeds the cluster layer (src/) and the cloud layer (infra/). Two schemas
 * of the same fields: `platformFileSchema` is what a person writes (most fields optional), `platformSchema` what the
 * code reads once resolve.ts has filled in every default.
 */
import { z } from 'zod';
import { deepOptional } from './deep-optional';
import { githubSchema, gitopsSchema } from './delivery';
import { environmentSchema } from './environment';
import { monitoringSchema } from './monitoring';
import { dnsLabel, imageTag } from './primitives';
import { profileFileSchema, profileSchema } from './profile';
import { checkPlatformRules } from './rules';
import { serviceDefinitionSchema } from './service';
import { sopSchema } from './sop';

const appSchema = z.strictObject({
  name: dnsLabel,
  /**
   * `app.kubernetes.io/part-of` of every object.
   * @default the app name
   */
  partOf: dnsLabel,
  /** `owner` tag of every AWS resource. */
  owner: z.string().min(1, 'must not be empty'),
});

const imageSchema = z.strictObject({
  repository: z
    .string()
    .regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+$/, 'must be an image repository such as registry/org/name'),
  /** The delivery pipeline sets it to the git short SHA through IMAGE_TAG. */
  tag: imageTag,
});

const services = z.record(dnsLabel, serviceDefinitionSchema);

export const platformShape = z.strictObject({
  app: appSchema,
  image: imageSchema,
  gitops: gitopsSchema,
  github: githubSchema,
  /** Environments in the order a release moves through them; each appears once. */
  promotion: z.array(dnsLabel),
  /** Every profile an environment may name: the built-in ones with the file's changes, and the file's own. */
  profiles: z.record(dnsLabel, profileSchema),
  services,
  monitoring: monitoringSchema,
  /** The standard operating procedures' data: what the restore drill checks. */
  sop: sopSchema.optional(),
  environments: z.record(dnsLabel, environmentSchema),
});

export const platformSchema = platformShape.superRefine(checkPlatformRules);

/** Fields of an environment the file must state: everything else has a default. */
const REQUIRED_ENVIRONMENT_FIELDS = [
  'profile',
  'domain',
  'aws',
  'aws.accountId',
  'aws.region',
  'aws.network',
  'aws.network.vpcCidr',
  'aws.dr.region',
  'aws.dr.network',
  'aws.dr.network.vpcCidr',
];

export const platformFileSchema = z.strictObject({
  app: appSchema.partial({ partOf: true }),
  image: imageSchema,
  gitops: gitopsSchema,
  github: githubSchema,
  /**
   * Environments in the order a release moves through them; each appears once.
   * @default the order of `environments`
   */
  promotion: z.array(dnsLabel).optional(),
  /** Changes to the built-in profiles (production, non-production) and profiles of your own. */
  profiles: z.record(dnsLabel, profileFileSchema).optional(),
  /** The services of the app, by name: what each one is, the same in every environment. */
  services: services.refine((map) => Object.keys(map).length > 0, 'must declare at least one service'),
  monitoring: monitoringSchema,
  /**
   * The standard operating procedures' data: what the restore drill (SOP-01) checks.
   * @default none: `npm run sop -- drill` then refuses to run
   */
  sop: sopSchema.optional(),
  /** The environments, by name (a DNS label). */
  environments: z
    .record(dnsLabel, deepOptional(environmentSchema, REQUIRED_ENVIRONMENT_FIELDS))
    .refine((map) => Object.keys(map).length > 0, 'must declare at least one environment'),
});

export type Platform = z.infer<typeof platformShape>;
/** The platform file as parsed, before resolve.ts fills in the defaults. */
export type PlatformFile = z.infer<typeof platformFileSchema>;
