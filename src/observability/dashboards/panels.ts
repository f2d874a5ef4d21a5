/** Small builders over the Grafana Foundation SDK: panels over the environment's Prometheus, and one over Loki. */
import type { Platform } from '../../config';
import { common, logs, loki, prometheus, stat, table, timeseries } from '../grafana-sdk';

export interface DashboardScope {
  readonly platform: Platform;
  readonly environment: string;
  /** The environment's app namespace, which every app and exporter query is scoped to. */
  readonly namespace: string;
}

/** A query of a time series: every line is named by its legend template, such as `p99 {{service_name}}`. */
export interface SeriesQuery {
  readonly expr: string;
  readonly legend: string;
}

/** A query of a stat or table panel: one value per series, named by the legend when there are several. */
export interface ValueQuery {
  readonly expr: string;
  readonly legend?: string;
}

export interface PanelSpec<Q> {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly queries: readonly Q[];
  /** Width in grid columns (24 is the full row). */
  readonly span: number;
}

const HEIGHT = 8;

function target(scope: DashboardScope, query: ValueQuery, index: number) {
  const builder = new prometheus.DataqueryBuilder()
    .datasource(prometheusDatasource(scope))
    .refId(String.fromCharCode(65 + index))
    .expr(query.expr);
  return query.legend ? builder.legendFormat(query.legend) : builder;
}

function prometheusDatasource(scope: DashboardScope) {
  return { type: 'prometheus', uid: scope.platform.monitoring.grafana.prometheusDatasourceUid };
}

function lokiDatasource(scope: DashboardScope) {
  return { type: 'loki', uid: scope.platform.monitoring.grafana.lokiDatasourceUid };
}

/** The setters every panel builder of the SDK has; each returns the builder itself. */
interface PanelBuilder<B> {
  title(title: string): B;
  description(description: string): B;
  datasource(ref: { type: string; uid: string }): B;
  span(span: number): B;
  height(height: number): B;
}

type Placed = Pick<PanelSpec<unknown>, 'title' | 'description' | 'span'>;

/** What every panel shares: title, description, its data source, its place in the grid. */
function panel<B extends PanelBuilder<B>>(
  builder: B,
  spec: Placed,
  datasource: { type: string; uid: string },
  height: number,
): B {
  return builder.title(spec.title).description(spec.description).datasource(datasource).span(spec.span).height(height);
}

/**
 * A time series with its legend shown: the SDK's default hides it (common VizLegendOptions `showLegend: false`),
 * which leaves P50, P95 and P99 as three unnamed lines.
 */
export function timeSeriesPanel(scope: DashboardScope, spec: PanelSpec<SeriesQuery>) {
  return panel(new timeseries.PanelBuilder(), spec, prometheusDatasource(scope), HEIGHT)
    .unit(spec.unit)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    )
    .targets(spec.queries.map((query, i) => target(scope, query, i)));
}

export function statPanel(scope: DashboardScope, spec: PanelSpec<ValueQuery>) {
  return panel(new stat.PanelBuilder(), spec, prometheusDatasource(scope), HEIGHT / 2)
    .unit(spec.unit)
    .targets(spec.queries.map((query, i) => target(scope, query, i).instant()));
}

/** A table of one instant query, one row per series. */
export function tablePanel(scope: DashboardScope, spec: PanelSpec<ValueQuery>) {
  return panel(new table.PanelBuilder(), spec, prometheusDatasource(scope), HEIGHT)
    .unit(spec.unit)
    .targets(
      spec.queries.map((query, i) => target(scope, query, i).instant().format(prometheus.PromQueryFormat.Table)),
    );
}

/** Log lines of one LogQL query from the environment's Loki, newest first, with their details one click away. */
export function logsPanel(scope: DashboardScope, spec: Placed & { readonly expr: string }) {
  return panel(new logs.PanelBuilder(), spec, lokiDatasource(scope), HEIGHT * 2)
    .showTime(true)
    .wrapLogMessage(true)
    .enableLogDetails(true)
    .sortOrder(common.LogsSortOrder.Descending)
    .targets([new loki.DataqueryBuilder().datasource(lokiDatasource(scope)).refId('A').expr(spec.expr)]);
}
