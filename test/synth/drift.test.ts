/** The committed dist/ is exactly what a fresh synth of the default platform writes. */
import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS } from '../helpers/platform';
import { renderManifests } from '../../src/synth/render';
import { filesUnder, ROOT } from '../helpers/files';
import { defaultPlatformWithTag } from '../helpers/platform';

describe('dist/', () => {
  const fresh = renderManifests(defaultPlatformWithTag());

  it.each(ENVIRONMENTS)('%s holds exactly the files a fresh synth writes', (env) => {
    const expected = [...fresh.keys()].filter((file) => file.startsWith(`dist/${env}/`)).sort();
    expect(filesUnder(path.join(ROOT, 'dist', env))).toEqual(expected);
  });

  it.each([...fresh.keys()])('%s is up to date (run `npm run synth` after changing src/)', (file) => {
    expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).toBe(fresh.get(file));
  });
});
