/** Properties of the synthesized workload that must hold in every environment, read off the objects. */
import { cidrsOverlap, parseCidr, type HttpServiceDefinition } from '../../src/config';
import { ENVIRONMENTS } from '../helpers/platform';
import { defaultPlatformWithTag } from '../helpers/platform';
import { environmentObjects, findObject, type KubeObject } from '../helpers/manifests';
import { evaluateResult } from '../helpers/argo-evaluate';
import { nonEmpty } from '../helpers/collections';

const platform = defaultPlatformWithTag();
/** Kinds of the namespace file that belong to no namespace: the Namespace, and the SOP-01 drill role's RBAC. */
const CLUSTER_SCOPED = ['Namespace', 'PriorityClass', 'ClusterRole', 'ClusterRoleBinding'];
const services = Object.keys(platform.services);
const byEnv = Object.fromEntries(
  ENVIRONMENTS.map((env) => [
    env,
    [...environmentObjects(platform, env, 'namespace'), ...environmentObjects(platform, env, 'app')],
  ]),
) as Record<string, KubeObject[]>;

function egressRules(objects: KubeObject[]): any[] {
  return objects.filter((o) => o.kind === 'NetworkPolicy').flatMap((o) => o.spec.egress ?? []);
}

/** Does any ipBlock peer of the rule overlap one of the subnets? (An overlap, not string equality: a VPC-wide
 * block reaches the database as surely as the database subnet itself.) */
function reachesAny(rule: any, subnets: readonly string[]): boolean {
  return (rule.to ?? []).some((peer: any) => {
    const block = peer.ipBlock && parseCidr(peer.ipBlock.cidr);
    return block && subnets.some((subnet) => cidrsOverlap(block, parseCidr(subnet)!));
  });
}

const rollout = (env: string, service: string) => findObject(byEnv[env], 'Rollout', `your-app-${service}`);
const podSpec = (env: string, service: string) => rollout(env, service).spec.template.spec;

describe.each(ENVIRONMENTS)('%s', (env) => {
  const objects = byEnv[env];
  const config = platform.environments[env];
  const zoneCount = config.aws.zones.length;

  it('puts every namespaced object in the environment namespace with the recommended labels', () => {
    for (const object of nonEmpty(objects)) {
      if (!CLUSTER_SCOPED.includes(object.kind)) expect(object.metadata.namespace).toBe(config.namespace);
      expect(object.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'your-app',
        'app.kubernetes.io/instance': `your-app-${env}`,
        'app.kubernetes.io/version': platform.image.tag,
        'app.kubernetes.io/part-of': 'your-saas',
        'app.kubernetes.io/managed-by': 'cdk8s',
      });
      expect(object.metadata.labels?.['app.kubernetes.io/component']).toEqual(expect.any(String));
    }
  });

  it('names objects readably, without generated hash suffixes', () => {
    for (const { metadata } of nonEmpty(objects)) expect(metadata.name).toMatch(/^your-app(-[a-z]+)*$/);
  });

  it('labels the namespace for the restricted Pod Security Standard', () => {
    const namespace = findObject(objects, 'Namespace', config.namespace);
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it.each(services)('spreads %s across zones and nodes', (service) => {
    const [zone, host] = podSpec(env, service).topologySpreadConstraints;
    expect(zone).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1 });
    expect(host).toMatchObject({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' });
    expect(zone.whenUnsatisfiable).toBe(config.requireZoneSpread ? 'DoNotSchedule' : 'ScheduleAnyway');
    // A zone that is lost must not hold the others back (test/dr-simulation proves it on the scheduler's rules):
    // its tainted nodes do not count, and no minimum number of zones is demanded.
    expect(zone).toMatchObject({ nodeTaintsPolicy: 'Honor', nodeAffinityPolicy: 'Honor' });
    expect(zone.minDomains).toBeUndefined();
    expect(zone.labelSelector.matchLabels).toEqual(rollout(env, service).spec.selector.matchLabels);
  });

  it.each(services)('sizes the %s PDB so drains proceed and never take more than a zone', (service) => {
    const sizing = config.services[service];
    const pdb = findObject(objects, 'PodDisruptionBudget', `your-app-${service}`);
    const maxUnavailable = pdb.spec.maxUnavailable;
    expect(maxUnavailable).toBeGreaterThanOrEqual(1);
    // The design: a drain takes at most the emptiest zone's pods, minReplicas spread evenly (test/constructs).
    const emptiestZone = Math.floor(sizing.autoscaling.minReplicas / zoneCount);
    expect(maxUnavailable).toBeLessThanOrEqual(Math.max(1, emptiestZone));
    // With every zone at its share, losing maxUnavailable pods still leaves the other zones' pods running.
    if (sizing.autoscaling.minReplicas >= zoneCount) {
      expect(maxUnavailable * zoneCount).toBeLessThanOrEqual(sizing.autoscaling.minReplicas);
    }
    expect(pdb.spec.selector.matchLabels).toEqual(rollout(env, service).spec.selector.matchLabels);
    expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
  });

  it.each(services)('autoscales the %s Rollout within the configured bounds', (service) => {
    const sizing = config.services[service];
    const hpa = findObject(objects, 'HorizontalPodAutoscaler', `your-app-${service}`);
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: `your-app-${service}`,
    });
    expect(hpa.spec).toMatchObject({
      minReplicas: sizing.autoscaling.minReplicas,
      maxReplicas: sizing.autoscaling.maxReplicas,
    });
    // The HPA owns the pod count: a replicas field would reset a scaled-out service on every apply.
    expect(rollout(env, service).spec).not.toHaveProperty('replicas');
  });

  it.each(services)('runs every %s container under the restricted Pod Security Standard', (service) => {
    const spec = podSpec(env, service);
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.serviceAccountName).toBe(`your-app-${service}`);
    for (const container of nonEmpty(spec.containers)) {
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.securityContext.privileged).not.toBe(true);
      expect(container.image).toBe(`${platform.image.repository}:${platform.image.tag}`);
      expect(container.image).not.toMatch(/:latest$/);
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        expect(container[probe].httpGet.port).toMatch(/^(http|metrics)$/);
      }
      expect(container.resources.requests).toEqual(config.services[service].resources.requests);
      expect(container.resources.limits).toEqual(config.services[service].resources.limits);
      // A read-only root filesystem needs somewhere to write temporary files.
      expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    }
    expect(spec.volumes).toContainEqual(expect.objectContaining({ name: 'tmp', emptyDir: expect.any(Object) }));
  });

  it('denies all ingress and egress by default', () => {
    const deny = findObject(objects, 'NetworkPolicy', 'your-app-default-deny');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('never allows egress to everything: every rule names its peers and ports', () => {
    for (const rule of nonEmpty(egressRules(objects))) {
      expect(rule.to?.length).toBeGreaterThan(0);
      expect(rule.ports?.length).toBeGreaterThan(0);
    }
  });

  it('allows database egress only to the database subnets on the database port', () => {
    const databaseSubnets = config.aws.network.subnets.database;
    const reaching = egressRules(objects).filter((rule) => reachesAny(rule, databaseSubnets));
    expect(reaching.flatMap((rule) => rule.to.map((peer: any) => peer.ipBlock?.cidr))).toEqual(databaseSubnets);
    for (const rule of nonEmpty(reaching))
      expect(rule.ports).toEqual([{ protocol: 'TCP', port: config.database.port }]);
  });

  it('admits Prometheus only on the metrics port, the app pods and the ALB only on the HTTP port', () => {
    const api = findObject(objects, 'NetworkPolicy', 'your-app-api-ingress');
    const [monitoring, callers, alb] = api.spec.ingress;
    const httpPort = [{ protocol: 'TCP', port: (platform.services.api as HttpServiceDefinition).port }];
    expect(monitoring.from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': platform.monitoring.namespace } } },
    ]);
    expect(monitoring.ports).toEqual([{ protocol: 'TCP', port: platform.services.api.metrics.port }]);
    expect(callers).toEqual({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'your-app' } } }],
      ports: httpPort,
    });
    expect(alb.from.map((peer: { ipBlock: { cidr: string } }) => peer.ipBlock.cidr)).toEqual(
      config.aws.network.subnets.public,
    );
    expect(alb.ports).toEqual(httpPort);
    expect(api.spec.ingress).toHaveLength(3);
    const worker = findObject(objects, 'NetworkPolicy', 'your-app-worker-ingress');
    expect(worker.spec.ingress).toHaveLength(1);
  });

  it("lets the app's pods call the api, and only on its HTTP port", () => {
    const callers = findObject(objects, 'NetworkPolicy', 'your-app-api-callers');
    expect(callers.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'your-app' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ podSelector: { matchLabels: rollout(env, 'api').spec.selector.matchLabels } }],
          ports: [{ protocol: 'TCP', port: (platform.services.api as HttpServiceDefinition).port }],
        },
      ],
    });
  });

  it('routes api traffic through the ALB with the configured canary steps and background analysis', () => {
    const strategy = rollout(env, 'api').spec.strategy.canary;
    expect(strategy.trafficRouting.alb).toEqual({
      ingress: 'your-app-api',
      rootService: 'your-app-api',
      servicePort: 80,
    });
    expect(strategy.stableService).toBe('your-app-api-stable');
    expect(strategy.canaryService).toBe('your-app-api-canary');
    expect(strategy.steps.map((s: any) => s.setWeight ?? 'pause')).toEqual(
      config.services.api.canary.steps.map((s) => ('setWeight' in s ? s.setWeight : 'pause')),
    );
    expect(strategy.analysis.templates).toEqual([{ templateName: 'your-app-api-canary-analysis' }]);
    const ingress = findObject(byEnv[env], 'Ingress', 'your-app-api');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
      name: 'your-app-api',
      port: { name: 'use-annotation' },
    });
    expect(ingress.metadata.annotations?.['alb.ingress.kubernetes.io/healthcheck-path']).toBe('/readyz');
  });

  it('keeps api pods serving until the ALB has drained them, and Ready only once the ALB sees them healthy', () => {
    const spec = podSpec(env, 'api');
    const sleep = spec.containers[0].lifecycle.preStop.sleep.seconds;
    const ingress = findObject(objects, 'Ingress', 'your-app-api');
    const attributes = ingress.metadata.annotations?.['alb.ingress.kubernetes.io/target-group-attributes'] ?? '';
    const deregistration = Number(/deregistration_delay\.timeout_seconds=(\d+)/.exec(attributes)?.[1]);
    expect(sleep).toBeGreaterThan(0);
    // SIGTERM only after the sleep; the pod is killed only after in-flight requests had their drain time.
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(sleep + deregistration);
    const namespace = findObject(objects, 'Namespace', config.namespace);
    expect(namespace.metadata.labels?.['elbv2.k8s.aws/pod-readiness-gate-inject']).toBe('enabled');
    // Workers are behind no load balancer: no reason to delay their shutdown.
    expect(podSpec(env, 'worker').containers[0].lifecycle).toBeUndefined();
  });

  it.each(services)('aborts a %s rollout that stops progressing instead of leaving it hanging', (service) => {
    expect(rollout(env, service).spec).toMatchObject({ progressDeadlineAbort: true, progressDeadlineSeconds: 600 });
  });

  it('canaries the worker by replicas, without traffic routing', () => {
    const strategy = rollout(env, 'worker').spec.strategy.canary;
    expect(strategy.trafficRouting).toBeUndefined();
    expect(strategy.steps.length).toBe(config.services.worker.canary.steps.length);
  });

  it('aborts the api canary on the configured error ratio and p99 latency', () => {
    const template = findObject(objects, 'AnalysisTemplate', 'your-app-api-canary-analysis');
    const analysis = config.services.api.canary.analysis!;
    const metric = (name: string) => template.spec.metrics.find((m: any) => m.name === name);
    const [errors, latency] = [metric('error-ratio'), metric('p99-latency')];
    expect(errors.successCondition).toContain(`<= ${analysis.maxErrorRatio}`);
    expect(errors.provider.prometheus.query).toContain('code=~"5.."');
    expect(latency.successCondition).toContain(`<= ${analysis.maxP99LatencySeconds}`);
    expect(latency.provider.prometheus.query).toMatch(/^histogram_quantile\(0\.99,/);
    expect(metric('canary-requests').successCondition).toBe(`result[0] >= ${analysis.minRequests}`);
    for (const metric of nonEmpty(template.spec.metrics)) {
      expect(metric.failureLimit).toBe(analysis.failureLimit);
      expect(metric.provider.prometheus.query).toContain(`namespace="${config.namespace}"`);
      expect(metric.provider.prometheus.query).toContain('{{args.canary-hash}}');
    }
  });

  it('never passes a canary on no data, and aborts one above the thresholds (as Argo Rollouts judges them)', () => {
    const template = findObject(objects, 'AnalysisTemplate', 'your-app-api-canary-analysis');
    const analysis = config.services.api.canary.analysis!;
    const metric = (name: string) => template.spec.metrics.find((m: any) => m.name === name);
    const [errors, latency] = [metric('error-ratio'), metric('p99-latency')];
    for (const noData of [[], [NaN]]) {
      expect(evaluateResult(errors, noData)).toBe('Inconclusive');
      expect(evaluateResult(latency, noData)).toBe('Inconclusive');
    }
    expect(evaluateResult(errors, [analysis.maxErrorRatio])).toBe('Successful');
    expect(evaluateResult(errors, [analysis.maxErrorRatio + 0.01])).toBe('Failed');
    expect(evaluateResult(latency, [analysis.maxP99LatencySeconds * 0.9])).toBe('Successful');
    expect(evaluateResult(latency, [analysis.maxP99LatencySeconds * 1.1])).toBe('Failed');
  });

  it('starts the background analysis once the first weight is set', () => {
    const strategy = rollout(env, 'api').spec.strategy.canary;
    const firstWeight = strategy.steps.findIndex((s: any) => s.setWeight !== undefined);
    expect(strategy.analysis.startingStep).toBe(firstWeight + 1);
  });

  it('reads database credentials from Secrets Manager and the endpoint from one ConfigMap', () => {
    const configMap = findObject(objects, 'ConfigMap', 'your-app-database');
    expect(configMap.data).toEqual({
      DATABASE_HOST: config.database.host,
      DATABASE_PORT: String(config.database.port),
      DATABASE_NAME: config.database.name,
      DATABASE_SSLMODE: 'verify-ca',
    });
    const secret = findObject(objects, 'ExternalSecret', 'your-app-database-credentials');
    expect(secret.spec.data.map((d: any) => d.remoteRef)).toEqual([
      { key: config.database.credentialsSecret, property: 'username' },
      { key: config.database.credentialsSecret, property: 'password' },
    ]);
    const account = findObject(objects, 'ServiceAccount', 'your-app-external-secrets');
    expect(account.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBe(
      `arn:aws:iam::${config.aws.accountId}:role/your-app-${env}-external-secrets`,
    );
  });

  it.each(services)('gives %s the Redis AUTH token and TLS, and every secret only by reference', (service) => {
    const redisAuth = findObject(objects, 'ExternalSecret', 'your-app-redis-auth');
    expect(redisAuth.spec.data).toEqual([
      { secretKey: 'token', remoteRef: { key: config.redis.authSecret, property: 'token' } },
    ]);
    expect(findObject(objects, 'ConfigMap', 'your-app-redis').data.REDIS_TLS).toBe('true');
    const [container] = podSpec(env, service).containers;
    const secretRefs = Object.fromEntries(
      container.env.filter((e: any) => e.valueFrom).map((e: any) => [e.name, e.valueFrom.secretKeyRef]),
    );
    expect(secretRefs).toEqual({
      DATABASE_USERNAME: { name: 'your-app-database-credentials', key: 'username' },
      DATABASE_PASSWORD: { name: 'your-app-database-credentials', key: 'password' },
      REDIS_AUTH_TOKEN: { name: 'your-app-redis-auth', key: 'token' },
    });
    // Each referenced Secret is one an ExternalSecret of this namespace creates.
    const synced = objects.filter((o) => o.kind === 'ExternalSecret').map((o) => o.spec.target.name);
    for (const ref of nonEmpty(Object.values(secretRefs) as { name: string }[])) expect(synced).toContain(ref.name);
    expect(container.envFrom).toEqual([
      { configMapRef: { name: 'your-app-database' } },
      { configMapRef: { name: 'your-app-redis' } },
    ]);
  });
});

describe('dbIsolation (SOP-02 step 2)', () => {
  const isolated = defaultPlatformWithTag();
  const production = { ...isolated.environments.production, dbIsolation: true };
  const objects = environmentObjects(
    { ...isolated, environments: { ...isolated.environments, production } },
    'production',
    'app',
  );
  const normal = environmentObjects(platform, 'production', 'app');

  it('removes every path to the database', () => {
    const rules = egressRules(objects);
    expect(rules.length).toBeGreaterThan(0);
    // No peer overlaps a database subnet, and no rule is open-ended (no peers or no ports means "any").
    for (const rule of rules) {
      expect(reachesAny(rule, production.aws.network.subnets.database)).toBe(false);
      expect(rule.to?.length).toBeGreaterThan(0);
      expect(rule.ports?.some((p: any) => p.port === production.database.port)).toBe(false);
    }
  });

  it('keeps everything else as it was', () => {
    const key = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;
    expect(objects.map(key)).toEqual(normal.map(key).filter((k) => k !== 'NetworkPolicy/your-app-allow-database'));
    for (const object of nonEmpty(objects)) expect(object).toEqual(normal.find((o) => key(o) === key(object)));
  });
});
