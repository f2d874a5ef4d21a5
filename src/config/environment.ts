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

/** An EKS add-on version as AWS publishes it: `v1.21.1-eksbuild.3`. */
const eksAddonVersion = z
  .string()
  .regex(/^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$/, 'must be an EKS add-on version such as v1.21.1-eksbuild.3');

export const accountId = z.string().regex(/^[0-9]{12}$/, 'must be a 12-digit AWS account id');

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
    /** Disaster-recovery region; the profile says whether it is required. */
    dr: regionSchema.optional(),
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
     * @default postgres.<environment>.<app>.internal
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
     * A replica in every zone with automatic failover.
     * @default from the profile
     */
    multiAz: z.boolean(),
  }),
  /**
   * Sizing of each service in this environment.
   * @default the profile's `service` sizing; list a service only to change it
   */
  services: z.record(dnsLabel, serviceSizingSchema),
});

export type Environment = z.infer<typeof environmentSchema>;
export type RegionPlan = z.infer<typeof regionSchema>;
