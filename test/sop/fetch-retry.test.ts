/**
 * The failover's HTTP calls (Slack webhook, smoke checks, Prometheus) retry once after a network error: a kept-alive
 * connection the server drops as it is reused. Real sockets: a server that drops the first connection unanswered.
 */
import { createServer, type Server } from 'node:http';
import { fetchWithOneRetry } from '../../src/sop/failover/http';

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

/** A server that drops the first `drops` requests' connections without an answer, then answers `status`. */
async function flakyServer(drops: number, status = 200): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    if (requests <= drops) request.socket.destroy();
    else response.writeHead(status).end('ok');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, requests: () => requests };
}

const post = { method: 'POST', body: '{"text":"hi"}', timeoutMs: 5_000 };

it('sends again once when the connection is dropped, and returns the answer', async () => {
  const server = await flakyServer(1);
  const response = await fetchWithOneRetry(server.url, post);
  expect(response.status).toBe(200);
  expect(server.requests()).toBe(2);
});

it('fails on a second drop, naming the network cause and not the URL (a webhook URL is a secret)', async () => {
  const server = await flakyServer(2);
  const failure = fetchWithOneRetry(server.url, post);
  await expect(failure).rejects.toThrow(/^fetch failed: \w+/);
  await expect(failure).rejects.not.toThrow(/hook|127\.0\.0\.1/);
  expect(server.requests()).toBe(2);
});

it('never retries an HTTP error status: the server answered', async () => {
  const server = await flakyServer(0, 503);
  const response = await fetchWithOneRetry(server.url, post);
  expect(response.status).toBe(503);
  expect(server.requests()).toBe(1);
});
