import { k8s } from 'cdk8s-plus-28';
import type { ServiceDefinition, ServiceSizing } from '../config';
import { recommendedLabels, selectorLabels, type AppIdentity } from './identity';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './pod-security';
import { zoneSpreadConstraints } from './zone-spread';

export interface PodTemplateOptions {
  readonly identity: AppIdentity;
  readonly service: string;
  /** `repository:tag`. */
  readonly image: string;
  readonly definition: ServiceDefinition;
  readonly resources: ServiceSizing['resources'];
  readonly serviceAccountName: string;
  /** Container ports besides `metrics`. */
  readonly ports: readonly k8s.ContainerPort[];
  /** Named container port the probes call. */
  readonly probePort: string;
  /** Environment variables of the containers: plain values and references to Secrets. */
  readonly env: readonly k8s.EnvVar[];
  /** ConfigMaps whose keys become environment variables. */
  readonly configMaps: readonly string[];
  /** Zone spread as a scheduling requirement rather than a preference. */
  readonly requireZoneSpread: boolean;
  /**
   * PriorityClass of the pods: the app's, so the scheduler preempts lower-priority pods for it when nodes are full.
   * @default none: the cluster's default priority (what a temporary copy of the app, such as SOP-01's, should have)
   */
  readonly priorityClassName?: string;
}

/** The pod of one service: restricted security, probes, requests and limits, spread across zones and nodes. */
export function podTemplate(options: PodTemplateOptions): k8s.PodTemplateSpec {
  const { identity, service, definition } = options;
  const selector = selectorLabels(identity, service);
  const probePort = k8s.IntOrString.fromString(options.probePort);
  const probe = (path: string, periodSeconds: number, failureThreshold: number): k8s.Probe => ({
    httpGet: { path, port: probePort },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2,
  });
  const quantities = (amounts: { cpu: string; memory: string }) => ({
    cpu: k8s.Quantity.fromString(amounts.cpu),
    memory: k8s.Quantity.fromString(amounts.memory),
  });

  return {
    metadata: { labels: { ...recommendedLabels(identity, service), ...selector } },
    spec: {
      serviceAccountName: options.serviceAccountName,
      priorityClassName: options.priorityClassName,
      automountServiceAccountToken: definition.automountServiceAccountToken,
      securityContext: restrictedPodSecurityContext(),
      topologySpreadConstraints: zoneSpreadConstraints({ hard: options.requireZoneSpread, selector }),
      containers: [
        {
          name: service,
          image: options.image,
          imagePullPolicy: 'IfNotPresent',
          args: [...definition.args],
          ports: [...options.ports, { name: 'metrics', containerPort: definition.metrics.port, protocol: 'TCP' }],
          env: [...options.env],
          envFrom: options.configMaps.map((name) => ({ configMapRef: { name } })),
          resources: { requests: quantities(options.resources.requests), limits: quantities(options.resources.limits) },
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
