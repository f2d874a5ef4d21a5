/**
 * The local stand-in for the `your-app-allow-database` NetworkPolicy of SOP-02 step 2: the app reaches each
 * database only through a loopback TCP relay this gate owns. Isolating cuts every open connection (the manual's
 * pod restart, which drops pooled connections a NetworkPolicy may leave open) and turns away new ones, while
 * the operator still reaches the servers directly, as on the cluster. Isolation is in the network path, not in
 * PostgreSQL (no pg_hba change, no pg_terminate_backend): the SOP is for a primary that may be lost or corrupt,
 * so nothing may depend on configuring it. One difference: a NetworkPolicy drops packets, so a client's connect
 * times out; the gate closes the socket, so it fails at once. Either way no byte reaches PostgreSQL.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';
import type { Endpoint } from './cluster';

export class DatabaseGate {
  private readonly servers: Server[] = [];
  private readonly open = new Set<Socket>();
  private isolatedNow = false;

  get isolated(): boolean {
    return this.isolatedNow;
  }

  /** Opens a route to `target` on a free loopback port; the app is given the route's endpoint. */
  route(target: Endpoint): Promise<Endpoint> {
    const server = createServer((client) => this.relay(client, target));
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        if (typeof address !== 'object' || address === null) return reject(new Error('route has no address'));
        resolve({ host: '127.0.0.1', port: address.port });
      });
    });
  }

  /** Cuts every open connection and turns away new ones; returns how many connections were cut. */
  isolate(): number {
    this.isolatedNow = true;
    const cut = this.open.size;
    for (const socket of this.open) socket.destroy();
    this.open.clear();
    return cut;
  }

  /** Lets connections through again (dbIsolation back to false). */
  allow(): void {
    this.isolatedNow = false;
  }

  /** Closes every route and connection. */
  async close(): Promise<void> {
    this.isolate();
    await Promise.all(this.servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }

  private relay(client: Socket, target: Endpoint): void {
    if (this.isolatedNow) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair = [client, upstream];
    for (const socket of pair) {
      this.open.add(socket);
      socket.on('error', () => pair.forEach((s) => s.destroy()));
      socket.on('close', () => {
        pair.forEach((s) => s.destroy());
        this.open.delete(socket);
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
