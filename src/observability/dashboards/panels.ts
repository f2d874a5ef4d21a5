/** Small builders over the Grafana Foundation SDK: every panel queries the environment's Prometheus. */
import type { Platform } from '../../config';
import { prometheus, stat, table, timeseries } from '../grafana-sdk';

export interface DashboardScope {
  readonly platform: Platform;
  readonly environment: string;
  /** The environment's app namespace, which every app and exporter query is scoped to. */
  readonly namespace: string;
}

export interface Query {
  readonly expr: string;
  /** Legend template such as `{{route}}`. */
  readonly legend?: string;
}

export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly queries: readonly Query[];
  /** Width in grid columns (24 is the full row). */
  readonly span: number;
}

const HEIGHT = 8;

function target(scope: DashboardScope, query: Query, index: number) {
  const builder = new prometheus.DataqueryBuilder()
    .datasource(datasource(scope))
    .refId(String.fromCharCode(65 + index))
    .expr(query.expr);
  return query.legend ? builder.legendFormat(query.legend) : builder;
}

function datasource(scope: DashboardScope) {
  return { type: 'prometheus', uid: scope.platform.monitoring.grafana.prometheusDatasourceUid };
}

/** The setters every panel builder of the SDK has; each returns the builder itself. */
interface PanelBuilder<B> {
  title(title: string): B;
  description(description: string): B;
  unit(unit: string): B;
  datasource(ref: ReturnType<typeof datasource>): B;
  span(span: number): B;
  height(height: number): B;
}

/** What every panel shares: title, description, unit, the environment's Prometheus, its place in the grid. */
function panel<B extends PanelBuilder<B>>(builder: B, scope: DashboardScope, spec: PanelSpec, height: number): B {
  return builder
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(datasource(scope))
    .span(spec.span)
    .height(height);
}

export function timeSeriesPanel(scope: DashboardScope, spec: PanelSpec) {
  return panel(new timeseries.PanelBuilder(), scope, spec, HEIGHT).targets(
    spec.queries.map((query, i) => target(scope, query, i)),
  );
}

export function statPanel(scope: DashboardScope, spec: PanelSpec) {
  return panel(new stat.PanelBuilder(), scope, spec, HEIGHT / 2).targets(
    spec.queries.map((query, i) => target(scope, query, i).instant()),
  );
}

/** A table of one instant query, one row per series. */
export function tablePanel(scope: DashboardScope, spec: PanelSpec) {
  return panel(new table.PanelBuilder(), scope, spec, HEIGHT).targets(
    spec.queries.map((query, i) => target(scope, query, i).instant().format(prometheus.PromQueryFormat.Table)),
  );
}
