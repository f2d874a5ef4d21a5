/**
 * Alerts about the app's deployments, from the Argo Rollouts controller's metrics (argo-rollouts v1.9.1
 * controller/metrics). Its series carry the Rollout's namespace in `monitoring.exporters.rolloutNamespaceLabel`
 * (the controller's own namespace is `namespace`); each alert copies it into `namespace` like every app alert.
 * Why metrics and not Argo Rollouts notifications: an alert from a notification cannot resolve, cannot say that the
 * notifications stopped, and cannot be tested with promtool (docs/observability/README.md, "Deployment alerts").
 */
import { appIdentity, serviceResourceName } from '../constructs/identity';
import { namespaceOf, type AlertDefinition, type AlertScope } from './alert-model';
import { ROLLOUT_EVENTS_TOTAL, ROLLOUT_PHASES } from './metrics-contract';
import { selector } from './promql';

/** Phases of a release that failed: the deadline passed, it was aborted, or the controller cannot act on it. */
export const FAILED_PHASES = [
  ROLLOUT_PHASES.abort,
  ROLLOUT_PHASES.timeout,
  ROLLOUT_PHASES.error,
  ROLLOUT_PHASES.invalidSpec,
] as const;

/**
 * The event the controller emits only when a new revision becomes stable (rollout/sync.go promoteStable: "only emit
 * this event when we switched stable"): never for scaling, restarts, evictions or re-applies.
 */
export const ROLLOUT_COMPLETED_REASON = 'RolloutCompleted';

/** How long RolloutSucceeded fires for one promotion: one notification, and two promotions never overlap. */
const SUCCESS_WINDOW = '5m';

const label = (scope: AlertScope) => scope.platform.monitoring.exporters.rolloutNamespaceLabel;

/** `expr` with the Rollout's namespace copied into `namespace`. */
const withNamespace = (scope: AlertScope, expr: string) =>
  `label_replace(\n  ${expr},\n  "namespace", "$1", "${label(scope)}", "(.*)"\n)`;

const series = (scope: AlertScope, metric: string, matchers: Record<string, string>) =>
  selector(metric, { [label(scope)]: namespaceOf(scope), ...matchers });

/** The Rollout of every service: one per service, named like its other objects. */
const rolloutNames = (scope: AlertScope) =>
  Object.keys(scope.platform.services).map((service) =>
    serviceResourceName(appIdentity(scope.platform, scope.environment), service),
  );

export const ROLLOUT_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'RolloutFailed',
    for: '1m',
    // A leader change leaves rollout_info absent for a few scrapes: without this the alert would resolve and
    // notify again.
    keepFiringFor: '5m',
    // One alert from the deadline or abort until a retry, a new revision or a healthy Rollout: `phase` is
    // aggregated away, so Timeout then Abort (progressDeadlineAbort takes two reconciles) stays one alert.
    expr: (scope) =>
      withNamespace(
        scope,
        `max by (${label(scope)}, name) (\n    ${series(scope, 'rollout_info', { phase: `=~${FAILED_PHASES.join('|')}` })}\n  )`,
      ),
    summary: 'Deployment of {{ $labels.name }} failed in {{ $labels.namespace }}',
    description:
      'The Rollout {{ $labels.name }} was aborted (failed analysis, progress deadline or a manual abort), or the ' +
      'controller cannot create its ReplicaSet or rejects its spec. The stable version keeps serving; the new one ' +
      'needs a fix, or `kubectl argo rollouts retry`. A fully promoted Rollout that lost capacity for longer ' +
      'than its progress deadline is aborted the same way.',
  },
  {
    name: 'RolloutSucceeded',
    for: '0m',
    // A counter step within the window, or a series born since (the controller's first promotion after it
    // started: the series starts at 1 and increase() sees nothing). A series absent in the hour before the window
    // is new; after a Prometheus gap of up to an hour the old samples are still there, so no false success.
    expr: (scope) => {
      const completed = series(scope, ROLLOUT_EVENTS_TOTAL, { reason: ROLLOUT_COMPLETED_REASON });
      const by = `${label(scope)}, name`;
      return withNamespace(
        scope,
        `(\n    sum by (${by}) (increase(${completed}[${SUCCESS_WINDOW}])) > 0\n  )\n  or\n` +
          `  count by (${by}) (\n    ${completed}\n    unless\n    max_over_time(${completed}[1h] offset ${SUCCESS_WINDOW})\n  )`,
      );
    },
    summary: 'Deployment of {{ $labels.name }} succeeded in {{ $labels.namespace }}',
    description:
      'The Rollout {{ $labels.name }} promoted a new revision to stable: the new version serves all traffic.',
  },
  {
    name: 'RolloutMetricsAbsent',
    for: '10m',
    // Without rollout_info the two alerts above can never fire: the controller is down or has no leader, its
    // ServiceMonitor is not selected, the label moved, or the Rollout is gone.
    expr: (scope) =>
      rolloutNames(scope)
        .map((name) => withNamespace(scope, `absent(${series(scope, 'rollout_info', { name })})`))
        .join('\nor\n'),
    summary: 'No deployment metrics for {{ $labels.name }} in {{ $labels.namespace }}',
    description:
      'For 10 minutes Prometheus has had no rollout_info series of the Rollout {{ $labels.name }}: the Argo ' +
      'Rollouts controller is down or not scraped, or the Rollout does not exist. Deployment alerts ' +
      '(RolloutFailed, RolloutSucceeded) cannot fire until it is back.',
  },
];
