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
  readonly expr: (scope: AlertScope) => string;
  /** Go templates over `$labels` and `$value`. */
  readonly summary: string;
  readonly description: string;
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

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
  return { name, rules: definitions.map((definition) => alertRule(definition, scope)) };
}
