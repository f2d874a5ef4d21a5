/** What each service of the app is (the catalog) and how big it is in one environment (the sizing). */
import { z } from 'zod';
import { cpuQuantity, duration, memoryQuantity, port, positiveInt } from './primitives';

export const serviceDefinitionSchema = z.strictObject({
  /** `http` serves traffic behind the ALB and canaries by traffic split; `worker` canaries by replicas. */
  kind: z.enum(['http', 'worker']),
  /** Arguments passed to the app image to start this service. */
  args: z.array(z.string().min(1)).min(1, 'must name at least one argument'),
  /** Container port of the HTTP listener; required for `http` services. */
  port: port.optional(),
  metrics: z.strictObject({ port, path: z.string().startsWith('/', 'must start with "/"') }),
  /** Probe paths: http services answer them on `port`, workers on the metrics port. */
  health: z.strictObject({
    livenessPath: z.string().startsWith('/', 'must start with "/"'),
    readinessPath: z.string().startsWith('/', 'must start with "/"'),
  }),
  /** Mount a Kubernetes API token into the pods. Off unless the service calls the Kubernetes API. */
  automountServiceAccountToken: z.boolean().default(false),
});

const resourceAmounts = z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity });

export const canaryStepSchema = z.union(
  [
    z.strictObject({
      setWeight: z
        .number()
        .int('must be an integer')
        .min(1, 'must be between 1 and 100')
        .max(100, 'must be between 1 and 100'),
    }),
    z.strictObject({
      /** A pause without a duration waits for `kubectl argo rollouts promote` (a manual gate). */
      pause: z.strictObject({ duration: duration.optional() }),
    }),
  ],
  { error: 'must be { setWeight: <1..100> } or { pause: { duration?: <duration> } }' },
);

export const analysisSchema = z.strictObject({
  /** Abort when 5xx / all requests of the canary exceeds this ratio. */
  maxErrorRatio: z.number().gt(0, 'must be > 0').lt(1, 'must be < 1 (a ratio, 0.05 = 5%)'),
  /** Abort when the canary's p99 latency exceeds this many seconds. */
  maxP99LatencySeconds: z.number().positive('must be > 0'),
  interval: duration,
  /** Failed measurements tolerated before the rollout aborts. */
  failureLimit: z.number().int('must be an integer').min(0, 'must be >= 0'),
});

export const serviceSizingSchema = z.strictObject({
  replicas: z.number().int('must be an integer').min(1, 'must be >= 1'),
  autoscaling: z.strictObject({
    minReplicas: positiveInt,
    maxReplicas: positiveInt,
    targetCpuUtilizationPercent: z
      .number()
      .int('must be an integer')
      .min(1, 'must be between 1 and 100')
      .max(100, 'must be between 1 and 100'),
  }),
  resources: z.strictObject({ requests: resourceAmounts, limits: resourceAmounts }),
  /**
   * Pods a voluntary disruption (node drain) may take at once.
   * @default one zone's share of minReplicas, at least 1
   */
  maxUnavailable: z
    .number()
    .int('must be an integer')
    .min(1, 'must be >= 1 (0 would block every node drain)')
    .optional(),
  canary: z.strictObject({
    steps: z.array(canaryStepSchema).min(1, 'must have at least one step'),
    /** Background analysis; required for `http` services. */
    analysis: analysisSchema.optional(),
  }),
});

export type ServiceDefinition = z.infer<typeof serviceDefinitionSchema>;
export type ServiceSizing = z.infer<typeof serviceSizingSchema>;
export type CanaryStep = z.infer<typeof canaryStepSchema>;
export type Analysis = z.infer<typeof analysisSchema>;
