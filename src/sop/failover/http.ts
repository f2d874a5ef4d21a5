/**
 * fetch with one more attempt after a network error (never after an HTTP status): a kept-alive connection that
 * the server closes just as it is reused fails the request before it is sent (undici reports `fetch failed`).
 * A second failure names undici's cause (ECONNREFUSED, a TLS error, ...), never the URL: a webhook's URL is a secret.
 */
export async function fetchWithOneRetry(url: string, init: RequestInit & { timeoutMs: number }): Promise<Response> {
  const attempt = () => fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) });
  try {
    return await attempt();
  } catch (error) {
    // By name, not instanceof: under jest, fetch's TypeError comes from another realm.
    if ((error as Error)?.name !== 'TypeError') throw error;
    return attempt().catch((again: unknown) => {
      const cause = (again as { cause?: { code?: string; message?: string } }).cause;
      throw cause ? new TypeError(`${(again as Error).message}: ${cause.code ?? cause.message}`) : again;
    });
  }
}
