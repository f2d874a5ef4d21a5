/** The adapter from synthesized manifests to the simulator's input, on the default platform and on bad input. */
import { simulationInputFromManifests, type NodeGroupPlan } from '../../src/dr-simulation/from-manifests';
import { InputError } from '../../src/dr-simulation/validate-input';
import { defaultPlatform } from '../helpers/platform';
import { environmentObjects } from '../helpers/manifests';
import { defaultPlatformWithTag } from '../helpers/platform';
import { nonEmpty } from '../helpers/collections';

const production = defaultPlatform.environments.production;
const plan: NodeGroupPlan = {
  zones: ['z1', 'z2', 'z3'],
  instanceTypes: ['m7g.xlarge', 'm6i.xlarge'],
  minPerZone: 2,
  maxPerZone: 5,
};
const manifests = () => environmentObjects(defaultPlatformWithTag(), 'production', 'app');

function problemsOf(objects: unknown[]): readonly string[] {
  try {
    simulationInputFromManifests('production', objects, plan);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('input was accepted, expected an InputError');
}

describe('production manifests', () => {
  const input = simulationInputFromManifests('production', manifests(), plan);

  it('reads each Rollout at its HPA range, with its pod template', () => {
    expect(input.workloads.map((w) => w.name).sort()).toEqual(['your-app-api', 'your-app-worker']);
    for (const [service, sizing] of nonEmpty(Object.entries(production.services))) {
      const workload = input.workloads.find((w) => w.name === `your-app-${service}`);
      expect(workload).toMatchObject({
        namespace: production.namespace,
        replicas: sizing.autoscaling.minReplicas,
        maxReplicas: sizing.autoscaling.maxReplicas,
        // production sizing: requests 500m CPU, 1Gi memory
        pod: { requests: { cpuMillis: 500, memoryBytes: 2 ** 30 } },
      });
      // Argo Rollouts labels its pods with the template hash that matchLabelKeys names.
      expect(workload?.pod.labels['rollouts-pod-template-hash']).toBe('stable');
      expect(workload?.pod.topologySpreadConstraints.length).toBeGreaterThan(0);
    }
  });

  it('reads the PDBs and builds one node group per zone on the first instance type', () => {
    expect(input.disruptionBudgets.map((p) => [p.name, p.maxUnavailable]).sort()).toEqual([
      ['your-app-api', 2],
      ['your-app-worker', 1],
    ]);
    expect(input.nodeGroups).toEqual(
      plan.zones.map((zone) => ({
        name: `production-${zone}`,
        zone,
        instanceType: 'm7g.xlarge',
        minSize: 2,
        maxSize: 5,
      })),
    );
  });
});

it('raises spec.replicas to the HPA minimum, as the HPA does', () => {
  const objects = manifests();
  const rollout = objects.find((o) => o.kind === 'Rollout' && o.metadata.name === 'your-app-api');
  if (!rollout) throw new Error('no Rollout your-app-api');
  rollout.spec.replicas = 1;
  const input = simulationInputFromManifests('production', objects, plan);
  expect(input.workloads.find((w) => w.name === 'your-app-api')?.replicas).toBe(
    production.services.api.autoscaling.minReplicas,
  );
});

it('names the field and the rule of bad input', () => {
  const objects = manifests();
  const rollout = objects.find((o) => o.kind === 'Rollout');
  const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget');
  if (!rollout || !pdb) throw new Error('expected a Rollout and a PodDisruptionBudget');
  rollout.spec.template.spec.containers[0].resources.requests.cpu = 'lots';
  pdb.spec.maxUnavailable = 'half';
  expect(problemsOf(objects)).toEqual([
    `Rollout ${rollout.metadata.name}: spec.template.spec.containers[0].resources.requests.cpu "lots" is not a quantity`,
    `PodDisruptionBudget ${pdb.metadata.name}: spec.maxUnavailable must be a count or a percentage such as "25%"`,
  ]);
});
