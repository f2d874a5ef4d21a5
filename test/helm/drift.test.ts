/** charts/ is generated output: what is on disk must be what `npm run synth` writes now. */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultPlatform, loadPlatform } from '../../src/config';
import { projectVersion, renderHelmChart } from '../../src/helm';
import { ROOT } from './helm-chart';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .sort();
}

it('charts/ on disk equals a fresh render (run `npm run synth` and commit charts/ if this fails)', () => {
  const fresh = renderHelmChart(loadPlatform(defaultPlatform), { version: projectVersion(ROOT) });
  const dir = path.join(ROOT, 'charts');
  expect(filesUnder(dir)).toEqual([...fresh.keys()].sort());
  for (const [file, content] of fresh)
    expect(`${file}:\n${readFileSync(path.join(ROOT, file), 'utf8')}`).toBe(`${file}:\n${content}`);
});
