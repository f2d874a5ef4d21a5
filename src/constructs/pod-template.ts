import { k8s } from 'cdk8s-plus-28';
import { selectorLabels, type ServiceDefinition, type ServiceSizing } from '../config';
import { recommendedLabels, type EnvironmentContext } from './context';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './pod-security';

/** One service of the app in one environment, with what its containers are given. */
export interface ServiceWorkloadProps {
  readonly context: EnvironmentContext;
  readonly service: string;
  readonly definition: ServiceDefinition;
  readonly sizing: ServiceSizing;
  /** Environment variables of the containers: plain values and references to Secrets. */
  readonly env: readonly k8s.EnvVar[];
  /** ConfigMaps whose keys become environment variables. */
  readonly configMaps: readonly string[];
}

export interface PodTemplateOptions extends ServiceWorkloadProps {
  readonly serviceAccountName: string;
}

/** Pod-template-hash label Argo Rollouts sets; spreading per hash keeps stable and canary each balanced. */
const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';

/**
 * The pod of one service: restricted security, probes, requests and limits, spread across zones and nodes.
 * Zone spread is a hard rule in production (DoNotSchedule, minDomains = zone count) and a preference elsewhere.
 */
export function podTemplate(options: PodTemplateOptions): k8s.PodTemplateSpec {
  const { context: ctx, service, definition, sizing } = options;
  const selector = selectorLabels(ctx.platform, ctx.name, service);
  const probePort = k8s.IntOrString.fromString(definition.kind === 'http' ? 'http' : 'metrics');
  const probe = (path: string, periodSeconds: number, failureThreshold: number): k8s.Probe => ({
    httpGet: { path, port: probePort },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2,
  });
  const ports: k8s.ContainerPort[] = [{ name: 'metrics', containerPort: definition.metrics.port, protocol: 'TCP' }];
  if (definition.port !== undefined) ports.unshift({ name: 'http', containerPort: definition.port, protocol: 'TCP' });
  const quantities = (amounts: { cpu: string; memory: string }) => ({
    cpu: k8s.Quantity.fromString(amounts.cpu),
    memory: k8s.Quantity.fromString(amounts.memory),
  });

  return {
    metadata: { labels: { ...recommendedLabels(ctx, service), ...selector } },
    spec: {
      serviceAccountName: options.serviceAccountName,
      automountServiceAccountToken: definition.automountServiceAccountToken,
      securityContext: restrictedPodSecurityContext(),
      topologySpreadConstraints: topologySpread(ctx, selector),
      containers: [
        {
          name: service,
          image: `${ctx.platform.image.repository}:${ctx.platform.image.tag}`,
          imagePullPolicy: 'IfNotPresent',
          args: [...definition.args],
          ports,
          env: [...options.env],
          envFrom: options.configMaps.map((name) => ({ configMapRef: { name } })),
          resources: { requests: quantities(sizing.resources.requests), limits: quantities(sizing.resources.limits) },
          startupProbe: probe(definition.health.livenessPath, 5, 30),
          livenessProbe: probe(definition.health.livenessPath, 10, 3),
          readinessProbe: probe(definition.health.readinessPath, 5, 3),
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        },
      ],
      // The root filesystem is read-only; /tmp is the one writable place.
      volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } }],
    },
  };
}

function topologySpread(ctx: EnvironmentContext, selector: Record<string, string>): k8s.TopologySpreadConstraint[] {
  const hardZoneSpread = ctx.name === 'production';
  return [
    {
      topologyKey: 'topology.kubernetes.io/zone',
      maxSkew: 1,
      whenUnsatisfiable: hardZoneSpread ? 'DoNotSchedule' : 'ScheduleAnyway',
      // minDomains is only valid with DoNotSchedule; it keeps pods pending rather than piling into fewer zones.
      ...(hardZoneSpread ? { minDomains: ctx.env.aws.zones.length } : {}),
      labelSelector: { matchLabels: selector },
      matchLabelKeys: [POD_TEMPLATE_HASH_LABEL],
    },
    {
      topologyKey: 'kubernetes.io/hostname',
      maxSkew: 1,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: selector },
      matchLabelKeys: [POD_TEMPLATE_HASH_LABEL],
    },
  ];
}
