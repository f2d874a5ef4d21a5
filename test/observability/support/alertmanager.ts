/**
 * A real Alertmanager (Debian package prometheus-alertmanager) on a free local port, for tests that need more
 * than amtool's static checks, such as inhibition. A missing binary fails the test with how to install it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningAlertmanager {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts Alertmanager on `configFile` (no clustering) and resolves once it answers /-/ready. */
export async function startAlertmanager(configFile: string): Promise<RunningAlertmanager> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const storage = mkdtempSync(path.join(tmpdir(), 'alertmanager-'));
  const child: ChildProcess = spawn(
    alertmanagerBinary(),
    [
      `--config.file=${configFile}`,
      `--storage.path=${storage}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited ${child.exitCode}:\n${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`alertmanager did not become ready within 10 s:\n${stderr}`);
}
