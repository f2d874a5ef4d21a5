/**
 * fetch with one more attempt after a network error (never after an HTTP status): a kept-alive connection that
 * the server closes just as it is reused fails the request before it is sent (undici reports `fetch failed`).
 */
export async function fetchWithOneRetry(url: string, init: RequestInit & { timeoutMs: number }): Promise<Response> {
  const attempt = () => fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) });
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return attempt();
  }
}
