/**
 * The cloud layer on a second thread (cli/synthesize.ts): its output joins the others only when it succeeds, and a
 * failure there fails the whole run and leaves every output directory as it was.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize } from '../../cli/synthesize';
import { ROOT, readTree } from '../helpers/files';
import { defaultPlatform } from '../helpers/platform';

const WORKER = path.join(ROOT, 'lib', 'cli', 'infra-worker.js');
const FAILING = path.join(__dirname, '..', 'fixtures', 'workers', 'failing-infra.cjs');

let out: string;
beforeEach(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'synthesize-'));
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

const options = (infraWorker: string) => ({
  layers: ['k8s', 'infra'] as const,
  environments: ['qa'],
  outDir: out,
  projectRoot: ROOT,
  infraWorker,
});

it('writes the stacks the worker synthesized beside the cluster layer', async () => {
  if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` (npm test does it first)`);
  const written = await synthesize(defaultPlatform, options(WORKER));
  expect(written).toEqual(['dist/qa', 'charts/your-app', 'cdktf.out']);
  const stack = JSON.parse(
    fs.readFileSync(path.join(out, 'cdktf.out', 'stacks', 'your-app-qa', 'cdk.tf.json'), 'utf8'),
  );
  expect(stack.terraform.backend.s3.key).toBe('your-app-qa/terraform.tfstate');
  expect(fs.existsSync(path.join(out, 'dist', 'qa', 'app.k8s.yaml'))).toBe(true);
});

it('fails the run when the worker fails, and leaves every output directory as it was', async () => {
  fs.mkdirSync(path.join(out, 'dist', 'qa'), { recursive: true });
  fs.writeFileSync(path.join(out, 'dist', 'qa', 'app.k8s.yaml'), 'before\n');
  const before = readTree(out);
  await expect(synthesize(defaultPlatform, options(FAILING))).rejects.toThrow('the cloud layer broke');
  expect(readTree(out)).toEqual(before); // no cdktf.out, no temp directory, dist/qa untouched
});
