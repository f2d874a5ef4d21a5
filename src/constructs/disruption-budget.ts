import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { oneZoneShare } from '../config';
import { objectMeta, selectorLabels, serviceResourceName, type AppIdentity } from './identity';

export interface DisruptionBudgetProps {
  readonly identity: AppIdentity;
  readonly service: string;
  /** The autoscaler's minimum: the fewest pods the service runs. */
  readonly minReplicas: number;
  readonly zoneCount: number;
  /**
   * Pods a voluntary disruption may take at once.
   * @default one zone's share of minReplicas, at least 1
   */
  readonly maxUnavailable?: number;
}

/**
 * PodDisruptionBudget sized from the zone count: a drain may always evict at least one pod (so node
 * maintenance never deadlocks), and never more than one zone's share of the autoscaler's minimum.
 */
export class DisruptionBudget extends Construct {
  /** Pods a voluntary disruption may take at once. */
  public readonly maxUnavailable: number;

  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    const { identity, service } = props;
    this.maxUnavailable = props.maxUnavailable ?? oneZoneShare(props.minReplicas, props.zoneCount);
    new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: objectMeta(identity, serviceResourceName(identity, service), service),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(this.maxUnavailable),
        selector: { matchLabels: selectorLabels(identity, service) },
        // Pods that are not Ready protect nothing; evicting them must not block a drain.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
