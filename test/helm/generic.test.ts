/**
 * The generator knows no object, field or environment by name: a platform shaped differently from the default
 * still gives a chart that renders exactly its dist/ objects. This one has a service whose name is not a Go
 * identifier (values reached with `index`), a qa with two zones (lists of another length, and a
 * PodDisruptionBudget share computed from them) and dbIsolation on in qa, the environment of values.yaml.
 */
import { loadPlatform, SUBNET_TIERS } from '../../src/config';
import { ENVIRONMENTS, defaultPlatform } from '../helpers/platform';
import { run } from '../helpers/tools';
import { byKey, distObjects, environmentArgs, parseRendered, removeChart, TAG, writeFreshChart } from './helm-chart';

const input = structuredClone(defaultPlatform);
input.services['mail-sender'] = { ...input.services.worker, args: ['serve', 'mail'] };
for (const env of ENVIRONMENTS) {
  input.environments[env].services['mail-sender'] = input.environments[env].services.worker;
}
const qa = input.environments.qa;
qa.dbIsolation = true;
qa.aws.zones = qa.aws.zones.slice(0, 2);
for (const tier of SUBNET_TIERS) qa.aws.network.subnets[tier] = qa.aws.network.subnets[tier].slice(0, 2);
const platform = loadPlatform(input);

let chartDir: string;
beforeAll(() => {
  chartDir = writeFreshChart(platform);
});
afterAll(() => removeChart(chartDir));

it.each(ENVIRONMENTS)('%s: helm template renders the dist/ objects of the same platform', (env) => {
  const args = ['template', 'r', chartDir, ...environmentArgs(chartDir, env, platform), '--set', `image.tag=${TAG}`];
  const rendered = parseRendered(run('helm', args));
  const expected = distObjects(env, TAG, input);
  expect(expected.map((o) => o.metadata.name)).toContain('your-app-mail-sender');
  expect(byKey(rendered)).toEqual(byKey(expected));
});

it('qa leaves out the database NetworkPolicy (dbIsolation) and staging keeps it', () => {
  const names = (env: 'qa' | 'staging') => distObjects(env, TAG, input).map((o) => o.metadata.name);
  expect(names('qa')).not.toContain('your-app-allow-database');
  expect(names('staging')).toContain('your-app-allow-database');
});
