/** Alerts about the app's deployments: the Argo Rollouts controller's `rollout_info`, scoped to the app namespace. */
import { namespaceOf, type AlertDefinition, type AlertScope } from './alert-model';
import { ROLLOUT_PHASES } from './metrics-contract';
import { selector } from './promql';

/** Rollout series of the environment, with the Rollout's namespace copied into `namespace` like every app alert. */
function rollouts(scope: AlertScope, phase: string, by: string): string {
  const label = scope.platform.monitoring.exporters.rolloutNamespaceLabel;
  const series = selector('rollout_info', { [label]: namespaceOf(scope), phase });
  return `label_replace(${by} by (${label}, name) (${series}), "namespace", "$1", "${label}", "(.*)")`;
}

export const ROLLOUT_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'RolloutDegraded',
    for: '5m',
    expr: (scope) =>
      `${rollouts(scope, `=~${[ROLLOUT_PHASES.error, ROLLOUT_PHASES.timeout, ROLLOUT_PHASES.invalidSpec].join('|')}`, 'max')} == 1`,
    summary: 'Deployment of {{ $labels.name }} failed in {{ $labels.namespace }}',
    description:
      'The Rollout {{ $labels.name }} has been in an error, timed-out or invalid-spec phase for 5 minutes: the ' +
      'new version is not being rolled out.',
  },
  {
    name: 'CanaryAborted',
    for: '1m',
    expr: (scope) => `${rollouts(scope, ROLLOUT_PHASES.abort, 'max')} == 1`,
    summary: 'Canary of {{ $labels.name }} was aborted in {{ $labels.namespace }}',
    description:
      'The Rollout {{ $labels.name }} aborted its canary (failed analysis or a manual abort) and went back to ' +
      'the stable version. The new version needs a fix before it is released again.',
  },
  {
    name: 'RolloutSucceeded',
    for: '0m',
    // Completed now after another phase within 10 minutes: a finished release, not a Rollout merely at rest.
    expr: (scope) => {
      const label = scope.platform.monitoring.exporters.rolloutNamespaceLabel;
      const earlier = selector('rollout_info', { [label]: namespaceOf(scope), phase: `!=${ROLLOUT_PHASES.completed}` });
      return (
        `${rollouts(scope, ROLLOUT_PHASES.completed, 'max')} == 1\n` +
        `  and on (${label}, name) count by (${label}, name) (count_over_time(${earlier}[10m]))`
      );
    },
    summary: 'Deployment of {{ $labels.name }} succeeded in {{ $labels.namespace }}',
    description: 'The Rollout {{ $labels.name }} completed: the new version serves all traffic.',
  },
];
