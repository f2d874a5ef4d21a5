/**
 * The chart is dist/ by other means: for each environment, `helm template` with values.<env>.yaml, the
 * environment's namespace and a tag renders exactly the objects of dist/<env>/ synthesized with that tag.
 */
import { loadPlatform } from '../../src/config';
import { ENVIRONMENTS, platformWith } from '../helpers/platform';
import { validateManifest } from '../helpers/k8s-schema';
import {
  at,
  byKey,
  distObjects,
  helmTemplate,
  namespaceOf,
  parseRendered,
  removeChart,
  TAG,
  writeFreshChart,
  type Manifest,
} from './helm-chart';

let chartDir: string;
const rendered = new Map<string, Manifest[]>();

beforeAll(() => {
  chartDir = writeFreshChart();
  for (const env of ENVIRONMENTS) {
    rendered.set(env, parseRendered(helmTemplate('helm', chartDir, env, ['--set', `image.tag=${TAG}`])));
  }
});
afterAll(() => removeChart(chartDir));

describe.each(ENVIRONMENTS)('helm template with values.%s.yaml', (env) => {
  it('renders only objects that pass schema validation (built-in kinds and CRDs)', () => {
    const objects = rendered.get(env)!;
    const problems = objects.flatMap((o) => validateManifest(o).map((p) => `${o.kind}/${o.metadata.name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('renders the objects of dist/<env>/ synthesized with the same tag, object for object', () => {
    const expected = distObjects(env, TAG);
    // Guards against comparing two empty lists: the app has a Rollout per service at least.
    expect(expected.filter((o) => o.kind === 'Rollout').length).toBeGreaterThan(0);
    expect(byKey(rendered.get(env)!)).toEqual(byKey(expected));
  });

  it('places every object in the release namespace given with -n', () => {
    const namespaces = new Set(rendered.get(env)!.map((o) => (o.metadata as { namespace?: string }).namespace));
    expect([...namespaces]).toEqual([namespaceOf(env)]);
  });

  it('runs the tag given with --set in every container', () => {
    const images = rendered
      .get(env)!
      .filter((o) => o.kind === 'Rollout')
      .flatMap((o) => at(o, 'spec.template.spec.containers') as { image: string }[])
      .map((c) => c.image);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(new RegExp(`:${TAG}$`));
  });
});

it('places the objects in the namespace -n names (the values must name the same one, see value-guards)', () => {
  const objects = parseRendered(
    helmTemplate('helm', chartDir, 'staging', ['-n', 'elsewhere', '--set', 'namespace=elsewhere']),
  );
  expect(new Set(objects.map((o) => (o.metadata as { namespace?: string }).namespace))).toEqual(new Set(['elsewhere']));
  const analysis = objects.find((o) => o.kind === 'AnalysisTemplate');
  // The canary queries scope themselves to the namespace the pods really run in.
  expect(JSON.stringify(analysis)).toContain('namespace=\\"elsewhere\\"');
});

describe('after a failover to the DR region (aws.dr.promoted)', () => {
  const promoted = platformWith((c) => (c.environments.production.aws.dr.promoted = true));
  let dir: string;
  beforeAll(() => (dir = writeFreshChart(loadPlatform(promoted))));
  afterAll(() => removeChart(dir));

  it("renders production's objects of dist/ as served from the DR region: its subnets and its image replica", () => {
    const objects = parseRendered(
      helmTemplate('helm', dir, 'production', ['--set', `image.tag=${TAG}`], loadPlatform(promoted)),
    );
    const expected = distObjects('production', TAG, promoted);
    expect(byKey(objects)).toEqual(byKey(expected));
    const images = expected
      .filter((o) => o.kind === 'Rollout')
      .flatMap((o) => at(o, 'spec.template.spec.containers') as { image: string }[]);
    expect(images.length).toBeGreaterThan(0);
    // The replica the primary stack's ECR replication fills in the DR region (eu-central-1).
    for (const { image } of images) expect(image).toContain('.dkr.ecr.eu-central-1.amazonaws.com/');
  });
});
