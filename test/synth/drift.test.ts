/** The committed dist/ and platform.schema.json are exactly what a fresh synth writes. */
import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS } from '../helpers/platform';
import { PLATFORM_SCHEMA_FILE, platformJsonSchema } from '../../src/config';
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

describe('platform.schema.json', () => {
  it('is what the zod schema of the platform file gives (run `npm run schema` after changing src/config)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, PLATFORM_SCHEMA_FILE), 'utf8'));
    expect(committed).toEqual(platformJsonSchema());
  });

  it.each(['platform.yaml', 'examples/minimal.yaml'])('is named by the first line of %s, for editors', (file) => {
    const first = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')[0];
    const schema = path.relative(path.dirname(path.join(ROOT, file)), path.join(ROOT, PLATFORM_SCHEMA_FILE));
    expect(first).toBe(`# yaml-language-server: $schema=${schema.startsWith('.') ? schema : `./${schema}`}`);
  });
});
