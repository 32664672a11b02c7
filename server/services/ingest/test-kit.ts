import { type DbHandle, setDbHandle } from "~/db";
import { createApiKeyRow, createPartner } from "~/db/seed/factories";

/** Helpers for the ingest API's integration tests: real Request objects against the handlers. */
export type Handler = (req: Request) => Promise<Response>;

export function apiRequest(
  method: string,
  path: string,
  opts: { key?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Request {
  const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  return new Request(`http://localhost${path}`, {
    method,
    headers,
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
}

export async function call<T = Record<string, unknown>>(handler: Handler, req: Request): Promise<{ status: number; body: T }> {
  const res = await handler(req);
  return { status: res.status, body: (await res.json()) as T };
}

export type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

/** Points the app's getDb() at the test database and creates a partner with an API key. */
export async function partnerWithKey(handle: DbHandle) {
  setDbHandle(handle);
  const partner = await createPartner(handle.db);
  const apiKey = await createApiKeyRow(handle.db, { partnerId: partner.id });
  return { partner, key: apiKey.key, apiKey };
}
