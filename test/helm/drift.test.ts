/** charts/ is generated output: what is on disk must be what `npm run synth` writes now. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultPlatform } from '../helpers/platform';
import { projectVersion, renderHelmChart } from '../../src/helm';
import { filesUnder, ROOT } from '../helpers/files';
import { nonEmpty } from '../helpers/collections';

it('charts/ on disk equals a fresh render (run `npm run synth` and commit charts/ if this fails)', () => {
  const fresh = renderHelmChart(defaultPlatform, { version: projectVersion(ROOT) });
  const dir = path.join(ROOT, 'charts');
  expect(filesUnder(dir)).toEqual([...fresh.keys()].sort());
  for (const [file, content] of nonEmpty(fresh))
    expect(`${file}:\n${readFileSync(path.join(ROOT, file), 'utf8')}`).toBe(`${file}:\n${content}`);
});
