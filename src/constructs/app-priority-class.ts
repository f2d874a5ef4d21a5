import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { recommendedLabels, type AppIdentity } from './identity';

export interface AppPriorityClassProps {
  readonly identity: AppIdentity;
  readonly name: string;
}

/**
 * The app's pods' PriorityClass: above the default (0) of everything without one, so when the nodes are full the
 * scheduler preempts those pods rather than leave a customer-facing pod pending; far below the system classes
 * (2000000000 and up) of the cluster's own components.
 */
export class AppPriorityClass extends Construct {
  static readonly VALUE = 100000;

  constructor(scope: Construct, id: string, props: AppPriorityClassProps) {
    super(scope, id);
    new k8s.KubePriorityClass(this, 'Resource', {
      metadata: { name: props.name, labels: recommendedLabels(props.identity, 'scheduling') },
      value: AppPriorityClass.VALUE,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  }
}
