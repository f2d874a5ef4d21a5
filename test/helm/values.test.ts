/**
 * The values a user sets reach the objects with the right YAML types, and nothing else moves: each case
 * renders staging with one change and compares with the plain staging render.
 */
import {
  at,
  distObjects,
  helmTemplate,
  objectKey,
  parseRendered,
  removeChart,
  TAG,
  writeFreshChart,
  type Manifest,
} from './helm-chart';

let chartDir: string;
let base: Manifest[];

const render = (...extra: string[]) =>
  parseRendered(helmTemplate('helm', chartDir, 'staging', ['--set', `image.tag=${TAG}`, ...extra]));

beforeAll(() => {
  chartDir = writeFreshChart();
  base = render();
});
afterAll(() => removeChart(chartDir));

/** A field of the object `kind/name`; the object must have been rendered. */
function field(objects: readonly Manifest[], kind: string, name: string, dotted: string): unknown {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} not rendered`);
  return at(found, dotted);
}

/** Keys of the objects that differ between two renders (added, removed or changed). */
function changed(a: readonly Manifest[], b: readonly Manifest[]): string[] {
  const index = (objects: readonly Manifest[]) => new Map(objects.map((o) => [objectKey(o), JSON.stringify(o)]));
  const [left, right] = [index(a), index(b)];
  return [...new Set([...left.keys(), ...right.keys()])].filter((key) => left.get(key) !== right.get(key)).sort();
}

it('renders numbers and booleans from values as numbers and booleans, and numbers inside text as text', () => {
  // The HPA owns the Rollout's pod count: the chart never sets it (a sync or an upgrade would reset it).
  expect(field(base, 'Rollout', 'your-app-api', 'spec.replicas')).toBeUndefined();
  expect(field(base, 'HorizontalPodAutoscaler', 'your-app-api', 'spec.minReplicas')).toBe(3);
  expect(field(base, 'HorizontalPodAutoscaler', 'your-app-api', 'spec.maxReplicas')).toBe(6);
  expect(field(base, 'PodDisruptionBudget', 'your-app-api', 'spec.maxUnavailable')).toBe(1);
  expect(field(base, 'NetworkPolicy', 'your-app-allow-database', 'spec.egress.0.ports.0.port')).toBe(5432);
  expect(field(base, 'ConfigMap', 'your-app-database', 'data.DATABASE_PORT')).toBe('5432');
  const analysis = (dotted: string) => field(base, 'AnalysisTemplate', 'your-app-api-canary-analysis', dotted);
  expect(analysis('spec.metrics.0.failureLimit')).toBe(1);
  expect(analysis('spec.metrics.1.successCondition')).toBe('len(result) > 0 && !isNaN(result[0]) && result[0] <= 0.05');
  expect(analysis('spec.metrics.0.successCondition')).toBe('result[0] >= 20');
  expect(field(base, 'ServiceAccount', 'your-app-api', 'automountServiceAccountToken')).toBe(false);
});

it('copies Argo Rollouts and Prometheus templates ({{ ... }}) through helm unchanged', () => {
  const templated = (objects: readonly Manifest[]) =>
    JSON.stringify(objects)
      .match(/[^"]*\{\{[^"]*/g)
      ?.sort();
  const expected = templated(distObjects('staging', TAG));
  expect(expected).toEqual(
    expect.arrayContaining([
      expect.stringContaining('{{args.canary-hash}}'),
      expect.stringContaining('{{ $labels.namespace }}'),
      expect.stringContaining('{{ $value | humanizePercentage }}'),
    ]),
  );
  expect(templated(base)).toEqual(expected);
});

it.each([
  ['services.api.autoscaling.minReplicas=4', 'HorizontalPodAutoscaler/your-app-api', 'spec.minReplicas', 4],
  ['services.api.autoscaling.maxReplicas=9', 'HorizontalPodAutoscaler/your-app-api', 'spec.maxReplicas', 9],
  [
    'database.host=db2.staging.your-app.internal',
    'ConfigMap/your-app-database',
    'data.DATABASE_HOST',
    'db2.staging.your-app.internal',
  ],
])('--set %s changes exactly that field', (assignment, object, dotted, value) => {
  const [kind, name] = object.split('/');
  const objects = render('--set', assignment);
  expect(field(objects, kind, name, dotted)).toBe(value);
  expect(changed(base, objects).map((key) => key.split('/').slice(-2).join('/'))).toEqual([object]);
});

it('--set-string of a CPU quantity reaches the container resources', () => {
  const objects = render('--set-string', 'services.worker.resources.limits.cpu=2');
  expect(field(objects, 'Rollout', 'your-app-worker', 'spec.template.spec.containers.0.resources.limits.cpu')).toBe(
    '2',
  );
  expect(changed(base, objects)).toEqual(['argoproj.io/v1alpha1/Rollout/your-app-worker']);
});

it('--set-json of canary steps replaces the steps of that service', () => {
  const steps = [{ setWeight: 20 }, { pause: { duration: '2m' } }, { setWeight: 100 }];
  const objects = render('--set-json', `services.api.canary.steps=${JSON.stringify(steps)}`);
  expect(field(objects, 'Rollout', 'your-app-api', 'spec.strategy.canary.steps')).toEqual(steps);
  expect(changed(base, objects)).toEqual(['argoproj.io/v1alpha1/Rollout/your-app-api']);
});

it('--set dbIsolation=true leaves out the database NetworkPolicy and nothing else', () => {
  const objects = render('--set', 'dbIsolation=true');
  expect(changed(base, objects)).toEqual(['networking.k8s.io/v1/NetworkPolicy/your-app-allow-database']);
  expect(objects.length).toBe(base.length - 1);
});
