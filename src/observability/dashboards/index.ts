import type { Platform } from '../../config';
import type { Dashboard } from '../grafana-sdk';
import { apm } from './apm';
import { businessOverview } from './business-overview';
import { infrastructure } from './infrastructure';
import type { DashboardScope } from './panels';

export interface BuiltDashboard {
  /** Stable uid, also the ConfigMap name suffix: `your-app-production-apm`. */
  readonly uid: string;
  readonly dashboard: Dashboard;
}

const MAX_UID_LENGTH = 40;

const DASHBOARDS = { business: businessOverview, apm, infrastructure } as const;

/** The three dashboards of an environment, scoped to its app namespace. */
export function buildDashboards(platform: Platform, environment: string): BuiltDashboard[] {
  const scope: DashboardScope = { platform, environment, namespace: platform.environments[environment].namespace };
  return Object.entries(DASHBOARDS).map(([key, build]) => {
    const uid = `${platform.app.name}-${environment}-${key}`;
    if (uid.length > MAX_UID_LENGTH) {
      throw new Error(`dashboard uid "${uid}" is longer than Grafana's ${MAX_UID_LENGTH} characters: shorten app.name`);
    }
    const builder = build(scope);
    const title = builder.build().title;
    return { uid, dashboard: builder.uid(uid).title(`${title} (${platform.app.name} ${environment})`).build() };
  });
}
