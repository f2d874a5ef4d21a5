/**
 * What each add-on does on the cluster, read from its real render (helm, the pinned package, the generated values):
 * the behaviour the platform relies on, not the shape of the values.
 */
import { parse } from 'yaml';
import {
  accessLogsBucketName,
  alertRoutingConfigName,
  awsWorkloads,
  blackboxExporterAddress,
  clusterName,
  siteRegion,
  lokiBucketName,
  lokiTenant,
  environmentSites,
  vpcName,
  webAclName,
} from '../../src/config';
import { ALERT_ROUTING_LABEL } from '../../src/observability/alert-routing-config';
import { SEVERITY_RECEIVERS } from '../../src/observability/alert-routing';
import { FLUENT_BIT_CONFIG_KEY, fluentBitConfigMapName } from '../../src/observability/log-shipping';
import { GRAFANA_FOLDER_ANNOTATION } from '../../src/observability/grafana-dashboards';
import { ADDONS } from '../../src/addons';
import { ALB_TLS_POLICY } from '../../src/constructs/alb-ingress';
import { DUPLICATED_DEFAULT_ALERTS, loudestSeverity } from '../../src/addons/kube-prometheus-stack';
import { ROLLOUTS_CONTROLLER_VERSION } from '../../src/addons/argo-rollouts';
import { defaultPlatform } from '../helpers/platform';
import { environmentObjects, type KubeObject } from '../helpers/manifests';
import { operatorConfig, selects, type AlertmanagerConfigResource } from '../helpers/alertmanager-operator';
import {
  addonManifests,
  applications,
  helmSourceOf,
  kubeVersion,
  renderCluster,
  type Cluster,
} from '../helpers/addon-renders';
import { renderChart, type Rendered } from '../helpers/charts';
import { run } from '../helpers/tools';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { nonEmpty } from '../helpers/collections';

const platform = defaultPlatform;
const cluster: Cluster = { environment: 'production', region: 'primary' };
const env = platform.environments[cluster.environment];
const renders = renderCluster(platform, cluster);
const extras = addonManifests(platform, cluster);
const workloads = awsWorkloads(platform);
const region = siteRegion(platform, cluster.environment, cluster.region);

const objectsOf = (addon: string): Rendered[] => {
  const render = renders.get(addon);
  if (!render) throw new Error(`no render of ${addon}`);
  return render.objects;
};
const all = (objects: readonly Rendered[], kind: string) => objects.filter((o) => o.kind === kind);
function one(objects: readonly Rendered[], kind: string, name?: string): Rendered {
  const found = all(objects, kind).filter((o) => name === undefined || o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, found ${found.length}`);
  return found[0];
}
const podSpec = (workload: Rendered) => workload.spec.template.spec;
const container = (workload: Rendered, index = 0) => podSpec(workload).containers[index];
const roleArnOf = (account: Rendered) => account.metadata.annotations?.['eks.amazonaws.com/role-arn'];

/** The ServiceAccount a pod of the workload runs as, with the role its annotation names. */
function serviceAccountOf(objects: readonly Rendered[], workload: Rendered): Rendered {
  return one(objects, 'ServiceAccount', podSpec(workload).serviceAccountName);
}

describe('metrics-server: the resource metrics the HPAs read', () => {
  const objects = objectsOf('metrics-server');

  it('serves metrics.k8s.io through an APIService backed by its Service', () => {
    const api = one(objects, 'APIService', 'v1beta1.metrics.k8s.io');
    const service = one(objects, 'Service');
    expect(api.spec.service).toMatchObject({ name: service.metadata.name, namespace: 'kube-system' });
  });

  it('verifies the kubelets’ certificates (no --kubelet-insecure-tls) and runs two replicas with a budget', () => {
    const deployment = one(objects, 'Deployment');
    expect(container(deployment).args.join(' ')).not.toContain('insecure');
    expect(deployment.spec.replicas).toBe(2);
    expect(one(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });
});

describe('AWS Load Balancer Controller: the internet edge of every ALB', () => {
  const objects = objectsOf('aws-load-balancer-controller');
  const deployment = one(objects, 'Deployment');
  const args = container(deployment).args as string[];

  it('manages this cluster in its region and finds the VPC by the name infra gives it', () => {
    expect(args).toEqual(
      expect.arrayContaining([
        `--cluster-name=${clusterName(platform, cluster.environment)}`,
        `--aws-region=${region}`,
        `--aws-vpc-tags=Name=${vpcName(platform, cluster.environment)}`,
      ]),
    );
    expect(args.some((a) => a.startsWith('--aws-vpc-id'))).toBe(false);
  });

  it('runs as its IRSA ServiceAccount', () => {
    const account = serviceAccountOf(objects, deployment);
    expect(account.metadata).toMatchObject(workloads['aws-load-balancer-controller'].serviceAccount);
    expect(roleArnOf(account)).toMatch(/:role\/your-app-production-aws-load-balancer-controller$/);
  });

  it('gives every Ingress of class alb the TLS policy, the web ACL, access logs and deletion protection', () => {
    const ingressClass = one(objects, 'IngressClass', 'alb');
    expect(ingressClass.spec.controller).toBe('ingress.k8s.aws/alb');
    const params = one(objects, 'IngressClassParams', ingressClass.spec.parameters.name);
    expect(params.spec).toMatchObject({
      scheme: 'internet-facing',
      sslPolicy: ALB_TLS_POLICY,
      wafv2AclName: webAclName(platform, cluster.environment),
    });
    expect(Object.fromEntries(params.spec.loadBalancerAttributes.map((a: any) => [a.key, a.value]))).toEqual({
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.bucket': accessLogsBucketName(platform, cluster.environment, region),
      'deletion_protection.enabled': String(env.edge.deletionProtection),
      'routing.http.drop_invalid_header_fields.enabled': 'true',
    });
  });

  it("is the class of the app's Ingress, which redirects port 80 to HTTPS", () => {
    const ingress = environmentObjects(platform, cluster.environment, 'app').find(
      (o) => o.kind === 'Ingress',
    ) as KubeObject;
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(JSON.parse(ingress.metadata.annotations?.['alb.ingress.kubernetes.io/listen-ports'] ?? '[]')).toEqual([
      { HTTP: 80 },
      { HTTPS: 443 },
    ]);
    expect(ingress.metadata.annotations?.['alb.ingress.kubernetes.io/ssl-redirect']).toBe('443');
  });
});

describe('Argo Rollouts: controller metrics and ALB target-group verification', () => {
  const objects = objectsOf('argo-rollouts');
  const deployment = one(objects, 'Deployment');

  it(`runs controller ${ROLLOUTS_CONTROLLER_VERSION}, verifying target groups in the cluster's region`, () => {
    expect(container(deployment).image).toMatch(new RegExp(`:${ROLLOUTS_CONTROLLER_VERSION}$`));
    expect(container(deployment).args).toContain('--aws-verify-target-group');
    // v1.9.1 has no --aws-region flag: the AWS SDK reads AWS_REGION.
    expect(container(deployment).args.join(' ')).not.toContain('--aws-region');
    expect(container(deployment).env).toContainEqual({ name: 'AWS_REGION', value: region });
    expect(roleArnOf(serviceAccountOf(objects, deployment))).toMatch(/:role\/your-app-production-argo-rollouts$/);
  });

  it('exposes rollout_info on a metrics Service that its ServiceMonitor scrapes', () => {
    const monitor = one(objects, 'ServiceMonitor');
    const service = all(objects, 'Service').find((s) => selects(monitor.spec.selector, s.metadata.labels ?? {}));
    expect(service?.spec.ports.map((p: any) => p.name)).toContain(monitor.spec.endpoints[0].port);
  });
});

describe('every ServiceMonitor of every add-on', () => {
  const kps = objectsOf('kube-prometheus-stack');
  const prometheus = one(kps, 'Prometheus');
  const monitors = [...renders.entries()].flatMap(([addon, render]) =>
    all(render.objects, 'ServiceMonitor').map((monitor) => ({ addon, monitor, objects: render.objects })),
  );

  it('exists for each add-on; Argo CD renders its own once the monitoring API exists', () => {
    const withMonitor = new Set(monitors.map((m) => m.addon));
    // Argo CD (wave 0) comes before the monitoring CRDs, and its chart renders ServiceMonitors only when the
    // cluster serves them (.Capabilities): its self-managed Application adds them on a later refresh.
    expect([...renders.keys()].filter((addon) => !withMonitor.has(addon))).toEqual(['argo-cd']);
    const argoCd = renders.get('argo-cd') as { source: any; application: KubeObject };
    const later = renderChart(argoCd.source, {
      namespace: argoCd.application.spec.destination.namespace,
      kubeVersion: kubeVersion(platform, cluster.environment),
      apiVersions: ['monitoring.coreos.com/v1', 'monitoring.coreos.com/v1/ServiceMonitor'],
    });
    expect(all(later, 'ServiceMonitor').length).toBeGreaterThan(0);
    for (const monitor of all(later, 'ServiceMonitor')) {
      expect(selects(prometheus.spec.serviceMonitorSelector, monitor.metadata.labels ?? {})).toBe(true);
    }
  });

  it('is selected by Prometheus, in a namespace Prometheus watches', () => {
    expect(prometheus.spec.serviceMonitorNamespaceSelector).toEqual({});
    for (const { addon, monitor } of nonEmpty(monitors)) {
      expect({
        addon,
        monitor: monitor.metadata.name,
        selected: selects(prometheus.spec.serviceMonitorSelector, monitor.metadata.labels ?? {}),
      }).toMatchObject({ selected: true });
    }
  });

  /**
   * Services a cluster has without any chart: the API server's, and the kubelets' Service that prometheus-operator
   * creates and keeps up to date (kube-prometheus-stack `prometheusOperator.kubeletService`, `--kubelet-service`).
   */
  const CLUSTER_SERVICES: Record<string, string> = {
    'kube-prometheus-stack-apiserver': 'default/kubernetes',
    'kube-prometheus-stack-kubelet': 'kube-system/kube-prometheus-stack-kubelet',
  };

  it('knows the Services outside every chart it scrapes', () => {
    const operator = one(kps, 'Deployment', 'kube-prometheus-stack-operator');
    expect(container(operator).args).toContain(
      `--kubelet-service=${CLUSTER_SERVICES['kube-prometheus-stack-kubelet']}`,
    );
    const apiserver = one(kps, 'ServiceMonitor', 'kube-prometheus-stack-apiserver');
    expect(apiserver.spec.namespaceSelector.matchNames).toEqual(['default']);
    expect(apiserver.spec.selector.matchLabels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
  });

  it('selects a Service of its render with the port it scrapes', () => {
    for (const { addon, monitor, objects } of nonEmpty(monitors)) {
      if (CLUSTER_SERVICES[monitor.metadata.name]) continue;
      const namespaces: string[] = monitor.spec.namespaceSelector?.matchNames ?? [monitor.metadata.namespace];
      const services = all(objects, 'Service').filter(
        (s) =>
          selects(monitor.spec.selector, s.metadata.labels ?? {}) &&
          (monitor.spec.namespaceSelector?.any ||
            namespaces.includes(s.metadata.namespace ?? renders.get(addon)?.application.spec.destination.namespace)),
      );
      const ports = services.flatMap((s) => s.spec.ports.map((p: any) => p.name));
      for (const endpoint of nonEmpty(monitor.spec.endpoints)) {
        // Without a port (or targetPort), prometheus-operator scrapes every port of the Service.
        const found = endpoint.port === undefined ? services.length > 0 : ports.includes(endpoint.port);
        expect({ addon, monitor: monitor.metadata.name, port: endpoint.port, found }).toMatchObject({ found: true });
      }
    }
  });
});

describe('kube-prometheus-stack', () => {
  const objects = objectsOf('kube-prometheus-stack');
  const prometheus = one(objects, 'Prometheus');
  const alertmanager = one(objects, 'Alertmanager');

  it("selects this project's ServiceMonitors, PodMonitors, PrometheusRules and Probes in every namespace", () => {
    const selector = { matchLabels: platform.monitoring.selectorLabels };
    for (const field of ['serviceMonitorSelector', 'podMonitorSelector', 'ruleSelector', 'probeSelector']) {
      expect({ field, selector: prometheus.spec[field] }).toEqual({ field, selector });
    }
    const rules = environmentObjects(platform, cluster.environment).filter((o) => o.kind === 'PrometheusRule');
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(selects(prometheus.spec.ruleSelector, rule.metadata.labels ?? {})).toBe(true);
  });

  it('serves Prometheus at the URL the canary analysis queries', () => {
    const url = new URL(platform.monitoring.prometheusUrl);
    const [service, namespace] = url.hostname.split('.');
    const found = one(objects, 'Service', service);
    expect(found.metadata.namespace).toBe(namespace);
    expect(found.spec.ports.map((p: any) => p.port)).toContain(Number(url.port));
  });

  it('runs Alertmanager on the global routing and selects only the receivers’ configurations of its namespace', () => {
    const name = alertRoutingConfigName(platform);
    expect(alertmanager.spec.alertmanagerConfiguration).toEqual({ name });
    expect(alertmanager.spec.alertmanagerConfigSelector).toEqual({ matchLabels: { [ALERT_ROUTING_LABEL]: name } });
    expect(alertmanager.spec.alertmanagerConfigNamespaceSelector).toEqual({
      matchLabels: { 'kubernetes.io/metadata.name': platform.monitoring.namespace },
    });
    expect(alertmanager.spec.alertmanagerConfigMatcherStrategy).toEqual({
      type: 'OnNamespaceExceptForAlertmanagerNamespace',
    });
  });

  it('generates an Alertmanager configuration that passes amtool check-config and routes P1, P2 and P3', () => {
    const configs = extras.filter((o) => o.kind === 'AlertmanagerConfig') as unknown as AlertmanagerConfigResource[];
    const global = configs.find((c) => c.metadata.name === alertmanager.spec.alertmanagerConfiguration.name);
    const namespaces = { 'kubernetes.io/metadata.name': platform.monitoring.namespace };
    const selected = configs.filter(
      (c) =>
        c !== global &&
        selects(alertmanager.spec.alertmanagerConfigSelector, c.metadata.labels ?? {}) &&
        selects(
          alertmanager.spec.alertmanagerConfigNamespaceSelector,
          c.metadata.namespace === platform.monitoring.namespace ? namespaces : {},
        ),
    );
    expect(configs.filter((c) => c === global)).toHaveLength(1);
    expect(selected.length).toBe(4);
    const { config, rejected } = operatorConfig(
      global as AlertmanagerConfigResource,
      selected,
      (ref) => `https://secret.invalid/${ref.name}/${ref.key}`,
    );
    expect(rejected).toEqual([]);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kps-am-')), 'alertmanager.yaml');
    writeFileSync(file, stringify(config));
    const check = run('amtool', ['check-config', file]);
    expect(check.status).toBe(0);
    const routes = (severity: string) =>
      run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, `severity=${severity}`, 'alertname=X'])
        .stdout.trim()
        .split(',')
        .map((r) => r.split('/').pop())
        .sort();
    expect(routes('P1')).toEqual([SEVERITY_RECEIVERS.P1, SEVERITY_RECEIVERS.P2].sort());
    expect(routes('P2')).toEqual([SEVERITY_RECEIVERS.P2]);
    expect(routes('P3')).toEqual([SEVERITY_RECEIVERS.P3]);
  });

  it('pages as loud as the loudest alert when a receiver is rejected or no configuration is applied', () => {
    const alerts = all(objects, 'PrometheusRule').flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules));
    for (const name of ['PrometheusOperatorRejectedResources', 'PrometheusOperatorSyncFailed']) {
      const rule = alerts.find((r: any) => r.alert === name);
      expect({ name, severity: rule?.labels.severity }).toEqual({
        name,
        severity: loudestSeverity(platform, cluster.environment),
      });
    }
  });

  it('drops its default alerts that say again what this project’s alerts say, and only those', () => {
    const alertNames = (rendered: readonly Rendered[]) =>
      new Set(
        all(rendered, 'PrometheusRule').flatMap((r) =>
          r.spec.groups.flatMap((g: any) => g.rules.map((x: any) => x.alert)).filter(Boolean),
        ),
      );
    const source = renders.get('kube-prometheus-stack')?.source as any;
    const values = structuredClone(source.helm.valuesObject);
    values.defaultRules.disabled = {};
    const withDefaults = alertNames(
      renderChart(
        { ...source, helm: { ...source.helm, valuesObject: values } },
        {
          namespace: platform.monitoring.namespace,
          kubeVersion: kubeVersion(platform, cluster.environment),
          apiVersions: [],
        },
      ),
    );
    const rendered = alertNames(objects);
    const disabled = Object.values(DUPLICATED_DEFAULT_ALERTS).flat();
    expect(disabled.length).toBeGreaterThan(0);
    for (const alert of disabled) {
      // Each name is a real default alert (a typo would disable nothing), and it is gone.
      expect({ alert, existsByDefault: withDefaults.has(alert), rendered: rendered.has(alert) }).toEqual({
        alert,
        existsByDefault: true,
        rendered: false,
      });
    }
    expect([...withDefaults].filter((a) => !rendered.has(a)).sort()).toEqual([...disabled].sort());
  });

  it('scrapes no control-plane component EKS does not expose', () => {
    const monitors = all(objects, 'ServiceMonitor').map((m) => m.metadata.name);
    for (const component of ['kube-etcd', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy']) {
      expect(monitors.some((m) => m.endsWith(component))).toBe(false);
    }
  });
});

describe('Grafana: the dashboards in their folder, Prometheus and Loki with trace links', () => {
  const objects = objectsOf('kube-prometheus-stack');
  const grafana = one(objects, 'Deployment', 'kube-prometheus-stack-grafana');
  const sidecar = podSpec(grafana).containers.find((c: any) => c.name === 'grafana-sc-dashboard');
  const env = (name: string) => sidecar.env.find((e: any) => e.name === name)?.value;
  const datasources = parse(
    one(objects, 'ConfigMap', 'kube-prometheus-stack-grafana-datasource').data['datasource.yaml'],
  ).datasources as any[];

  it("loads the dashboards' ConfigMaps into the folder their annotation names", () => {
    const { grafana: config } = platform.monitoring;
    const [[label, value]] = Object.entries(config.dashboardLabel);
    expect(env('LABEL')).toBe(label);
    expect(env('LABEL_VALUE')).toBe(value);
    expect(env('FOLDER_ANNOTATION')).toBe(GRAFANA_FOLDER_ANNOTATION);
    expect(env('NAMESPACE')).toBe(config.namespace);
    const provider = parse(
      one(objects, 'ConfigMap', 'kube-prometheus-stack-grafana-config-dashboards').data['provider.yaml'],
    );
    expect(provider.providers[0].options.foldersFromFilesStructure).toBe(true);
    const dashboards = environmentObjects(platform, cluster.environment, 'observability').filter(
      (o) => o.kind === 'ConfigMap' && o.metadata.labels?.[label] === value,
    );
    expect(dashboards.length).toBeGreaterThan(0);
    for (const dashboard of dashboards) {
      expect(dashboard.metadata.namespace).toBe(config.namespace);
      expect(dashboard.metadata.annotations?.[GRAFANA_FOLDER_ANNOTATION]).toBeTruthy();
    }
  });

  it('has the Prometheus data source under the uid the dashboards query', () => {
    const prometheus = datasources.find((d) => d.type === 'prometheus');
    expect(prometheus.uid).toBe(platform.monitoring.grafana.prometheusDatasourceUid);
  });

  it("has the Loki data source reading the logs' tenant, with trace_id as a link to that trace's logs", () => {
    const loki = datasources.find((d) => d.type === 'loki');
    const { lokiDatasourceUid } = platform.monitoring.grafana;
    const { host, port } = platform.monitoring.logging.loki;
    expect(loki.uid).toBe(lokiDatasourceUid);
    expect(loki.url).toBe(`http://${host}:${port}`);
    expect(loki.jsonData.httpHeaderName1).toBe('X-Scope-OrgID');
    expect(loki.secureJsonData.httpHeaderValue1).toBe(lokiTenant(platform));
    const [field] = loki.jsonData.derivedFields;
    expect(field.datasourceUid).toBe(lokiDatasourceUid);
    // The regex finds the trace id in a shipped line, and the link queries Loki for it ($$ is a literal $).
    const line = JSON.stringify({ level: 'info', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', message: 'x' });
    expect(new RegExp(field.matcherRegex).exec(line)?.[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(field.url).toContain('$${__value.raw}');
  });
});

describe('Loki: S3 in the region, one tenant, behind the gateway the log shippers use', () => {
  const objects = objectsOf('loki');
  const config = parse(one(objects, 'ConfigMap', 'loki').data['config.yaml']);

  it("stores in the region's bucket with the role of its ServiceAccount, multi-tenant", () => {
    expect(config.auth_enabled).toBe(true);
    expect(config.common.storage.s3).toMatchObject({
      bucketnames: lokiBucketName(platform, cluster.environment, region),
      region,
    });
    expect(config.common.storage.s3).not.toHaveProperty('access_key_id');
    const statefulSet = one(objects, 'StatefulSet', 'loki');
    const account = serviceAccountOf(objects, statefulSet);
    expect(account.metadata).toMatchObject(workloads.loki.serviceAccount);
    expect(roleArnOf(account)).toMatch(/:role\/your-app-production-loki$/);
  });

  it('serves its gateway at the host and port of monitoring.logging.loki', () => {
    const { host, port } = platform.monitoring.logging.loki;
    const [name, namespace] = host.split('.');
    const service = one(objects, 'Service', name);
    expect(service.metadata.namespace).toBe(namespace);
    expect(service.spec.ports.map((p: any) => p.port)).toContain(port);
  });
});

describe('Fluent Bit: the project’s pipeline on every node, nothing lost while Loki is down', () => {
  const objects = objectsOf('fluent-bit');
  const daemonSet = one(objects, 'DaemonSet');
  const spec = podSpec(daemonSet);
  const configMap = extras.find((o) => o.kind === 'ConfigMap' && o.metadata.name === fluentBitConfigMapName(platform));
  const config = parse(configMap?.data?.[FLUENT_BIT_CONFIG_KEY] ?? '');
  const [input] = config.pipeline.inputs;
  const [output] = config.pipeline.outputs;
  const mountOf = (file: string) =>
    container(daemonSet).volumeMounts.find((m: any) => file.startsWith(`${m.mountPath}/`) || file === m.mountPath);

  it('runs the config that ships with the add-on', () => {
    const volume = spec.volumes.find((v: any) => v.configMap?.name === configMap?.metadata.name);
    const mount = container(daemonSet).volumeMounts.find((m: any) => m.name === volume?.name);
    expect(container(daemonSet).args).toContain(`--config=${mount.mountPath}/${FLUENT_BIT_CONFIG_KEY}`);
    expect(all(objects, 'ConfigMap')).toEqual([]);
  });

  it('keeps the tail positions and the buffer on a writable hostPath of the node', () => {
    for (const file of [input.db, config.service['storage.path']]) {
      const mount = mountOf(file);
      expect({ file, mounted: mount !== undefined, readOnly: mount?.readOnly ?? false }).toEqual({
        file,
        mounted: true,
        readOnly: false,
      });
      const volume = spec.volumes.find((v: any) => v.name === mount.name);
      expect(volume.hostPath.type).toBe('DirectoryOrCreate');
    }
    // The kubelet's /var/log/containers/*.log are symlinks into /var/log/pods: both must be the node's own paths.
    for (const file of ['/var/log/containers/x.log', '/var/log/pods/ns_pod_uid/app/0.log']) {
      const mount = mountOf(file);
      const volume = spec.volumes.find((v: any) => v.name === mount?.name);
      expect({ file, mountPath: mount?.mountPath, hostPath: volume?.hostPath?.path }).toEqual({
        file,
        mountPath: expect.any(String),
        hostPath: mount?.mountPath,
      });
    }
  });

  // What the config itself does with the buffer and the retries: test/observability/logs.test.ts.

  it("ships to the Loki gateway as the logs' tenant", () => {
    expect(output).toMatchObject({ name: 'loki', tenant_id: lokiTenant(platform) });
    expect(`${output.host}:${output.port}`).toBe(
      `${platform.monitoring.logging.loki.host}:${platform.monitoring.logging.loki.port}`,
    );
  });
});

describe('data-store exporters in the app namespace', () => {
  const { exporters } = platform.monitoring;
  const cases = [
    {
      addon: 'postgres-exporter-primary',
      job: exporters.postgresPrimaryJob,
      subnets: env.aws.network.subnets.database,
      port: env.database.port,
    },
    {
      addon: 'postgres-exporter-replica',
      job: exporters.postgresReplicaJob,
      subnets: env.aws.network.subnets.database,
      port: env.database.port,
    },
    { addon: 'redis-exporter', job: exporters.redisJob, subnets: env.aws.network.subnets.cache, port: env.redis.port },
  ];

  describe.each(cases)('$addon', ({ addon, job, subnets, port }) => {
    const objects = objectsOf(addon);
    const deployment = one(objects, 'Deployment');
    const podLabels = deployment.spec.template.metadata.labels;
    const metricsPort = container(deployment).ports[0].containerPort;
    const policies = extras.filter((o) => o.kind === 'NetworkPolicy' && selects(o.spec.podSelector, podLabels));

    it('is scraped as the job the data-store alerts select, in the app namespace', () => {
      const monitor = one(objects, 'ServiceMonitor');
      const service = one(objects, 'Service');
      // prometheus-operator: job = the Service's name unless it carries the jobLabel label.
      const jobLabel = monitor.spec.jobLabel;
      expect(jobLabel === undefined || service.metadata.labels?.[jobLabel] === undefined).toBe(true);
      expect(service.metadata.name).toBe(job);
      expect(renders.get(addon)?.application.spec.destination.namespace).toBe(env.namespace);
      expect(monitor.metadata.namespace ?? env.namespace).toBe(env.namespace);
    });

    it('runs under the restricted Pod Security Standard of the app namespace, with the sizes the quota counts', () => {
      const pod = podSpec(deployment);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of nonEmpty(pod.containers)) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        expect(c.resources).toEqual(ADDONS[addon as 'redis-exporter'].appNamespacePods?.resources);
      }
      expect(pod.hostNetwork ?? false).toBe(false);
      expect(pod.volumes?.some((v: any) => v.hostPath) ?? false).toBe(false);
    });

    it('admits only the monitoring namespace, on the metrics port', () => {
      const ingress = policies.filter((p) => p.spec.policyTypes.includes('Ingress'));
      expect(ingress).toHaveLength(1);
      expect(ingress[0].spec.ingress).toEqual([
        {
          from: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': platform.monitoring.namespace } } },
          ],
          ports: [{ protocol: 'TCP', port: metricsPort }],
        },
      ]);
    });

    it("reaches only its data store's subnets, on its port", () => {
      const egress = policies.filter((p) => p.spec.policyTypes.includes('Egress'));
      expect(egress).toHaveLength(1);
      expect(egress[0].spec.egress).toEqual([
        { to: subnets.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port }] },
      ]);
    });

    it('reads its credentials from the Secret its ExternalSecret creates', () => {
      const refs = container(deployment)
        .env.filter((e: any) => e.valueFrom?.secretKeyRef)
        .map((e: any) => e.valueFrom.secretKeyRef);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) {
        const external = extras.find((o) => o.kind === 'ExternalSecret' && o.spec.target.name === ref.name);
        expect(external?.metadata.namespace).toBe(env.namespace);
        expect(external?.spec.data.map((d: any) => d.secretKey)).toContain(ref.key);
      }
    });
  });
});

describe('the other add-ons', () => {
  it('blackbox exporter: serves at blackboxExporterAddress', () => {
    const objects = objectsOf('prometheus-blackbox-exporter');
    const [host, port] = blackboxExporterAddress(platform).split(':');
    const [name, namespace] = host.split('.');
    const service = one(objects, 'Service', name);
    expect(service.metadata.namespace).toBe(namespace);
    expect(service.spec.ports.map((p: any) => p.port)).toContain(Number(port));
  });

  it("external-dns: writes only the region's names into the environment's zone, as its role", () => {
    const objects = objectsOf('external-dns');
    const deployment = one(objects, 'Deployment');
    const args = container(deployment).args as string[];
    expect(args).toEqual(
      expect.arrayContaining([
        `--domain-filter=${region}.${env.domain}`,
        '--aws-zone-match-parent',
        '--policy=sync',
        '--source=ingress',
        `--txt-owner-id=${clusterName(platform, cluster.environment)}-${region}`,
      ]),
    );
    expect(container(deployment).env).toContainEqual({ name: 'AWS_DEFAULT_REGION', value: region });
    expect(roleArnOf(serviceAccountOf(objects, deployment))).toMatch(/:role\/your-app-production-external-dns$/);
  });

  it("cluster-autoscaler: discovers the cluster's node groups by their tags, in the region", () => {
    const objects = objectsOf('cluster-autoscaler');
    const deployment = one(objects, 'Deployment');
    const command = (container(deployment).command as string[]).join(' ');
    expect(command).toContain(
      `--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/${clusterName(platform, cluster.environment)}`,
    );
    expect(command).toContain('--balance-similar-node-groups=true');
    expect(container(deployment).env).toContainEqual({ name: 'AWS_REGION', value: region });
  });

  it('external-secrets: the platform stores serve one namespace each, as their own ServiceAccount', () => {
    const stores = extras.filter((o) => o.kind === 'ClusterSecretStore');
    expect(stores).toHaveLength(2);
    for (const store of stores) {
      expect(store.spec.conditions).toHaveLength(1);
      expect(store.spec.provider.aws.region).toBe(region);
      const ref = store.spec.provider.aws.auth.jwt.serviceAccountRef;
      const account = extras.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === ref.name);
      expect(account?.metadata.namespace).toBe(ref.namespace);
      expect(roleArnOf(account as Rendered)).toMatch(/^arn:aws:iam::\d{12}:role\/your-app-production-/);
    }
  });
});

describe('the DR cluster', () => {
  const dr: Cluster = { environment: 'production', region: 'dr' };
  const drRegion = siteRegion(platform, dr.environment, dr.region);
  const drApps = applications(platform, dr);
  const values = (addon: string) =>
    (helmSourceOf(drApps.find((a) => a.metadata.name === addon) as KubeObject) as any).helm.valuesObject;

  it('exists for the environments with a DR region', () => {
    expect(environmentSites(platform, dr.environment)).toEqual(['primary', 'dr']);
  });

  it('runs the add-ons in its own region, as the DR roles', () => {
    expect(values('aws-load-balancer-controller').region).toBe(drRegion);
    expect(values('loki').loki.storage.s3.region).toBe(drRegion);
    const arns = JSON.stringify(drApps.map((a) => helmSourceOf(a)?.helm.valuesObject)).match(
      /arn:aws:iam::\d{12}:role\/[A-Za-z0-9-]+/g,
    );
    expect(arns?.length).toBeGreaterThan(0);
    for (const arn of arns ?? []) expect(arn).toMatch(/:role\/your-app-production-dr-/);
  });
});
