/** Every PromQL expression the observability code writes: alert rules and dashboard panel queries. */
import { type Platform } from '../../../src/config';
import { ENVIRONMENTS } from '../../helpers/platform';
import { ruleGroup } from '../../../src/observability/alert-model';
import { APP_ALERTS } from '../../../src/observability/app-alerts';
import { buildDashboards } from '../../../src/observability/dashboards';
import { PLATFORM_ALERTS } from '../../../src/observability/platform-alerts';

export interface LabelledQuery {
  /** Where the query comes from: `production HttpHighErrorRate`, `qa your-app-qa-apm / 5xx error rate`. */
  readonly where: string;
  readonly expr: string;
}

export function alertQueries(platform: Platform, environment: string): LabelledQuery[] {
  return [APP_ALERTS, PLATFORM_ALERTS].flatMap((alerts) =>
    ruleGroup('g', alerts, { platform, environment }).rules.map((r) => ({
      where: `${environment} ${r.alert}`,
      expr: r.expr,
    })),
  );
}

export function dashboardQueries(platform: Platform, environment: string): LabelledQuery[] {
  return buildDashboards(platform, environment).flatMap(({ uid, dashboard }) =>
    (dashboard.panels ?? []).flatMap((panel: any) =>
      (panel.targets ?? []).map((target: any) => ({ where: `${uid} / ${panel.title}`, expr: target.expr as string })),
    ),
  );
}

export function allQueries(platform: Platform): LabelledQuery[] {
  return ENVIRONMENTS.flatMap((env) => [...alertQueries(platform, env), ...dashboardQueries(platform, env)]);
}
