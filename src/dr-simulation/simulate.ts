/**
 * Every zone of an environment lost in turn, at the replicas the workloads run and at the autoscaler's
 * maximum, each workload judged against the three failure conditions of issue 11.
 */
import type { SimulationInput } from './input';
import { checkInput } from './validate-input';
import { simulateZoneLoss, type ReplicaLevel, type StepCounts, type WorkloadOutcome } from './zone-loss';

export interface ResultRow extends WorkloadOutcome {
  readonly level: ReplicaLevel;
  readonly zone: string;
  readonly nodesBefore: number;
  readonly nodesAdded: number;
  /** Why the workload does not survive the loss; empty when it does. */
  readonly problems: readonly string[];
}

export interface EnvironmentResult {
  readonly input: SimulationInput;
  readonly rows: readonly ResultRow[];
  readonly passed: boolean;
}

/** The ready pods a workload must keep: the share of its replicas the surviving zones held. */
export function requiredReady(replicas: number, zoneCount: number): number {
  return Math.ceil((replicas * (zoneCount - 1)) / zoneCount);
}

function problemsOf(outcome: WorkloadOutcome, zoneCount: number): string[] {
  const steps: StepCounts[] = [outcome.nodesNotReady, outcome.nodesRemoved];
  const ready = Math.min(...steps.map((step) => step.ready));
  const needed = requiredReady(outcome.replicas, zoneCount);
  return [
    outcome.before.pending > 0 ? 'pods pending before the loss' : '',
    steps.some((step) => step.pending > 0) ? 'replacements stay pending' : '',
    ready < needed ? `ready ${ready} < ${needed} (${zoneCount - 1}/${zoneCount} of ${outcome.replicas})` : '',
    steps.some((step) => step.disruptionsAllowed === 0) ? 'PDB allows 0 disruptions' : '',
  ].filter((problem) => problem !== '');
}

export function simulateEnvironment(input: SimulationInput): EnvironmentResult {
  checkInput(input);
  const levels: ReplicaLevel[] = input.workloads.some((w) => w.maxReplicas > w.replicas)
    ? ['replicas', 'maxReplicas']
    : ['replicas'];
  const rows = levels.flatMap((level) =>
    input.zones.flatMap((zone) => {
      const outcome = simulateZoneLoss(input, level, zone);
      return outcome.workloads.map((workload): ResultRow => ({
        ...workload,
        level,
        zone,
        nodesBefore: outcome.nodesBefore,
        nodesAdded: outcome.nodesAdded,
        problems: problemsOf(workload, input.zones.length),
      }));
    }),
  );
  return { input, rows, passed: rows.every((row) => row.problems.length === 0) };
}
