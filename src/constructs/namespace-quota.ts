import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ServiceSizing } from '../config';
import { kibibytes, milliCpu } from '../config/primitives';
import { objectMeta, type AppIdentity } from './identity';

type Resources = ServiceSizing['resources'];

/** Pods of one workload at their most, each with one container of these resources. */
export interface WorkloadPods {
  readonly pods: number;
  readonly resources: Resources;
}

export interface NamespaceQuotaProps {
  readonly identity: AppIdentity;
  /** Every workload of the namespace at its most. */
  readonly workloads: readonly WorkloadPods[];
  /** Requests and limits of a container that states none (a debugging pod). */
  readonly containerDefault: Resources;
}

/**
 * Pods of a service at its most: the autoscaler's maximum, twice over while a canary runs (a traffic-split canary
 * scales the canary up to 100% before the stable pods go; a replica canary surges 25%).
 */
export function peakPods(sizing: ServiceSizing): number {
  return 2 * sizing.autoscaling.maxReplicas;
}

const cpu = (millis: number) => k8s.Quantity.fromString(`${millis}m`);
/** KiB in the largest binary unit that states it exactly: 2Gi, 640Mi. */
const memory = (kib: number) => {
  const [unit, size] = (
    [
      ['Gi', 1024 ** 2],
      ['Mi', 1024],
      ['Ki', 1],
    ] as const
  ).find(([, size]) => kib % size === 0) as readonly [string, number];
  return k8s.Quantity.fromString(`${kib / size}${unit}`);
};

/**
 * The namespace's ResourceQuota and LimitRange, from the environment's sizing: the quota is what every workload
 * needs at its peak, so it stops only a runaway (a stuck rollout creating ReplicaSets, pods nobody sized); the
 * LimitRange gives a container that states nothing the default, and caps any container at the largest sizing.
 */
export class NamespaceQuota extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceQuotaProps) {
    super(scope, id);
    const { identity, workloads } = props;
    const sum = (pick: (r: Resources) => number) =>
      workloads.reduce((total, w) => total + w.pods * pick(w.resources), 0);
    const max = (pick: (r: Resources) => number) => Math.max(...workloads.map((w) => pick(w.resources)));
    new k8s.KubeResourceQuota(this, 'Quota', {
      metadata: objectMeta(identity, `${identity.app}-quota`, 'namespace'),
      spec: {
        hard: {
          pods: k8s.Quantity.fromNumber(workloads.reduce((total, w) => total + w.pods, 0)),
          'requests.cpu': cpu(sum((r) => milliCpu(r.requests.cpu))),
          'requests.memory': memory(sum((r) => kibibytes(r.requests.memory))),
          'limits.cpu': cpu(sum((r) => milliCpu(r.limits.cpu))),
          'limits.memory': memory(sum((r) => kibibytes(r.limits.memory))),
          // The app is reached through its ALB Ingress only.
          'services.loadbalancers': k8s.Quantity.fromNumber(0),
          'services.nodeports': k8s.Quantity.fromNumber(0),
        },
      },
    });
    const { containerDefault } = props;
    new k8s.KubeLimitRange(this, 'Limits', {
      metadata: objectMeta(identity, `${identity.app}-limits`, 'namespace'),
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: {
              cpu: k8s.Quantity.fromString(containerDefault.requests.cpu),
              memory: k8s.Quantity.fromString(containerDefault.requests.memory),
            },
            default: {
              cpu: k8s.Quantity.fromString(containerDefault.limits.cpu),
              memory: k8s.Quantity.fromString(containerDefault.limits.memory),
            },
            max: {
              cpu: cpu(max((r) => milliCpu(r.limits.cpu))),
              memory: memory(max((r) => kibibytes(r.limits.memory))),
            },
          },
        ],
      },
    });
  }
}
