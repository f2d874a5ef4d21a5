/** One environment (qa, staging, production): where it runs, what it talks to and how big it is. */
import { z } from 'zod';
import { networkPlanSchema } from './network';
import { awsRegion, cidr, dnsLabel, hostname, port, positiveInt, secretName } from './primitives';
import { serviceSizingSchema } from './service';

export const ENVIRONMENT_NAMES = ['qa', 'staging', 'production'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

const s3BucketName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'must be an S3 bucket name (3 to 63 lower-case letters, digits, "." and "-")',
  );

const regionSchema = z.strictObject({
  region: awsRegion,
  /** Availability zones, full names (eu-west-1a); their count is the topology spread's minDomains. */
  zones: z.array(z.string().min(1)).min(1, 'must list at least one zone'),
  network: networkPlanSchema,
  /**
   * S3 bucket in this region that holds the Terraform state of this region's stack (locked with an S3
   * lockfile). Each region keeps its own state, so losing one region never locks the rebuild out of its state.
   */
  stateBucket: s3BucketName,
});

export const environmentSchema = z.strictObject({
  namespace: dnsLabel,
  /** Public DNS zone of the environment: the `api` service is served at api.<domain>. */
  domain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a DNS domain such as qa.your-app.example.com'),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']),
  /** SOP-02 step 2: cut every app pod off from the database while everything else keeps working. */
  dbIsolation: z.boolean(),
  aws: z.strictObject({
    accountId: z.string().regex(/^[0-9]{12}$/, 'must be a 12-digit AWS account id'),
    ...regionSchema.shape,
    /** Disaster-recovery region; required for production. */
    dr: regionSchema.optional(),
  }),
  cluster: z.strictObject({
    kubernetesVersion: z.string().regex(/^1\.[0-9]{2}$/, 'must be a Kubernetes minor version such as 1.31'),
    nodeInstanceTypes: z.array(z.string().min(1)).min(1, 'must list at least one instance type'),
    nodesPerZone: z.strictObject({ min: positiveInt, max: positiveInt }),
    /**
     * Source CIDRs allowed to reach the public Kubernetes API endpoint (VPN or CI egress); nodes use the
     * private endpoint. Empty turns the public endpoint off.
     * @default []
     */
    publicAccessCidrs: z.array(cidr).default([]),
  }),
  database: z.strictObject({
    /** Stable DNS name of the primary; SOP-02 step 4 repoints the app by changing only this value. */
    host: hostname,
    port,
    name: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a PostgreSQL identifier (lower case, digits, "_")'),
    /** Secrets Manager secret holding `username` and `password`; infra creates it, ExternalSecret reads it. */
    credentialsSecret: secretName,
    instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an RDS instance class such as db.r6g.large'),
    allocatedStorageGiB: z.number().int().min(20, 'must be >= 20'),
    engineVersion: z.string().regex(/^1[5-7](\.[0-9]+)?$/, 'must be a PostgreSQL major version 15 to 17'),
    backupRetentionDays: z
      .number()
      .int()
      .min(7, 'must be >= 7 (point-in-time restore window)')
      .max(35, 'must be <= 35'),
  }),
  redis: z.strictObject({
    host: hostname,
    port,
    /** Secrets Manager secret holding the AUTH token (`token`); infra creates it, ExternalSecret reads it. */
    authSecret: secretName,
    nodeType: z
      .string()
      .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an ElastiCache node type such as cache.r7g.large'),
  }),
  services: z.record(z.string(), serviceSizingSchema),
});

export type Environment = z.infer<typeof environmentSchema>;
export type RegionPlan = z.infer<typeof regionSchema>;
