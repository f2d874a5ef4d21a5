/** Checks a simulation input before anything runs: every problem names the field and the rule. */
import type { SimulationInput } from './input';
import { INSTANCE_TYPES } from './instance-types';
import { constraintProblems, SELECTOR_OPERATORS } from './topology-spread';

export class InputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

const isCount = (value: number) => Number.isInteger(value) && value >= 0;

export function checkInput(input: SimulationInput): void {
  const problems: string[] = [];
  const at = (path: string) => `${input.environment}: ${path}`;
  if (input.zones.length < 2) problems.push(at('zones: must list at least 2 zones to lose one'));
  input.nodeGroups.forEach((group, i) => {
    const path = `nodeGroups[${i}] (${group.name})`;
    if (!input.zones.includes(group.zone)) problems.push(at(`${path}.zone: ${group.zone} is not one of the zones`));
    if (!Object.hasOwn(INSTANCE_TYPES, group.instanceType)) {
      problems.push(
        at(
          `${path}.instanceType: ${group.instanceType} is not in the allocatable table (${Object.keys(INSTANCE_TYPES).join(', ')})`,
        ),
      );
    }
    if (!isCount(group.minSize) || !isCount(group.maxSize) || group.minSize > group.maxSize) {
      problems.push(
        at(`${path}: minSize ${group.minSize} and maxSize ${group.maxSize} must be counts with min <= max`),
      );
    }
  });
  input.workloads.forEach((workload, i) => {
    const path = `workloads[${i}] (${workload.name})`;
    if (!isCount(workload.replicas) || !isCount(workload.maxReplicas) || workload.replicas > workload.maxReplicas) {
      problems.push(
        at(
          `${path}: replicas ${workload.replicas} and maxReplicas ${workload.maxReplicas} must be counts with replicas <= maxReplicas`,
        ),
      );
    }
    workload.pod.topologySpreadConstraints.forEach((c, j) =>
      problems.push(...constraintProblems(c, `${path}.topologySpreadConstraints[${j}]`).map(at)),
    );
  });
  input.disruptionBudgets.forEach((pdb, i) => {
    const path = `disruptionBudgets[${i}] (${pdb.name})`;
    if ((pdb.maxUnavailable === undefined) === (pdb.minAvailable === undefined)) {
      problems.push(at(`${path}: set exactly one of maxUnavailable and minAvailable`));
    }
    (pdb.selector.matchExpressions ?? []).forEach((e, j) => {
      if (!SELECTOR_OPERATORS.includes(e.operator)) {
        problems.push(
          at(
            `${path}.selector.matchExpressions[${j}].operator: "${e.operator}" must be one of ${SELECTOR_OPERATORS.join(', ')}`,
          ),
        );
      }
    });
  });
  if (problems.length > 0) throw new InputError(problems);
}
