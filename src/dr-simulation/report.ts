/** The simulation of one environment as a plain-text table. */
import type { EnvironmentResult, ResultRow } from './simulate';

const HEADER = [
  'replicas at',
  'workload',
  'zone lost',
  'pods',
  'ready before',
  'ready after',
  'pending',
  'PDB allows',
  'nodes',
  'verdict',
];

const pair = (row: ResultRow, pick: (step: ResultRow['nodesRemoved']) => number | undefined) =>
  [row.nodesNotReady, row.nodesRemoved].map((step) => pick(step) ?? '-').join(' / ');

function cells(row: ResultRow): string[] {
  return [
    row.level === 'replicas' ? 'replicas' : 'HPA max',
    row.workload,
    row.zone,
    String(row.replicas),
    String(row.before.ready),
    pair(row, (step) => step.ready),
    pair(row, (step) => step.pending),
    pair(row, (step) => step.disruptionsAllowed),
    `${row.nodesBefore} +${row.nodesAdded}`,
    row.problems.length === 0 ? 'ok' : `FAIL: ${row.problems.join('; ')}`,
  ];
}

export function formatResult(result: EnvironmentResult): string {
  const { input } = result;
  const groups = input.nodeGroups.map((g) => `${g.name} ${g.instanceType} ${g.minSize}..${g.maxSize}`).join(', ');
  const rows = [HEADER, ...result.rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    `environment ${input.environment}: ${result.passed ? 'survives the loss of any one zone' : 'does NOT survive the loss of a zone'}`,
    `node groups: ${groups}`,
    "after = while the lost zone's nodes are NotReady (pods Terminating) / once its node objects are deleted",
    line(HEADER),
    line(widths.map((w) => '-'.repeat(w))),
    ...result.rows.map((row) => line(cells(row))),
  ].join('\n');
}
