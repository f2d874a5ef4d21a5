/** The Grafana Foundation SDK modules this project uses (published only as package `exports` subpaths). */
export * as common from '@grafana/grafana-foundation-sdk/common';
export * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
export * as logs from '@grafana/grafana-foundation-sdk/logs';
export * as loki from '@grafana/grafana-foundation-sdk/loki';
export * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
export * as stat from '@grafana/grafana-foundation-sdk/stat';
export * as table from '@grafana/grafana-foundation-sdk/table';
export * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
export type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
