/**
 * One local PostgreSQL 15 server: a data directory in a directory of its own (with its log), listening on a free
 * loopback port only (no Unix socket), trust authentication for the `postgres` superuser on loopback. Started and
 * stopped with pg_ctl, which signals the postmaster by the PID in its own postmaster.pid (PostgreSQL 15 docs,
 * pg_ctl reference).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { freeLoopbackPort } from './free-port';
import { postgresProgram } from './postgres-binaries';
import { run, runOk } from './run-as-server';
import { makeServerDir } from './server-user';
import { includeSettingsFile, type Settings, writeSettingsFile } from './settings-file';

/** Where a client reaches a server: the one value the app reads (`database.host`, and the port locally). */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** The superuser initdb creates; every local cluster uses it with trust authentication on loopback. */
export const SUPERUSER = 'postgres';

const LOOPBACK = '127.0.0.1';

/** Attempts at a free port: another process can take a port between our probe and the server's bind. */
const START_ATTEMPTS = 3;

export class LocalCluster {
  /** Creates an empty cluster with initdb in `dir`/data; not started. */
  static async init(dir: string): Promise<LocalCluster> {
    makeServerDir(dir);
    const cluster = new LocalCluster(dir);
    // --auth=trust: only loopback can connect (listen_addresses), and every test owns its servers.
    await runOk(postgresProgram('initdb'), [
      '--pgdata',
      cluster.dataDir,
      '--username',
      SUPERUSER,
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      // Small WAL segments: the archive fills segment by segment (26.3.1), so tests reach a segment switch sooner.
      '--wal-segsize=1',
    ]);
    includeSettingsFile(cluster.dataDir);
    return cluster;
  }

  /** A cluster over a data directory that already exists in `dir`/data (restored from a base backup). */
  static existing(dir: string): LocalCluster {
    const cluster = new LocalCluster(dir);
    includeSettingsFile(cluster.dataDir);
    return cluster;
  }

  readonly dataDir: string;
  readonly logFile: string;
  private currentPort?: number;
  private settings: Settings = {};

  private constructor(readonly dir: string) {
    this.dataDir = path.join(dir, 'data');
    this.logFile = path.join(dir, 'server.log');
  }

  get port(): number {
    if (this.currentPort === undefined) throw new Error(`${this.dir}: server not started`);
    return this.currentPort;
  }

  get endpoint(): Endpoint {
    return { host: LOOPBACK, port: this.port };
  }

  /** A libpq connection string for this server, e.g. for primary_conninfo. */
  conninfo(extra = ''): string {
    return `host=${LOOPBACK} port=${this.port} user=${SUPERUSER} ${extra}`.trim();
  }

  /** Sets the engine-owned settings; applied at the next start, or now with {@link reload} for reloadable ones. */
  configure(settings: Settings): void {
    this.settings = settings;
    if (this.currentPort !== undefined) this.writeSettings();
  }

  /** Starts the server on a free loopback port and waits until it accepts connections (pg_ctl -w). */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.currentPort = await freeLoopbackPort();
      this.writeSettings();
      const result = await run(postgresProgram('pg_ctl'), [
        'start',
        '--pgdata',
        this.dataDir,
        '--log',
        this.logFile,
        '--wait',
        '--timeout=120',
      ]);
      if (result.status === 0) return;
      const portTaken = this.logTail().includes('could not bind');
      if (!portTaken || attempt === START_ATTEMPTS) {
        this.currentPort = undefined;
        throw new Error(`${this.dir}: server did not start:\n${result.output.trim()}\n${this.logTail()}`);
      }
    }
  }

  /** Fast shutdown (pg_ctl stop -m fast); nothing to do when the server is not running. */
  async stop(): Promise<void> {
    if (!this.running) return;
    await runOk(postgresProgram('pg_ctl'), ['stop', '--pgdata', this.dataDir, '--mode=fast', '--wait', '--timeout=60']);
  }

  /** True while the postmaster's PID file exists (it removes the file when it exits). */
  get running(): boolean {
    return existsSync(path.join(this.dataDir, 'postmaster.pid'));
  }

  /** Re-reads the configuration files (pg_ctl reload). */
  async reload(): Promise<void> {
    this.writeSettings();
    await runOk(postgresProgram('pg_ctl'), ['reload', '--pgdata', this.dataDir]);
  }

  /** A connected client; the caller ends it. */
  async connect(database = 'postgres'): Promise<Client> {
    const client = new Client({ ...this.endpoint, user: SUPERUSER, database, connectionTimeoutMillis: 5000 });
    await client.connect();
    return client;
  }

  /** Runs one statement on a connection of its own and returns the rows. */
  async query<Row extends object = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
    database = 'postgres',
  ): Promise<Row[]> {
    const client = await this.connect(database);
    try {
      return (await client.query<Row>(sql, params as unknown[])).rows;
    } finally {
      await client.end();
    }
  }

  /** Waits until recovery has ended and the server accepts writes; throws with the log when the server died. */
  async waitUntilPrimary(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.dir}: server stopped during recovery:\n${this.logTail()}`);
      try {
        const [row] = await this.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering');
        if (!row.recovering) return;
      } catch (error) {
        // Not accepting connections yet (still starting, or restarting after a crash): try again.
        if (!(error instanceof Error)) throw error;
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.dir}: still in recovery after ${timeoutMs} ms:\n${this.logTail()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The last lines of the server log, for error messages. */
  logTail(lines = 20): string {
    if (!existsSync(this.logFile)) return '(no server log)';
    return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  private writeSettings(): void {
    writeSettingsFile(this.dataDir, {
      listen_addresses: LOOPBACK,
      port: this.port,
      unix_socket_directories: '',
      ...this.settings,
    });
  }
}
