import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { grafanaFolder, type Platform } from '../config';
import { buildDashboards } from './dashboards';
import { observabilityMeta } from './labels';

export interface GrafanaDashboardsProps {
  readonly platform: Platform;
  readonly environment: string;
}

/** Annotation kube-prometheus-stack's Grafana sidecar reads the target folder from (`folderAnnotation`). */
export const GRAFANA_FOLDER_ANNOTATION = 'grafana_folder';

/** One ConfigMap per dashboard, labelled for the Grafana sidecar, which loads the `<uid>.json` key. */
export class GrafanaDashboards extends Construct {
  constructor(scope: Construct, id: string, props: GrafanaDashboardsProps) {
    super(scope, id);
    const { platform, environment } = props;
    const { grafana } = platform.monitoring;
    for (const { uid, dashboard } of buildDashboards(platform, environment)) {
      new k8s.KubeConfigMap(this, uid, {
        metadata: {
          ...observabilityMeta(platform, environment, `${uid}-dashboard`, grafana.namespace, grafana.dashboardLabel),
          annotations: { [GRAFANA_FOLDER_ANNOTATION]: grafanaFolder(platform) },
        },
        data: { [`${uid}.json`]: JSON.stringify(dashboard, null, 2) },
      });
    }
  }
}
