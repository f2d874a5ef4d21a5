/**
 * One infra benchmark case in a fresh process: `floor` loads cdktf and the provider resources the stacks use
 * and synthesizes nothing; `default` synthesizes every stack of the default platform.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultPlatform } from '../src/config';
import { synthesizeInfra } from '../infra/main';

if (process.argv[2] !== 'floor') {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-infra-'));
  synthesizeInfra(defaultPlatform, { outdir: path.join(out, 'cdktf.out') });
  fs.rmSync(out, { recursive: true, force: true });
}
