import {
  ACTIVE_TENANTS,
  ACTIVE_USERS,
  MONTHLY_RECURRING_REVENUE,
  TENANT_API_REQUESTS_TOTAL,
  TENANT_SIGNUPS_TOTAL,
  USER_SIGNUPS_TOTAL,
  USERS,
} from '../metrics-contract';
import { selector } from '../promql';
import { dashboard } from '../grafana-sdk';
import { statPanel, tablePanel, timeSeriesPanel, type DashboardScope } from './panels';

/**
 * Global business overview: tenants, users and revenue. Business gauges come from every worker pod alike, so
 * panels take their max, never their sum.
 */
export function businessOverview(scope: DashboardScope) {
  const ns = { namespace: scope.namespace };
  const signups = (window: string) => [
    { expr: `sum(increase(${selector(USER_SIGNUPS_TOTAL, ns)}[${window}]))`, legend: 'new users' },
    { expr: `sum(increase(${selector(TENANT_SIGNUPS_TOTAL, ns)}[${window}]))`, legend: 'new tenants' },
  ];
  return new dashboard.DashboardBuilder('Business overview')
    .tags(['business', scope.environment])
    .time({ from: 'now-30d', to: 'now' })
    .withRow(new dashboard.RowBuilder('Now'))
    .withPanel(
      statPanel(scope, {
        title: 'Active tenants',
        description: 'Tenants with activity in the last 30 days.',
        unit: 'short',
        queries: [{ expr: `max(${selector(ACTIVE_TENANTS, ns)})` }],
        span: 6,
      }),
    )
    .withPanel(
      statPanel(scope, {
        title: 'Active users',
        description: 'Users who signed in or called the API in the last 30 days.',
        unit: 'short',
        queries: [{ expr: `max(${selector(ACTIVE_USERS, ns)})` }],
        span: 6,
      }),
    )
    .withPanel(
      statPanel(scope, {
        title: 'Registered users',
        description: 'Users registered across all tenants, active or not.',
        unit: 'short',
        queries: [{ expr: `max(${selector(USERS, ns)})` }],
        span: 6,
      }),
    )
    .withPanel(
      statPanel(scope, {
        title: 'MRR',
        description: 'Monthly recurring revenue, per currency.',
        unit: 'short',
        queries: [{ expr: `max by (currency) (${selector(MONTHLY_RECURRING_REVENUE, ns)})`, legend: '{{currency}}' }],
        span: 6,
      }),
    )
    .withRow(new dashboard.RowBuilder('Growth'))
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'New users and tenants per day',
        description: 'Sign-ups over the previous 24 hours, at each point.',
        unit: 'short',
        queries: signups('1d'),
        span: 12,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'New users and tenants per week',
        description: 'Sign-ups over the previous 7 days, at each point.',
        unit: 'short',
        queries: signups('1w'),
        span: 12,
      }),
    )
    .withRow(new dashboard.RowBuilder('Tenants'))
    .withPanel(
      tablePanel(scope, {
        title: 'Top 10 tenants by API calls',
        description: 'API requests per tenant over the selected time range.',
        unit: 'short',
        queries: [
          {
            expr: `topk(10, sum by (tenant_id) (increase(${selector(TENANT_API_REQUESTS_TOTAL, ns)}[$__range])))`,
          },
        ],
        span: 24,
      }),
    );
}
