/**
 * The failover's HTTP calls (Slack webhook, smoke checks, Prometheus) retry once after a network error: a kept-alive
 * connection the server drops as it is reused. Real sockets: a server that drops the first connection unanswered.
 */
import { fetchWithOneRetry } from '../../src/sop/failover/http';
import { startHttpStub, type HttpStub } from '../helpers/http-stub';

const stubs: HttpStub[] = [];
afterAll(() => Promise.all(stubs.map((stub) => stub.close())));

/** A server that drops the first `drops` requests' connections without an answer, then answers `status`. */
async function flakyServer(drops: number, status = 200): Promise<{ url: string; requests: () => number }> {
  const stub = await startHttpStub((_, n) => (n < drops ? 'drop' : { status }));
  stubs.push(stub);
  return { url: `${stub.url}/hook`, requests: () => stub.requests.length };
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
