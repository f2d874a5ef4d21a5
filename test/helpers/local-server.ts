/**
 * A Prometheus-family server (Prometheus, Alertmanager) started on a free loopback port for one test file: resolves
 * once it answers GET /-/ready, and fails with its stderr if it exits or is not ready in time.
 */
import { spawn } from 'node:child_process';
import { freeLoopbackPort } from '../../src/sop/local/free-port';
import { waitFor } from './wait';

export interface LocalServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `binary` with `args(listenAddress)`; `cleanUp` runs after it stops (its data directory, say). */
export async function startLocalServer(
  binary: string,
  args: (listenAddress: string) => string[],
  options: { readonly timeoutMs?: number; readonly cleanUp?: () => void } = {},
): Promise<LocalServer> {
  const port = await freeLoopbackPort();
  const child = spawn(binary, args(`127.0.0.1:${port}`), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const server: LocalServer = {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      options.cleanUp?.();
    },
  };
  try {
    await waitFor(
      `${binary} ready on port ${port}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${binary} exited ${child.exitCode}`);
        return fetch(`${server.url}/-/ready`).then(
          (response) => response.ok,
          () => false,
        );
      },
      options.timeoutMs ?? 45_000,
    );
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return server;
}
