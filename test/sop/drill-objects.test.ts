/**
 * The drill's objects on the cluster, from the built-in platform file: every object valid, and the isolation the
 * manual asks for read off the NetworkPolicies as Kubernetes applies them (a pod selected by a policy of a type may
 * only do what the union of those policies allows).
 */
import { cidrsOverlap, parseCidr } from '../../src/config';
import { drillObjects } from '../../src/sop/cluster/drill-chart';
import { apiRequests } from '../../src/sop/drill/api-checks';
import { drillChecksFor } from '../../src/sop/drill/platform-checks';
import { snapshotSql } from '../../src/sop/drill/snapshot-sql';
import { checkScript } from '../../src/sop/cluster/check-script';
import { expectValidManifests } from '../helpers/k8s-schema';
import { defaultPlatform as platform } from '../helpers/platform';
import { nonEmpty } from '../helpers/collections';

type Obj = Record<string, any>;
const ENV = 'production';
const env = platform.environments[ENV];
const drill = platform.sop!.restoreDrill;
const checks = drillChecksFor(platform, ENV);
const requests = apiRequests(drill.api.calls, checks.tenants.sample);
const restored = { host: 'your-app-production-sop-drill.abc.eu-west-1.rds.amazonaws.com', port: drill.port };
const rendered = drillObjects({
  platform,
  environment: ENV,
  restored,
  credentials: { username: 'postgres', password: 'secret' },
  checks,
  requests,
});
const objects = rendered as Omit<typeof rendered, 'setup' | 'job'> & { setup: Obj[]; job: Obj };
const all: Obj[] = [...objects.setup, objects.job];
const find = (kind: string, name: string) => {
  const found = all.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const subnets = env.aws.network.subnets;
const service = platform.services[drill.api.service];
const appPort = service.kind === 'http' ? service.port : NaN;

/** The policies of a type that select a pod with `labels`. */
function policiesFor(labels: Record<string, string>, type: 'Ingress' | 'Egress'): Obj[] {
  return all.filter(
    (o) =>
      o.kind === 'NetworkPolicy' &&
      o.spec.policyTypes.includes(type) &&
      Object.entries(o.spec.podSelector.matchLabels ?? {}).every(([key, value]) => labels[key] === value),
  );
}

const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** Every (destination, port) a pod may open: DNS, ipBlocks and pods (`app` or `checks`), as text. */
function egressOf(labels: Record<string, string>): string[] {
  return policiesFor(labels, 'Egress')
    .flatMap((policy) => policy.spec.egress ?? [])
    .flatMap((rule: Obj) =>
      rule.to.flatMap((peer: Obj) =>
        rule.ports.map((port: Obj) => {
          const where = peer.ipBlock
            ? peer.ipBlock.cidr
            : peer.namespaceSelector
              ? `namespace ${JSON.stringify(peer.namespaceSelector.matchLabels)} pods ${JSON.stringify(peer.podSelector.matchLabels)}`
              : `pods ${podsNamed(peer.podSelector.matchLabels)}`;
          return `${where} ${port.protocol}/${port.port}`;
        }),
      ),
    )
    .sort();
}

const deployment = find('Deployment', objects.deploymentName);
const appLabels = deployment.spec.template.metadata.labels;
const checkLabels = objects.job.spec.template.metadata.labels;

/** Which of the drill's pods a selector selects. */
function podsNamed(selector: Record<string, string>): string {
  const names = [
    ...(selects(selector, appLabels) ? ['app'] : []),
    ...(selects(selector, checkLabels) ? ['checks'] : []),
  ];
  return names.join('+') || 'none';
}
const dns = [
  'namespace {"kubernetes.io/metadata.name":"kube-system"} pods {"k8s-app":"kube-dns"} TCP/53',
  'namespace {"kubernetes.io/metadata.name":"kube-system"} pods {"k8s-app":"kube-dns"} UDP/53',
];

it('renders valid objects, in a namespace of their own, the namespace first', () => {
  expectValidManifests(all);
  expect(objects.setup[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'your-app-sop-drill' } });
  expect(objects.setup[0].metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  for (const o of nonEmpty(all.slice(1))) expect(o.metadata.namespace).toBe('your-app-sop-drill');
});

it('denies everything to every pod of the namespace unless a policy allows it', () => {
  const deny = find('NetworkPolicy', 'your-app-sop-drill-default-deny');
  expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
});

it('lets the temporary app reach the restore and DNS only, and be reached by the checks only', () => {
  expect(egressOf(appLabels)).toEqual([...dns, ...subnets.database.map((cidr) => `${cidr} TCP/${drill.port}`)].sort());
  const ingress = policiesFor(appLabels, 'Ingress').flatMap((p) => p.spec.ingress ?? []);
  expect(
    ingress.flatMap((rule: Obj) =>
      rule.from.map((peer: Obj) => `${Object.keys(peer).join()} ${podsNamed(peer.podSelector.matchLabels)}`),
    ),
  ).toEqual(['podSelector checks']);
  expect(ingress.flatMap((rule: Obj) => rule.ports)).toEqual([{ protocol: 'TCP', port: appPort }]);
});

it("lets the checks reach the restore, production's database port and the app, nothing else", () => {
  expect(egressOf(checkLabels)).toEqual(
    [
      ...dns,
      ...subnets.database.map((cidr) => `${cidr} TCP/${drill.port}`),
      ...subnets.database.map((cidr) => `${cidr} TCP/${env.database.port}`),
      `pods app TCP/${appPort}`,
    ].sort(),
  );
  const reachable = all
    .filter((o) => o.kind === 'NetworkPolicy')
    .flatMap((o) => o.spec.egress ?? [])
    .flatMap((rule: Obj) => rule.to.filter((peer: Obj) => peer.ipBlock).map((peer: Obj) => peer.ipBlock.cidr));
  // Neither Redis, nor the pods' own subnets (production's namespace), nor the internet.
  for (const cidr of nonEmpty(reachable)) {
    for (const other of nonEmpty([...subnets.cache, ...subnets.private, ...subnets.public])) {
      expect([cidr, other, cidrsOverlap(parseCidr(cidr)!, parseCidr(other)!)]).toEqual([cidr, other, false]);
    }
  }
});

it('runs one pod of the app as in production, pointed at the restore, without Redis', () => {
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  expect(deployment.spec.replicas).toBe(1);
  expect(container.image).toBe(`${platform.image.repository}:${platform.image.tag}`);
  expect(container.args).toEqual(platform.services[drill.api.service].args);
  expect(container.envFrom).toEqual([{ configMapRef: { name: 'your-app-database' } }]);
  expect(find('ConfigMap', 'your-app-database').data).toEqual({
    DATABASE_HOST: restored.host,
    DATABASE_PORT: String(drill.port),
    DATABASE_NAME: env.database.name,
    DATABASE_SSLMODE: 'verify-ca',
  });
  expect(container.env.map((e: Obj) => e.name)).not.toContain('REDIS_AUTH_TOKEN');
  expect(container.env).toContainEqual({ name: 'APP_ENVIRONMENT', value: ENV });
  expect(pod.securityContext.runAsNonRoot).toBe(true);
  expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
});

it('runs the checks once, read-only, with the script and the snapshot statement of this drill', () => {
  const { spec } = objects.job;
  expect(spec.backoffLimit).toBe(0);
  expect(spec.activeDeadlineSeconds).toBeGreaterThan(0);
  const container = spec.template.spec.containers[0];
  expect(container.image).toBe(drill.image);
  expect(container.env).toContainEqual({
    name: 'PGOPTIONS',
    value: expect.stringContaining('-c default_transaction_read_only=on'),
  });
  expect(container.env).toContainEqual({ name: 'SOURCE_HOST', value: 'postgres-replica.production.your-app.internal' });
  expect(container.env).toContainEqual({ name: 'RESTORED_PORT', value: String(drill.port) });
  expect(find('ConfigMap', objects.jobName).data).toEqual({
    'checks.sh': checkScript(requests),
    'snapshot.sql': snapshotSql(checks),
  });
  expect(requests.map((r) => r.path)).toEqual([
    '/internal/drill/users/count',
    '/internal/drill/projects/count',
    '/internal/drill/tenants/tenant-0001/projects/count',
    '/internal/drill/tenants/tenant-0042/projects/count',
    '/internal/drill/tenants/tenant-0137/projects/count',
  ]);
});
