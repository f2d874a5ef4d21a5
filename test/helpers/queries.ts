/** Every PromQL expression the repo writes: recording and alert rules, dashboard panels and the canary analysis. */
import { Testing } from 'cdk8s';
import { type Platform } from '../../src/config';
import { CanaryAnalysis } from '../../src/constructs/canary-analysis';
import { appIdentity } from '../../src/constructs/identity';
import { ENVIRONMENTS } from './platform';
import { ruleGroup } from '../../src/observability/alert-model';
import { appRuleGroups } from '../../src/observability/app-alerts';
import { buildDashboards } from '../../src/observability/dashboards';
import { PLATFORM_ALERTS } from '../../src/observability/platform-alerts';

export interface LabelledQuery {
  /** Where the query comes from: `production HttpHighErrorRate`, `qa your-app-qa-apm / 5xx error rate`. */
  readonly where: string;
  readonly expr: string;
}

/** Every rule's expression: recording rules and alerts of the app, and the platform's alerts. */
export function alertQueries(platform: Platform, environment: string): LabelledQuery[] {
  const scope = { platform, environment };
  return [...appRuleGroups(scope), ruleGroup('g', PLATFORM_ALERTS, scope)].flatMap((group) =>
    group.rules.map((r) => ({ where: `${environment} ${'alert' in r ? r.alert : r.record}`, expr: r.expr })),
  );
}

function panelQueries(platform: Platform, environment: string, datasourceType: string): LabelledQuery[] {
  return buildDashboards(platform, environment).flatMap(({ uid, dashboard }) =>
    (dashboard.panels ?? []).flatMap((panel: any) =>
      (panel.targets ?? [])
        .filter((target: any) => target.datasource?.type === datasourceType)
        .map((target: any) => ({ where: `${uid} / ${panel.title}`, expr: target.expr as string })),
    ),
  );
}

/** The PromQL of every dashboard panel. */
export function dashboardQueries(platform: Platform, environment: string): LabelledQuery[] {
  return panelQueries(platform, environment, 'prometheus');
}

/** The LogQL of every logs panel. */
export function logQueries(platform: Platform, environment: string): LabelledQuery[] {
  return panelQueries(platform, environment, 'loki');
}

/** The queries of every http service's canary AnalysisTemplate. */
export function analysisQueries(platform: Platform, environment: string): LabelledQuery[] {
  const chart = Testing.chart();
  for (const [service, definition] of Object.entries(platform.services)) {
    const analysis = platform.environments[environment].services[service].canary.analysis;
    if (definition.kind !== 'http' || !analysis) continue;
    const identity = appIdentity(platform, environment);
    new CanaryAnalysis(chart, service, {
      identity,
      service,
      analysis,
      prometheusUrl: platform.monitoring.prometheusUrl,
    });
  }
  return Testing.synth(chart).flatMap((template: any) =>
    template.spec.metrics.map((m: any) => ({
      where: `${environment} ${template.metadata.name} ${m.name}`,
      expr: m.provider.prometheus.query as string,
    })),
  );
}

export function allQueries(platform: Platform): LabelledQuery[] {
  return ENVIRONMENTS.flatMap((env) => [
    ...alertQueries(platform, env),
    ...dashboardQueries(platform, env),
    ...analysisQueries(platform, env),
  ]);
}
