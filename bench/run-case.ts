/**
 * One benchmark case in a fresh process: `floor` loads the same libraries and synthesizes nothing;
 * `default` synthesizes the default platform (dist/ and the Helm chart, as `npm run synth`); a number
 * synthesizes that many services x 3 environments.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultPlatform, loadPlatform } from '../src/config';
import { synthesizeCluster } from '../src/synth/synthesize';
import { platformOfSize } from './platform-of-size';

const which = process.argv[2];
if (which !== 'floor') {
  const platform = loadPlatform(which === 'default' ? defaultPlatform : platformOfSize(Number(which)));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  synthesizeCluster(platform, { outDir: out, projectRoot: path.resolve(__dirname, '..', '..') });
  fs.rmSync(out, { recursive: true, force: true });
}
