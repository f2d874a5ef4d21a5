import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ServiceSizing } from '../config';
import { objectMeta, type AppIdentity } from './identity';

export interface RolloutAutoscalerProps {
  readonly identity: AppIdentity;
  readonly service: string;
  readonly rolloutName: string;
  readonly autoscaling: ServiceSizing['autoscaling'];
}

/** autoscaling/v2 HPA scaling the Rollout (not a Deployment) on CPU utilization. */
export class RolloutAutoscaler extends Construct {
  constructor(scope: Construct, id: string, props: RolloutAutoscalerProps) {
    super(scope, id);
    const { identity, autoscaling } = props;
    new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: objectMeta(identity, props.rolloutName, props.service),
      spec: {
        scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: props.rolloutName },
        minReplicas: autoscaling.minReplicas,
        maxReplicas: autoscaling.maxReplicas,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: autoscaling.targetCpuUtilizationPercent },
            },
          },
        ],
        // Scale down slowly so a short lull does not undo a scale-up the next burst needs.
        behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
      },
    });
  }
}
