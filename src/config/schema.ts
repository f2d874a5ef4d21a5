/** The platform config: one typed document that feeds the cluster layer (src/) and the cloud layer (infra/). */
import { z } from 'zod';
import { environmentSchema } from './environment';
import { monitoringSchema } from './monitoring';
import { dnsLabel, imageTag } from './primitives';
import { checkPlatformRules } from './rules';
import { serviceDefinitionSchema } from './service';

export const platformShape = z.strictObject({
  app: z.strictObject({
    name: dnsLabel,
    /** `app.kubernetes.io/part-of` of every object. */
    partOf: dnsLabel,
    /** `owner` tag of every AWS resource. */
    owner: z.string().min(1, 'must not be empty'),
  }),
  image: z.strictObject({
    repository: z
      .string()
      .regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+$/, 'must be an image repository such as registry/org/name'),
    tag: imageTag,
  }),
  services: z.record(dnsLabel, serviceDefinitionSchema),
  monitoring: monitoringSchema,
  environments: z.strictObject({
    qa: environmentSchema,
    staging: environmentSchema,
    production: environmentSchema,
  }),
});

export const platformSchema = platformShape.superRefine(checkPlatformRules);

export type Platform = z.infer<typeof platformShape>;
/** The config as written, before defaults apply. */
export type PlatformInput = z.input<typeof platformShape>;
