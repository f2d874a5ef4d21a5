/** .github/workflows/ and docs/diagrams/ are exactly what `npm run synth` generates from platform.yaml. */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PLATFORM_FILE } from '../../src/config';
import { DIAGRAMS_DIR, renderPipeline, WORKFLOWS_DIR } from '../../src/pipeline';
import { filesUnder, ROOT } from '../helpers/files';
import { defaultPlatform } from '../helpers/platform';

const fresh = renderPipeline(defaultPlatform, DEFAULT_PLATFORM_FILE);

it.each([WORKFLOWS_DIR, DIAGRAMS_DIR])('%s holds exactly the files a fresh synth writes', (dir) => {
  const expected = [...fresh.keys()].filter((file) => file.startsWith(`${dir}/`)).sort();
  expect(expected.length).toBeGreaterThan(0);
  expect(filesUnder(path.join(ROOT, dir))).toEqual(expected);
});

it.each([...fresh.keys()])('%s is up to date (run `npm run synth`)', (file) => {
  expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).toBe(fresh.get(file));
});
