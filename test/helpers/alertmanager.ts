/**
 * A real Alertmanager (Debian package prometheus-alertmanager) on a free local port, for tests that need more
 * than amtool's static checks, such as inhibition. A missing binary fails the test with how to install it.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startLocalServer, type LocalServer } from './local-server';

const NAMES = ['alertmanager', 'prometheus-alertmanager'];

export function alertmanagerBinary(): string {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    for (const name of NAMES) {
      const file = path.join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  throw new Error(
    `alertmanager is not installed (looked for ${NAMES.join(', ')} on PATH): ` +
      'run `apt-get install prometheus-alertmanager`',
  );
}

export type RunningAlertmanager = LocalServer;

/** Starts Alertmanager on `configFile` (no clustering) and resolves once it answers /-/ready. */
export async function startAlertmanager(configFile: string): Promise<RunningAlertmanager> {
  const storage = mkdtempSync(path.join(tmpdir(), 'alertmanager-'));
  return startLocalServer(
    alertmanagerBinary(),
    (address) => [
      `--config.file=${configFile}`,
      `--storage.path=${storage}`,
      `--web.listen-address=${address}`,
      '--cluster.listen-address=',
    ],
    { cleanUp: () => rmSync(storage, { recursive: true, force: true }) },
  );
}
