/** An HTTP stand-in on loopback (a webhook, an events API, a public service): records every request and answers it. */
import { createServer } from 'node:http';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

/** What the stub answers; `drop` closes the connection without an answer. */
export type StubAnswer =
  { readonly status: number; readonly body?: string; readonly headers?: Record<string, string> } | 'drop';

export interface HttpStub {
  readonly url: string;
  /** Every request so far, in order (dropped ones included). */
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a stub that answers the n-th request (from 0) with `answer(request, n)`. */
export async function startHttpStub(answer: (request: RecordedRequest, n: number) => StubAnswer): Promise<HttpStub> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const recorded = { method: request.method ?? '', url: request.url ?? '', body };
      requests.push(recorded);
      const reply = answer(recorded, requests.length - 1);
      if (reply === 'drop') request.socket.destroy();
      else response.writeHead(reply.status, reply.headers).end(reply.body ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
