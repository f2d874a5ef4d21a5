/**
 * Local PostgreSQL 15 servers for tests. Each test file makes a sandbox: a temporary directory owned by the
 * server user (tests run as root in CI; the servers run as `postgres`, see src/sop/local/server-user.ts), where
 * it creates its servers on free loopback ports. `cleanup()` (in afterAll) stops every server it started and any
 * other postmaster left under the directory, by the PID in its postmaster.pid (pg_ctl), then removes it all.
 * A missing PostgreSQL fails the tests, in CI and elsewhere, with the install command; nothing is skipped.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalCluster } from '../../src/sop/local/cluster';
import { POSTGRES_INSTALL_HINT, postgresProgram } from '../../src/sop/local/postgres-binaries';
import { run, runOk } from '../../src/sop/local/run-as-server';
import { makeServerDir } from '../../src/sop/local/server-user';
import type { Settings } from '../../src/sop/local/settings-file';

/**
 * Throwaway servers need no crash safety: without fsync, checkpoints (a shutdown, a base backup) take
 * milliseconds instead of seconds on a slow disk. Archiving, recovery and replication do not depend on it.
 * PostgreSQL's own TAP test nodes do the same (src/test/perl/PostgreSQL/Test/Cluster.pm, init: `fsync = off`).
 */
const TEST_SETTINGS: Settings = { fsync: false };

/** Throws, with how to install it, when PostgreSQL 15 is missing. */
export function requirePostgres(): void {
  try {
    for (const program of ['initdb', 'pg_ctl', 'pg_basebackup', 'pg_verifybackup'] as const) postgresProgram(program);
  } catch (error) {
    const where =
      process.env.CI === 'true' ? 'CI must install it (.ci/run runs npm run setup:tools)' : POSTGRES_INSTALL_HINT;
    throw new Error(`${(error as Error).message}\nThese tests run a real PostgreSQL 15: ${where}`);
  }
}

export class PostgresSandbox {
  /** Creates the sandbox directory; fails when PostgreSQL is missing. */
  static create(name: string): PostgresSandbox {
    requirePostgres();
    const root = mkdtempSync(path.join(tmpdir(), `sop-${name}-`));
    makeServerDir(root);
    return new PostgresSandbox(root);
  }

  private readonly clusters: LocalCluster[] = [];
  private template?: Promise<LocalCluster>;

  private constructor(readonly root: string) {}

  /** A path inside the sandbox. */
  path(...parts: string[]): string {
    return path.join(this.root, ...parts);
  }

  /** A directory inside the sandbox that the server user owns. */
  dir(...parts: string[]): string {
    const dir = this.path(...parts);
    makeServerDir(dir);
    return dir;
  }

  /**
   * A new server in `name`/, configured and started. Its data directory is a copy of one initdb run per sandbox
   * (initdb takes a second or more, a copy a fraction), so the sandbox's servers share a system identifier.
   */
  async start(name: string, settings: Settings = {}): Promise<LocalCluster> {
    this.template ??= LocalCluster.init(this.path('template'));
    const template = await this.template;
    makeServerDir(this.path(name));
    await runOk('cp', ['-a', template.dataDir, this.path(name, 'data')]);
    return this.track(LocalCluster.existing(this.path(name)), { ...TEST_SETTINGS, ...settings });
  }

  /** Tracks a cluster created elsewhere (a standby) so cleanup stops it; starts it when given settings. */
  async track(cluster: LocalCluster, settings?: Settings): Promise<LocalCluster> {
    this.clusters.push(cluster);
    if (settings) {
      cluster.configure(settings);
      await cluster.start();
    }
    return cluster;
  }

  async cleanup(): Promise<void> {
    const stops = this.clusters.map((cluster) => cluster.stop());
    const results = await Promise.allSettled(stops);
    // Any postmaster still running under the sandbox (a drill interrupted by a timeout): stop it by its PID file.
    for (const dataDir of dataDirsWithPostmaster(this.root)) {
      await run(postgresProgram('pg_ctl'), ['stop', '--pgdata', dataDir, '--mode=immediate', '--wait']);
    }
    rmSync(this.root, { recursive: true, force: true });
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

function dataDirsWithPostmaster(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name === 'postmaster.pid')
    .map((entry) => entry.parentPath);
}
