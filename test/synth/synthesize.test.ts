/**
 * The cloud layer and the Helm chart on threads of their own (cli/synthesize.ts): their output joins the others only
 * when all succeed, and a failure in either fails the whole run and leaves every output directory as it was.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize } from '../../cli/synthesize';
import { ROOT, readTree } from '../helpers/files';
import { defaultPlatform } from '../helpers/platform';

const WORKER = path.join(ROOT, 'lib', 'cli', 'layer-worker.js');
const failing = (layer: string) => path.join(__dirname, '..', 'fixtures', 'workers', `failing-${layer}.cjs`);

let out: string;
beforeEach(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'synthesize-'));
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

const options = (layerWorker: string) => ({
  layers: ['k8s', 'infra'] as const,
  environments: ['qa'],
  outDir: out,
  projectRoot: ROOT,
  layerWorker,
});

beforeAll(() => {
  if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` (npm test does it first)`);
});

it('writes the stacks and the chart the workers made beside the cluster layer, as this thread alone would', async () => {
  const written = await synthesize(defaultPlatform, options(WORKER));
  expect(written).toEqual(['dist/qa', 'charts/your-app', 'cdktf.out']);
  const stack = JSON.parse(
    fs.readFileSync(path.join(out, 'cdktf.out', 'stacks', 'your-app-qa', 'cdk.tf.json'), 'utf8'),
  );
  expect(stack.terraform.backend.s3.key).toBe('your-app-qa/terraform.tfstate');
  expect(fs.existsSync(path.join(out, 'dist', 'qa', 'app.k8s.yaml'))).toBe(true);
  const threads = readTree(out);
  fs.rmSync(out, { recursive: true, force: true });
  await synthesize(defaultPlatform, { ...options(WORKER), layerWorker: undefined });
  expect(readTree(out)).toEqual(threads);
});

it.each(['infra', 'chart'])(
  'fails the run when the %s worker fails, leaving every output directory as it was',
  async (layer) => {
    fs.mkdirSync(path.join(out, 'dist', 'qa'), { recursive: true });
    fs.writeFileSync(path.join(out, 'dist', 'qa', 'app.k8s.yaml'), 'before\n');
    const before = readTree(out);
    await expect(synthesize(defaultPlatform, options(failing(layer)))).rejects.toThrow(`the ${layer} layer broke`);
    expect(readTree(out)).toEqual(before); // no cdktf.out, no temp directory, dist/qa untouched
  },
);
