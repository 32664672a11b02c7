import { PsaError } from "../errors";
import type { PsaProvider } from "../types";

/**
 * One HTTP exchange with a timeout. Network failures and timeouts become `unavailable`
 * PsaErrors; the caller maps HTTP statuses (each PSA words its errors differently).
 * Messages name the operation, never the URL's credentials or headers.
 */
export async function fetchWithTimeout(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  ctx: { provider: PsaProvider; operation: string; timeoutMs: number },
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.timeoutMs);
  try {
    return await fetchImpl(url, { ...init, signal: controller.signal });
  } catch (err) {
    const timedOut = controller.signal.aborted;
    throw new PsaError({
      kind: "unavailable",
      provider: ctx.provider,
      operation: ctx.operation,
      message: timedOut
        ? `The PSA did not answer ${ctx.operation} within ${Math.round(ctx.timeoutMs / 1000)} s.`
        : `The PSA could not be reached for ${ctx.operation}.`,
      hint: "Check the PSA's address and that it is online; PSA Relay retries automatically.",
      cause: err instanceof Error ? new Error(err.message) : undefined,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a body as JSON, tolerating empty bodies; returns undefined when it is not JSON. */
export async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
