/**
 * imports/ is what `npm run import` (cdk8s import of the vendored CRDs in crds/ listed in cdk8s.yaml)
 * generates: regenerate into a temp directory and compare file for file.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers/files';

const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');

let fresh: string;

beforeAll(() => {
  fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
  const result = spawnSync(CDK8S, ['import', '--no-check-upgrade', '--output', fresh], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cdk8s import failed (${result.status}):\n${result.stderr}`);
});

afterAll(() => fs.rmSync(fresh, { recursive: true, force: true }));

it('generates the same modules that are committed', () => {
  expect(fs.readdirSync(path.join(ROOT, 'imports')).sort()).toEqual(fs.readdirSync(fresh).sort());
});

it.each(fs.readdirSync(path.join(ROOT, 'imports')))('imports/%s is up to date (run `npm run import`)', (file) => {
  expect(fs.readFileSync(path.join(ROOT, 'imports', file), 'utf8')).toBe(
    fs.readFileSync(path.join(fresh, file), 'utf8'),
  );
});
