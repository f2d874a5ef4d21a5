/**
 * Alerts as typed data: one definition renders the PrometheusRule of every environment (its scope and severity
 * depend on the environment) and the rules file that promtool checks and unit-tests.
 */
import type { AlertName, Platform } from '../config';

export interface AlertScope {
  readonly platform: Platform;
  readonly environment: string;
}

export interface AlertDefinition {
  /**
   * `alertname`, PascalCase; the runbook is docs/runbooks/<kebab-case name>.md. Its severity in each environment is
   * the environment's `alertSeverities` entry: the same condition matters less where no customer is.
   */
  readonly name: AlertName;
  /** How long the condition must hold before the alert fires. */
  readonly for: string;
  /**
   * How long the alert keeps firing after the condition cleared: bridges a short gap in its series.
   * @default resolves at the first evaluation without the condition
   */
  readonly keepFiringFor?: string;
  readonly expr: (scope: AlertScope) => string;
  /**
   * Whether the platform has what the alert watches (an alert about workers needs a worker service).
   * @default always
   */
  readonly appliesTo?: (scope: AlertScope) => boolean;
  /** Go templates over `$labels` and `$value`. */
  readonly summary: string;
  readonly description: string;
}

/** An alerting rule in the rules-file format promtool reads (`keep_firing_for`, not the CRD's `keepFiringFor`). */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly keep_firing_for?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** A recording rule: the series `record` is `expr`, evaluated with the group. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

export type Rule = AlertRule | RecordingRule;

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly Rule[];
}

export const isAlertRule = (rule: Rule): rule is AlertRule => 'alert' in rule;

/** The environment's app namespace: every app alert is scoped to it. */
export const namespaceOf = (scope: AlertScope): string => scope.platform.environments[scope.environment].namespace;

/** `HttpHighErrorRate` -> `http-high-error-rate`. */
export function kebabCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

export function runbookUrl(platform: Platform, alertName: string): string {
  return `${platform.monitoring.runbookBaseUrl}/${kebabCase(alertName)}.md`;
}

export function alertRule(definition: AlertDefinition, scope: AlertScope): AlertRule {
  return {
    alert: definition.name,
    expr: definition.expr(scope),
    for: definition.for,
    ...(definition.keepFiringFor && { keep_firing_for: definition.keepFiringFor }),
    labels: {
      environment: scope.environment,
      severity: scope.platform.environments[scope.environment].alertSeverities[definition.name],
    },
    annotations: {
      description: definition.description,
      runbook_url: runbookUrl(scope.platform, definition.name),
      summary: definition.summary,
    },
  };
}

export function ruleGroup(name: string, definitions: readonly AlertDefinition[], scope: AlertScope): RuleGroup {
  const applicable = definitions.filter((definition) => definition.appliesTo?.(scope) ?? true);
  return { name, rules: applicable.map((definition) => alertRule(definition, scope)) };
}

/** The alert rules of rule groups, for tests and tools that only look at alerts. */
export const alertRules = (groups: readonly RuleGroup[]): AlertRule[] =>
  groups.flatMap((g) => g.rules.filter(isAlertRule));
