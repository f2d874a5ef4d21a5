/**
 * Profiles: what an environment's kind decides. Each environment names one; the profile sets the defaults of its
 * fields (the sizing, the zone spread rule, NAT per zone, alert severities, canary pauses, ...) and the rules it must
 * meet. `production` and `non-production` are built in; the platform file may change them or add its own.
 */
import { z } from 'zod';
import { deepOptionalOf } from './deep-optional';
import { environmentSchema } from './environment';
import { positiveInt } from './primitives';
import { serviceSizingSchema } from './service';

export const BUILT_IN_PROFILE_NAMES = ['production', 'non-production'] as const;
export type BuiltInProfileName = (typeof BUILT_IN_PROFILE_NAMES)[number];

/** Environment fields a profile may set: all but the profile itself. */
const environmentDefaults = deepOptionalOf(environmentSchema.omit({ profile: true }));
const serviceDefaults = deepOptionalOf(serviceSizingSchema);

const builtInName = z.enum(BUILT_IN_PROFILE_NAMES);

export const profileSchema = z.strictObject({
  /** The built-in profile a profile of the file's own started from; a resolved platform loads again unchanged. */
  extends: builtInName.optional(),
  /** Zones an environment must list at least: production needs 3, so losing one still leaves two. */
  minZones: positiveInt,
  /** Whether an environment must have a disaster-recovery region (`aws.dr`). */
  disasterRecovery: z.enum(['required', 'optional']),
  /** Every service keeps a pod in every zone: `replicas` and `autoscaling.minReplicas` >= the zone count. */
  podsInEveryZone: z.boolean(),
  /** SOP-01: an environment of this profile runs the restore drill on `sop.restoreDrill.schedule`. */
  scheduledRestoreDrill: z.boolean(),
  /** Defaults of the fields of an environment with this profile. */
  environment: environmentDefaults,
  /** Defaults of the sizing of every service in such an environment. */
  service: serviceDefaults,
});

/** A profile as the platform file states it: a built-in one changed, or a new one extending a built-in one. */
export const profileFileSchema = z.strictObject({
  /**
   * The built-in profile this one starts from.
   * @default the built-in profile of the same name; required for a new name
   */
  extends: builtInName.optional(),
  minZones: profileSchema.shape.minZones.optional(),
  disasterRecovery: profileSchema.shape.disasterRecovery.optional(),
  podsInEveryZone: profileSchema.shape.podsInEveryZone.optional(),
  scheduledRestoreDrill: profileSchema.shape.scheduledRestoreDrill.optional(),
  environment: environmentDefaults.optional(),
  service: serviceDefaults.optional(),
});

export type Profile = z.infer<typeof profileSchema>;
export type ProfileFile = z.infer<typeof profileFileSchema>;
