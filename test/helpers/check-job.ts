/**
 * Runs the drill's rendered check Job on this machine, as the cluster would: its script and snapshot statement from
 * the rendered ConfigMap, its environment from the rendered Job and Secret, under BusyBox's sh with only BusyBox's
 * wget, base64 and tr and PostgreSQL's psql on PATH (what the postgres Alpine image has). The servers' addresses are
 * mapped to local ones, and TLS is off (the local servers have none).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Endpoint } from '../../src/sop/local/cluster';
import { postgresProgram } from '../../src/sop/local/postgres-binaries';

const BUSYBOX = '/usr/bin/busybox';

/** Throws, with how to install it, when BusyBox is missing: the test fails rather than skips. */
function requireBusybox(): void {
  try {
    accessSync(BUSYBOX, constants.X_OK);
  } catch {
    throw new Error(`${BUSYBOX} is missing: as root \`apt-get install busybox\` (\`npm run setup:tools\` does it)`);
  }
}

export interface LocalTargets {
  readonly source: Endpoint;
  readonly restored: Endpoint;
  readonly appUrl: string;
}

type Obj = Record<string, any>;

export async function runCheckJobLocally(
  setup: readonly Obj[],
  job: Obj,
  targets: LocalTargets,
): Promise<{ status: number; log: string }> {
  requireBusybox();
  const pod = job.spec.template.spec;
  const container = pod.containers[0];
  const configName = pod.volumes.find((volume: Obj) => volume.configMap).configMap.name;
  const config = setup.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configName);
  if (!config) throw new Error(`the Job mounts ConfigMap ${configName}, which setup does not create`);
  const secretValue = (ref: { name: string; key: string }) => {
    const secret = setup.find((o) => o.kind === 'Secret' && o.metadata.name === ref.name);
    if (!secret) throw new Error(`the Job reads Secret ${ref.name}, which setup does not create`);
    return secret.stringData[ref.key] as string;
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'sop-check-job-'));
  try {
    const bin = path.join(dir, 'bin');
    const mount = path.join(dir, 'sop');
    for (const d of [bin, mount]) mkdirSync(d);
    for (const applet of ['sh', 'wget', 'base64', 'tr']) symlinkSync(BUSYBOX, path.join(bin, applet));
    symlinkSync(postgresProgram('psql'), path.join(bin, 'psql'));
    for (const [file, text] of Object.entries(config.data as Record<string, string>)) {
      writeFileSync(path.join(mount, file), text);
    }
    const env: Record<string, string> = {};
    for (const entry of container.env as Obj[]) {
      env[entry.name] = entry.value ?? secretValue(entry.valueFrom.secretKeyRef);
    }
    Object.assign(env, {
      PATH: bin,
      SOP_DIR: mount,
      PGSSLMODE: 'disable',
      SOURCE_HOST: targets.source.host,
      SOURCE_PORT: String(targets.source.port),
      RESTORED_HOST: targets.restored.host,
      RESTORED_PORT: String(targets.restored.port),
      APP_URL: targets.appUrl,
    });
    const [shell, script] = container.command as string[];
    if (shell !== '/bin/sh') throw new Error(`the Job runs ${shell}, not /bin/sh`);
    return await new Promise((resolve, reject) => {
      const child = spawn(path.join(bin, 'sh'), [path.join(mount, path.basename(script))], { env });
      let log = '';
      child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status: status ?? 1, log }));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
