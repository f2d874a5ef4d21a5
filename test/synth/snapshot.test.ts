/** Snapshot of every environment's manifests: a review aid that shows each change to the output in the PR. */
import { ENVIRONMENTS } from '../helpers/platform';
import { renderManifests } from '../../src/synth/render';
import { defaultPlatformWithTag } from '../helpers/platform';
import { nonEmpty } from '../helpers/collections';

describe.each(ENVIRONMENTS)('%s manifests', (env) => {
  it('match the snapshot', () => {
    const files = renderManifests(defaultPlatformWithTag('abc1234'), [env]);
    for (const [file, text] of nonEmpty(files)) expect(text).toMatchSnapshot(file);
  });
});
