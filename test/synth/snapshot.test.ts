/** Snapshot of every environment's manifests: a review aid that shows each change to the output in the PR. */
import { ENVIRONMENT_NAMES } from '../../src/config';
import { renderManifests } from '../../src/synth/render';
import { defaultPlatformWithTag } from '../helpers/platform';

describe.each(ENVIRONMENT_NAMES)('%s manifests', (env) => {
  it('match the snapshot', () => {
    const files = renderManifests(defaultPlatformWithTag('abc1234'), [env]);
    for (const [file, text] of files) expect(text).toMatchSnapshot(file);
  });
});
