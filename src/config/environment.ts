/**
 * One environment, resolved: every field set, from the file, the environment's profile or a derived default (see
 * resolve.ts). The file may leave out any field that has a default; `environmentFileSchema` is what it may contain.
 */
import { z } from 'zod';
import { addonSwitchesSchema } from './addons';
import { ALERT_NAMES, SEVERITIES } from './alert-severities';
import { networkPlanSchema } from './network';
import { awsRegion, cidr, dnsLabel, hostname, port, positiveInt, secretName } from './primitives';
import { serviceSizingSchema } from './service';

const s3BucketName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'must be an S3 bucket name (3 to 63 lower-case letters, digits, "." and "-")',
  );

/** How a release enters an environment: see `approval`. */
export const APPROVALS = ['automatic', 'required-reviewers'] as const;
export type Approval = (typeof APPROVALS)[number];

/** An EKS add-on version as AWS publishes it: `v1.21.1-eksbuild.3`. */
const eksAddonVersion = z
  .string()
  .regex(/^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$/, 'must be an EKS add-on version such as v1.21.1-eksbuild.3');

export const accountId = z.string().regex(/^[0-9]{12}$/, 'must be a 12-digit AWS account id');

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** An IAM user or role that may assume a break-glass role. */
const iamPrincipalArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)\/[\w+=,.@\/-]+$/,
    'must be the ARN of an IAM role or user, such as arn:aws:iam::111111111111:role/oncall',
  );

export const regionSchema = z.strictObject({
  region: awsRegion,
  /**
   * Availability zones, full names (eu-west-1a); one subnet per tier and one node group in each.
   * @default the region's zones a, b and c
   */
  zones: z.array(z.string().min(1)).min(1, 'must list at least one zone'),
  network: networkPlanSchema,
  /**
   * S3 bucket in this region that holds the Terraform state of this region's stack (locked with an S3 lockfile).
   * Each region keeps its own state, so losing one region never locks the rebuild out of its state.
   * @default <app>-<environment>-tfstate-<account>-<region>
   */
  stateBucket: s3BucketName,
});

/** The DR region: a region plan, plus the switch that makes it serve the environment. */
export const drRegionSchema = regionSchema.extend({
  /**
   * Failover: the DR region serves the environment. The DR stack promotes its replica of the database to a
   * standalone primary and builds the rest of the environment (cluster, cache, private names); the cluster layer
   * deploys to the DR cluster. Only `true` exists: a promoted replica cannot become a replica again, so the way back
   * is a new deployment (docs/disaster-recovery.md, "Failover").
   * @default absent: the DR region runs the pilot light
   */
  promoted: z
    .literal(true, { error: 'must be true, or left out: the failover is one-way (docs/disaster-recovery.md)' })
    .optional(),
});

export const environmentSchema = z.strictObject({
  /** The profile whose defaults and rules apply: `production`, `non-production` or one of `profiles`. */
  profile: dnsLabel,
  /** @default <app>-<environment> */
  namespace: dnsLabel,
  /** Public DNS zone of the environment: a public service `web` is served at web.<domain>. */
  domain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a DNS domain such as qa.your-app.example.com'),
  /** @default from the profile */
  logLevel: z.enum(['debug', 'info', 'warn', 'error']),
  /**
   * How a release enters the environment in the promotion workflow: `automatic` once the environment before it
   * passed its end-to-end tests, `required-reviewers` behind the GitHub environment of the same name, whose
   * required reviewers approve each release.
   * @default from the profile
   */
  approval: z.enum(APPROVALS),
  /**
   * SOP-02 step 2: cut every app pod off from the database while everything else keeps working.
   * @default false
   */
  dbIsolation: z.boolean(),
  /**
   * Zone spread as a scheduling requirement (pods wait rather than pile into fewer zones) instead of a preference.
   * @default from the profile
   */
  requireZoneSpread: z.boolean(),
  /**
   * Severity of each alert in this environment.
   * @default from the profile; list only the alerts whose severity differs
   */
  alertSeverities: z.record(z.enum(ALERT_NAMES), z.enum(SEVERITIES)),
  /**
   * The platform add-ons Argo CD installs in the environment's clusters, each on or off.
   * @default from the profile (every add-on on)
   */
  addons: addonSwitchesSchema,
  /**
   * How Argo CD applies a change of the GitOps repository: `automated` (with prune and self-heal), or `manual` (a
   * person syncs in Argo CD).
   * @default from the profile
   */
  sync: z.enum(['automated', 'manual']),
  /**
   * The public Route 53 zone of `domain`: `create` (infra creates it; delegate to its name servers from the parent
   * zone) or `existing` (infra looks it up by name).
   * @default from the profile (create)
   */
  dnsZone: z.enum(['create', 'existing']),
  /** The internet edge of the public services: the ALBs and their web ACL. */
  edge: z.strictObject({
    /**
     * Deletion protection of the ALBs: deleting one then needs a person to switch it off first.
     * @default from the profile
     */
    deletionProtection: z.boolean(),
    /**
     * Requests a single client IP may send in 5 minutes before the web ACL blocks it (WAF rate-based rule).
     * @default 2000
     */
    requestsPerIpPer5Minutes: z
      .number()
      .int('must be an integer')
      .min(10, 'must be >= 10 (the WAF minimum)')
      .max(2000000000, 'must be <= 2000000000'),
  }),
  aws: z.strictObject({
    accountId,
    ...regionSchema.shape,
    /**
     * A NAT gateway in every zone (losing a zone cuts no other zone off the internet) instead of one.
     * @default from the profile
     */
    natGatewayPerZone: z.boolean(),
    /**
     * Days the CloudWatch log groups (control plane, VPC flow logs, database and cache logs) keep their events.
     * @default from the profile (production 365)
     */
    logRetentionDays: z.literal(LOG_RETENTION_DAYS, {
      error: `must be a CloudWatch Logs retention in days (${LOG_RETENTION_DAYS.join(', ')})`,
    }),
    /** Disaster-recovery region; the profile says whether it is required. */
    dr: drRegionSchema.optional(),
  }),
  cluster: z.strictObject({
    /** @default from the profile */
    kubernetesVersion: z.string().regex(/^1\.[0-9]{2}$/, 'must be a Kubernetes minor version such as 1.35'),
    /** @default from the profile */
    nodeInstanceTypes: z.array(z.string().min(1)).min(1, 'must list at least one instance type'),
    /** @default from the profile */
    nodesPerZone: z.strictObject({ min: positiveInt, max: positiveInt }),
    /**
     * Source CIDRs allowed to reach the public Kubernetes API endpoint (VPN or CI egress); nodes use the private
     * endpoint. Empty turns the public endpoint off.
     * @default []
     */
    publicAccessCidrs: z.array(cidr),
    /**
     * IAM roles or users that may assume the break-glass cluster-admin role. Empty: any principal of the account
     * the account's IAM policies allow, and only with MFA.
     * @default []
     */
    breakGlassPrincipals: z.array(iamPrincipalArn),
    /**
     * EKS managed add-ons, versions pinned: a version must be compatible with `kubernetesVersion`
     * (`aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>`).
     * @default from the profile
     */
    addonVersions: z.strictObject({
      vpcCni: eksAddonVersion,
      coredns: eksAddonVersion,
      kubeProxy: eksAddonVersion,
      podIdentityAgent: eksAddonVersion,
      ebsCsiDriver: eksAddonVersion,
    }),
  }),
  database: z.strictObject({
    /**
     * Stable DNS name of the primary; SOP-02 step 4 repoints the app by changing only this value.
     * @default the primary instance's name: postgres.<environment>.<app>.internal, or
     * postgres-replica.<environment>.<app>.internal when `promotedReplica` is true
     */
    host: hostname,
    /** @default 5432 */
    port,
    /** @default the app name with "_" for "-" */
    name: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a PostgreSQL identifier (lower case, digits, "_")'),
    /**
     * Secrets Manager secret holding `username` and `password`; infra creates it, ExternalSecret reads it.
     * @default <app>/<environment>/postgres
     */
    credentialsSecret: secretName,
    /** @default from the profile */
    instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an RDS instance class such as db.r6g.large'),
    /** @default from the profile */
    allocatedStorageGiB: z.number().int('must be an integer').min(20, 'must be >= 20'),
    /** @default 16 */
    engineVersion: z.string().regex(/^1[5-7](\.[0-9]+)?$/, 'must be a PostgreSQL major version 15 to 17'),
    /** @default from the profile */
    backupRetentionDays: z
      .number()
      .int('must be an integer')
      .min(7, 'must be >= 7 (point-in-time restore window)')
      .max(35, 'must be <= 35'),
    /**
     * A synchronous standby in another zone that RDS fails over to.
     * @default from the profile
     */
    multiAz: z.boolean(),
    /**
     * A read replica in the region's last zone, for SOP-02 to promote.
     * @default from the profile
     */
    readReplica: z.boolean(),
    /**
     * SOP-02 step 6: the read replica was promoted and is the primary. The instance `<app>-<env>-replica` is then
     * the primary and `<app>-<env>` is (re-)created as its read replica; the DNS names stay with their instances.
     * A second failover sets it back to false.
     * @default false
     */
    promotedReplica: z.boolean(),
  }),
  redis: z.strictObject({
    /** @default redis.<environment>.<app>.internal */
    host: hostname,
    /** @default 6379 */
    port,
    /**
     * Secrets Manager secret holding the AUTH token (`token`); infra creates it, ExternalSecret reads it.
     * @default <app>/<environment>/redis
     */
    authSecret: secretName,
    /** @default from the profile */
    nodeType: z
      .string()
      .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an ElastiCache node type such as cache.r7g.large'),
    /**
     * Automatic failover to a replica in another zone (needs nodeCount >= 2).
     * @default from the profile
     */
    multiAz: z.boolean(),
    /**
     * Nodes of the replication group, one primary and the rest replicas, placed round the zones.
     * @default from the profile (production 3, non-production 2)
     */
    nodeCount: z
      .number()
      .int('must be an integer')
      .min(1, 'must be >= 1')
      .max(6, 'must be <= 6 (1 primary, 5 replicas)'),
  }),
  /**
   * Sizing of each service in this environment.
   * @default the profile's `service` sizing; list a service only to change it
   */
  services: z.record(dnsLabel, serviceSizingSchema),
});

export type Environment = z.infer<typeof environmentSchema>;
export type RegionPlan = z.infer<typeof regionSchema>;
export type DrRegionPlan = z.infer<typeof drRegionSchema>;
