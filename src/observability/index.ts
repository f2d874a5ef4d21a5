/** Observability of the app and its platform: metrics, alerts, alert routing, dashboards and logs. */
export * from './alert-model';
export * from './alert-routing';
export * from './alertmanager-yaml';
export * from './app-alerts';
export * from './app-monitoring';
export * from './log-contract';
export * from './logging-env';
export * from './loki-trace-link';
export * from './metrics-contract';
export * from './platform-alerts';
export * from './platform-observability';
export * from './public-endpoints';
