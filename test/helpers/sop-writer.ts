/**
 * The app's stand-in for the SOP tests: commits one row per statement in a loop, reading the database endpoint
 * afresh on every (re)connect, and records each commit the server acknowledged. On any error it drops the
 * connection and reconnects, as an app's pool does.
 */
import { Client } from 'pg';
import type { Endpoint } from '../../src/sop/local/cluster';

export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** A commit the server acknowledged: the writer's sequence number, and when the acknowledgement arrived. */
export interface Ack {
  readonly seq: number;
  readonly at: number;
}

export interface WriterOptions {
  readonly endpoint: () => Endpoint;
  /** The statement for sequence number `seq`; each attempt gets a new number, so an unacknowledged commit never collides. */
  readonly statement: (seq: number) => Statement;
  /** @default postgres */
  readonly database?: string;
  /** Pause between commits, to keep the write rate modest. @default 0 */
  readonly pauseMs?: number;
}

import { sleep } from './wait';

export class RowWriter {
  readonly acks: Ack[] = [];
  failures = 0;
  private nextSeq = 1;
  private running = false;
  private done: Promise<void> = Promise.resolve();

  constructor(private readonly options: WriterOptions) {}

  start(): this {
    this.running = true;
    this.done = this.loop();
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  /** Waits until `count` more commits than now are acknowledged. */
  async waitForMore(count: number, timeoutMs = 20_000): Promise<void> {
    const target = this.acks.length + count;
    const deadline = Date.now() + timeoutMs;
    while (this.acks.length < target) {
      if (Date.now() > deadline)
        throw new Error(`writer: ${this.acks.length} acks, waited for ${target} (${this.failures} failures)`);
      await sleep(10);
    }
  }

  private async loop(): Promise<void> {
    let client: Client | undefined;
    while (this.running) {
      try {
        if (!client) {
          const fresh = new Client({
            ...this.options.endpoint(),
            user: 'postgres',
            database: this.options.database ?? 'postgres',
            connectionTimeoutMillis: 1000,
          });
          // A cut connection emits 'error' on an idle client too; the next query reports it.
          fresh.on('error', () => undefined);
          client = fresh;
          await fresh.connect();
        }
        const seq = this.nextSeq++;
        const { text, values } = this.options.statement(seq);
        await client.query(text, values as unknown[]);
        this.acks.push({ seq, at: Date.now() });
        if (this.options.pauseMs) await sleep(this.options.pauseMs);
      } catch {
        this.failures++;
        await client?.end().catch(() => undefined);
        client = undefined;
        await sleep(20);
      }
    }
    await client?.end().catch(() => undefined);
  }
}
