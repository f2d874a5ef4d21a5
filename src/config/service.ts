/** What each service of the app is (the catalog) and how big it is in one environment (the sizing). */
import { z } from 'zod';
import { cpuQuantity, duration, memoryQuantity, port, positiveInt } from './primitives';

const path = z.string().regex(/^\//, 'must start with "/"');

/** Fields every kind of service has. */
const commonFields = {
  /** Arguments passed to the app image to start this service. */
  args: z.array(z.string().min(1)).min(1, 'must name at least one argument'),
  /**
   * Where Prometheus scrapes the service.
   * @default { port: 9090, path: /metrics }
   */
  metrics: z.strictObject({ port: port.default(9090), path: path.default('/metrics') }).prefault({}),
  /**
   * Probe paths: http services answer them on `port`, workers on the metrics port.
   * @default { livenessPath: /livez, readinessPath: /readyz }
   */
  health: z.strictObject({ livenessPath: path.default('/livez'), readinessPath: path.default('/readyz') }).prefault({}),
  /**
   * Mount a Kubernetes API token into the pods. Off unless the service calls the Kubernetes API.
   * @default false
   */
  automountServiceAccountToken: z.boolean().default(false),
};

/** Serves HTTP; canaries by traffic split when public, by replicas when internal. */
export const httpServiceSchema = z.strictObject({
  kind: z.literal('http'),
  /** Container port of the HTTP listener. */
  port,
  /**
   * `public`: served at `<service>.<environment domain>` through an internet-facing ALB. `internal`: reachable only
   * from the app's own pods, no Ingress.
   * @default internal
   */
  exposure: z.enum(['public', 'internal']).default('internal'),
  /**
   * Service level objective: the share of requests over 30 days answered without a 5xx. Its error budget
   * (1 - availability) is what the burn-rate alerts measure the error ratio against.
   * @default { availability: 0.999 }
   */
  slo: z
    .strictObject({
      availability: z
        .number({ error: 'must be a number' })
        .gt(0.9, 'must be > 0.9 (a ratio: 0.999 = 99.9%)')
        .lt(1, 'must be < 1 (a 100% objective leaves no error budget)')
        .default(0.999),
    })
    .prefault({}),
  ...commonFields,
});

/** Works in the background: no Service port, canaries by replicas. */
export const workerServiceSchema = z.strictObject({ kind: z.literal('worker'), ...commonFields });

export const serviceDefinitionSchema = z.discriminatedUnion('kind', [httpServiceSchema, workerServiceSchema], {
  error: 'must be a service with kind "http" (port, exposure) or "worker"',
});

export const SERVICE_KINDS = ['http', 'worker'] as const;
export type ServiceKindName = (typeof SERVICE_KINDS)[number];

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
      /** A pause without a duration waits for a person to promote the rollout (a manual gate). */
      pause: z.strictObject({ duration: duration.optional() }),
    }),
  ],
  { error: 'must be { setWeight: <1..100> } or { pause: { duration?: <duration> } }' },
);

/**
 * Window of canary traffic each analysis measurement reads (4 scrapes at the default 30s interval). The first
 * measurement waits one window, so it never judges a canary by the minutes before it got traffic.
 */
export const ANALYSIS_WINDOW = '2m';

export const analysisSchema = z.strictObject({
  /** Abort when 5xx / all requests of the canary exceeds this ratio. */
  maxErrorRatio: z.number().gt(0, 'must be > 0').lt(1, 'must be < 1 (a ratio, 0.05 = 5%)'),
  /** Abort when the canary's p99 latency exceeds this many seconds. */
  maxP99LatencySeconds: z.number().positive('must be > 0'),
  interval: duration,
  /** Failed measurements tolerated before the rollout aborts. */
  failureLimit: z.number().int('must be an integer').min(0, 'must be >= 0'),
  /**
   * Canary requests a measurement needs in its 2-minute window to judge the canary. Below it the measurement is
   * inconclusive and the rollout pauses for a person: a canary that got no traffic (target not registered, crash
   * before serving) is never promoted on no evidence. 20 means one stray 5xx (1/20 = 5%) never aborts alone.
   * @default 20
   */
  minRequests: z.number().int('must be an integer').min(1, 'must be >= 1').default(20),
});

/**
 * How big a service is in one environment. Its pod count is the autoscaler's: it starts at `minReplicas` and moves
 * within the bounds; nothing else sets it (the Rollout has no `spec.replicas`, see canary-rollout.ts).
 */
export const serviceSizingSchema = z.strictObject({
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
    /** Background analysis of http services (their 5xx ratio and p99 latency); workers have none. */
    analysis: analysisSchema.optional(),
  }),
});

export type ServiceDefinition = z.infer<typeof serviceDefinitionSchema>;
export type HttpServiceDefinition = z.infer<typeof httpServiceSchema>;
export type WorkerServiceDefinition = z.infer<typeof workerServiceSchema>;
export type ServiceSizing = z.infer<typeof serviceSizingSchema>;
export type CanaryStep = z.infer<typeof canaryStepSchema>;
export type Analysis = z.infer<typeof analysisSchema>;
