/**
 * Real command-line tools for tests. A missing tool is an error that says how to install it: tests that need
 * helm, kubectl, promtool or amtool fail rather than skip, so a green run always means the tool ran.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

export type ToolName = 'helm' | 'helm4' | 'kubectl' | 'promtool' | 'prometheus' | 'amtool' | 'terraform';

/** Where .tools/bin lives: scripts/setup-tools.sh installs there. */
export const TOOLS_BIN = path.resolve(__dirname, '../../.tools/bin');

const HOW_TO_INSTALL: Readonly<Record<ToolName, string>> = {
  helm: 'run `npm run setup:tools` (installs helm v3 into .tools/bin)',
  helm4: 'run `npm run setup:tools` (installs helm v4 into .tools/bin as helm4)',
  kubectl: 'run `npm run setup:tools` (installs kubectl into .tools/bin)',
  promtool: 'run `apt-get install prometheus` (Debian package that ships promtool)',
  prometheus: 'run `apt-get install prometheus` (Debian package of the Prometheus server)',
  amtool: 'run `apt-get install prometheus-alertmanager` (Debian package that ships amtool)',
  terraform: 'install Terraform >= 1.11 on PATH (https://developer.hashicorp.com/terraform/install)',
};

// helm4 is this project's own name for the v4 binary, so only .tools/bin can have it.
const ON_PATH: ReadonlySet<ToolName> = new Set(['helm', 'kubectl', 'promtool', 'prometheus', 'amtool', 'terraform']);

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of a tool: .tools/bin first, then PATH. Throws naming the tool and how to install it. */
export function toolPath(name: ToolName): string {
  const candidates = [TOOLS_BIN];
  if (ON_PATH.has(name)) candidates.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean));
  const found = candidates.map((dir) => path.join(dir, name)).find(isExecutable);
  if (found === undefined) {
    throw new Error(`${name} is not installed (looked in ${candidates.join(', ')}): ${HOW_TO_INSTALL[name]}`);
  }
  return found;
}

/** Options for {@link run}. */
export interface RunOptions {
  /** Working directory. @default the current directory */
  readonly cwd?: string;
  /** Text written to the tool's standard input. @default none */
  readonly input?: string;
  /** Extra environment variables, merged over process.env. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Milliseconds before the tool is killed. @default 60000 */
  readonly timeoutMs?: number;
}

/** What a tool printed and how it exited. */
export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a tool without a shell. Throws when it cannot start, times out or dies from a signal. */
export function run(tool: ToolName, args: readonly string[], opts: RunOptions = {}): RunResult {
  const file = toolPath(tool);
  const result = spawnSync(file, args, {
    cwd: opts.cwd,
    input: opts.input,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const command = [tool, ...args].join(' ');
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status === null) throw new Error(`${command}: killed by ${result.signal}\n${result.stderr}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a tool and returns its stdout; a non-zero exit throws with the command and its stderr. */
export function runOk(tool: ToolName, args: readonly string[], opts: RunOptions = {}): string {
  const result = run(tool, args, opts);
  if (result.status !== 0) {
    throw new Error(`${[tool, ...args].join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}
