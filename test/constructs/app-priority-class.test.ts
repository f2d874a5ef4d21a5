/**
 * The app's PriorityClass, by the priority the API server gives pods and what the scheduler then does
 * (Kubernetes docs, "Pod Priority and Preemption"; kubernetes plugin/pkg/admission/priority/admission.go): a pod
 * naming the class gets its value; a pod naming none gets the value of the class marked globalDefault, or 0; a pod
 * whose preemptionPolicy is PreemptLowerPriority (the default when unset) may evict lower-priority pods when no node
 * has room. The design: above everything without a class, far below the system classes (system-cluster-critical
 * 2000000000; a user class may not exceed 1000000000), and no change to pods that name no class.
 */
import { Testing } from 'cdk8s';
import { AppPriorityClass } from '../../src/constructs/app-priority-class';
import { SHOP_IDENTITY as identity, SHOP_OWNER_LABELS } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';

type Obj = Record<string, any>;

function priorityClass(): Obj {
  const chart = Testing.chart();
  new AppPriorityClass(chart, 'priority', { identity, name: 'shop-critical' });
  const objects = Testing.synth(chart);
  expectValidManifests(objects);
  expect(objects).toHaveLength(1);
  return objects[0];
}

/** The priority admission plugin: the named class's value, else the global default's, else 0. */
function podPriority(classes: Obj[], priorityClassName?: string): number {
  const named = classes.find((c) => c.metadata.name === priorityClassName);
  const globalDefault = classes.find((c) => c.globalDefault === true);
  return (priorityClassName === undefined ? globalDefault : named)?.value ?? 0;
}

describe("the app's PriorityClass", () => {
  it('is named as asked and labelled as part of the app', () => {
    expect(priorityClass()).toMatchObject({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: {
        name: 'shop-critical',
        labels: {
          ...SHOP_OWNER_LABELS,
          'app.kubernetes.io/component': expect.stringMatching(/./),
        },
      },
    });
  });

  it("puts the app's pods above every pod without a class and far below the cluster's own components", () => {
    const classes = [priorityClass()];
    const app = podPriority(classes, 'shop-critical');
    expect(app).toBeGreaterThan(podPriority(classes));
    expect(app).toBeLessThanOrEqual(1_000_000_000);
  });

  it('leaves pods that name no class at priority 0: it is not the global default', () => {
    expect(podPriority([priorityClass()])).toBe(0);
  });

  it('lets its pods preempt lower-priority pods when the nodes are full', () => {
    const { preemptionPolicy } = priorityClass();
    expect(preemptionPolicy ?? 'PreemptLowerPriority').toBe('PreemptLowerPriority');
  });
});
