/** The committed dist/ is exactly what a fresh synth of the default platform writes. */
import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENT_NAMES } from '../../src/config';
import { renderManifests } from '../../src/synth/render';
import { defaultPlatformWithTag } from '../helpers/platform';

const ROOT = path.resolve(__dirname, '..', '..');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('dist/', () => {
  const fresh = renderManifests(defaultPlatformWithTag());

  it.each(ENVIRONMENT_NAMES)('%s holds exactly the files a fresh synth writes', (env) => {
    const expected = [...fresh.keys()].filter((file) => file.startsWith(`dist/${env}/`)).sort();
    expect(filesUnder(path.join(ROOT, 'dist', env))).toEqual(expected);
  });

  it.each([...fresh.keys()])('%s is up to date (run `npm run synth` after changing src/)', (file) => {
    expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).toBe(fresh.get(file));
  });
});
