import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { oneZoneShare, selectorLabels, serviceResourceName, type ServiceSizing } from '../config';
import { objectMeta, type EnvironmentContext } from './context';

export interface DisruptionBudgetProps {
  readonly context: EnvironmentContext;
  readonly service: string;
  readonly sizing: ServiceSizing;
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
    const { context: ctx, service, sizing } = props;
    this.maxUnavailable =
      sizing.maxUnavailable ?? oneZoneShare(sizing.autoscaling.minReplicas, ctx.env.aws.zones.length);
    new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: objectMeta(ctx, serviceResourceName(ctx.platform, service), service),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(this.maxUnavailable),
        selector: { matchLabels: selectorLabels(ctx.platform, ctx.name, service) },
        // Pods that are not Ready protect nothing; evicting them must not block a drain.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
