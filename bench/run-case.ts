/**
 * One benchmark case in a fresh process: `floor` loads the same libraries and synthesizes nothing;
 * `default` synthesizes the default platform; a number synthesizes that many services x 3 environments.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultPlatform, ENVIRONMENT_NAMES, loadPlatform } from '../src/config';
import { renderManifests } from '../src/synth/render';
import { writeOutputs } from '../src/synth/write-outputs';
import { platformOfSize } from './platform-of-size';

const which = process.argv[2];
if (which !== 'floor') {
  const platform = loadPlatform(which === 'default' ? defaultPlatform : platformOfSize(Number(which)));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  writeOutputs(
    out,
    ENVIRONMENT_NAMES.map((env) => `dist/${env}`),
    renderManifests(platform),
  );
  fs.rmSync(out, { recursive: true, force: true });
}
