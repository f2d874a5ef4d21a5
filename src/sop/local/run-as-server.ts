/** Runs a program as the PostgreSQL server user, asynchronously so the caller's own work (a writer) goes on. */
import { spawn } from 'node:child_process';
import { serverUser } from './server-user';

export interface RunResult {
  readonly status: number;
  readonly output: string;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: RunResult,
  ) {
    super(`${command} exited ${result.status}:\n${result.output.trim()}`);
  }
}

/**
 * The environment of every PostgreSQL program: the caller's, without PG* variables (so PGHOST or PGPORT of the
 * caller's shell cannot redirect a backup), in the C locale and UTC.
 */
function serverEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PG')));
  return { ...env, LC_ALL: 'C', TZ: 'UTC' };
}

/** Runs `file args` as the server user; resolves with its exit status and merged stdout and stderr. */
export function run(file: string, args: readonly string[], cwd?: string): Promise<RunResult> {
  const user = serverUser();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd,
      env: serverEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(user && { uid: user.uid, gid: user.gid }),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status: status ?? (signal ? 128 : 1), output }));
  });
}

/** Like {@link run}, but a non-zero exit throws a CommandError with the command and its output. */
export async function runOk(file: string, args: readonly string[], cwd?: string): Promise<string> {
  const result = await run(file, args, cwd);
  if (result.status !== 0) throw new CommandError([file, ...args].join(' '), result);
  return result.output;
}
