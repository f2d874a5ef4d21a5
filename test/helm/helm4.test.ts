/**
 * Helm v4 renders the chart exactly as helm v3 does, for every environment and with the settings that switch
 * parts of the chart (the finding documented in the chart README and docs/helm.md).
 */
import { ENVIRONMENTS } from '../helpers/platform';
import { byKey, helmTemplate, parseRendered, removeChart, TAG, writeFreshChart } from './helm-chart';

let chartDir: string;
beforeAll(() => {
  chartDir = writeFreshChart();
});
afterAll(() => removeChart(chartDir));

const settings: [string, string[]][] = [
  ...ENVIRONMENTS.map((env): [string, string[]] => [env, []]),
  ['production', ['--set', 'dbIsolation=true', '--set', 'services.api.autoscaling.maxReplicas=7']],
];

it.each(settings)('%s %j: helm4 template renders the objects helm template renders', (env, extra) => {
  const args = ['--set', `image.tag=${TAG}`, ...extra];
  const v3 = parseRendered(helmTemplate('helm', chartDir, env, args));
  const v4 = parseRendered(helmTemplate('helm4', chartDir, env, args));
  expect(v3.length).toBeGreaterThan(0);
  expect(byKey(v4)).toEqual(byKey(v3));
});
