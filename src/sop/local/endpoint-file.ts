/**
 * The one value the app reads to find its database: locally a small JSON file holding host and port, standing
 * in for `environments.<env>.database.host` that reaches the pods through their ConfigMap. SOP-02 step 4
 * repoints by changing only this value; the app reads it again when it (re)connects, as a restarted pod does.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Endpoint } from './cluster';

export class EndpointFile {
  constructor(readonly file: string) {}

  read(): Endpoint {
    const value = JSON.parse(readFileSync(this.file, 'utf8')) as Endpoint;
    if (typeof value.host !== 'string' || !Number.isInteger(value.port)) {
      throw new Error(`${this.file}: must hold {"host": string, "port": integer}`);
    }
    return value;
  }

  /** Replaces the value whole (temporary file, then rename), so a reader never sees half of it. */
  write(endpoint: Endpoint): void {
    writeFileSync(`${this.file}.tmp`, `${JSON.stringify({ host: endpoint.host, port: endpoint.port })}\n`);
    renameSync(`${this.file}.tmp`, this.file);
  }
}
