import type { SandboxAdminAccess } from "../common/admin-access";
import { decideFault } from "../common/faults";
import type { RequestLog } from "../common/request-log";

import { handleAutotaskAdmin } from "./admin";
import { dispatch } from "./api";
import { ensureAutotaskDemoTenants } from "./demo";
import { errorsResponse, json, messageResponse, notFoundRoute, SandboxError, THREAD_THRESHOLD_TEXT, unauthorized, unhandled } from "./responses";
import { type ApiUser, store, type Tenant, tenantByUsername } from "./state";

/**
 * The Autotask sandbox's HTTP surface: `/sandbox/autotask/[webservicesN/]atservicesrest/v1.0/…`
 * (prefix case-insensitive) and `/sandbox/autotask/_admin/…`. Order per request: zone discovery
 * (no auth) or the three auth headers → hourly request threshold (429 + Retry-After) → 3
 * concurrent requests per integration code and endpoint (thread-threshold error) → injected
 * latency / faults → the API → request log.
 */
const THREAD_LIMIT = 3;
const PREFIX = /^\/sandbox\/autotask\/(.*)$/i;
const ZONE_PATH = /^(?:webservices(\d+)\/)?atservicesrest\/v1\.0(?:\/(.*))?$/i;

export function zoneBaseUrl(origin: string, zone: number): string {
  return zone === 1 ? `${origin}/sandbox/autotask/atservicesrest/` : `${origin}/sandbox/autotask/webservices${zone}/atservicesrest/`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** True for the sandbox's `_admin` surface (authorized separately from the PSA API). */
export function isAutotaskAdminPath(pathname: string): boolean {
  return /^_admin(\/|$)/i.test(PREFIX.exec(pathname)?.[1] ?? "");
}

/** `opts.adminAccess`: who the portal's route found the caller to be; without it `_admin` needs the token. */
export async function handleAutotaskSandbox(req: Request, opts: { adminAccess?: SandboxAdminAccess } = {}): Promise<Response> {
  const url = new URL(req.url);
  const started = Date.now();
  const rest = PREFIX.exec(url.pathname)?.[1];
  if (rest === undefined) return notFoundRoute(url.href);
  if (/^_admin(\/|$)/i.test(rest)) return handleAutotaskAdmin(req, rest.replace(/^_admin\/?/i, ""), opts.adminAccess);
  ensureAutotaskDemoTenants();

  let log: RequestLog = store().unknownLog;
  const finish = (res: Response) => {
    log.add({ at: new Date(started).toISOString(), method: req.method, path: url.pathname, status: res.status, ms: Date.now() - started });
    return res;
  };
  const zonePath = ZONE_PATH.exec(rest);
  if (!zonePath) return finish(notFoundRoute(url.href));
  const zone = zonePath[1] ? Number(zonePath[1]) : 1;
  const segments = (zonePath[2] ?? "").split("/").filter(Boolean).map(decodeURIComponent);

  if (segments.length === 1 && segments[0]!.toLowerCase() === "zoneinformation") {
    const found = tenantByUsername(url.searchParams.get("user") ?? "");
    if (found) log = found.tenant.log;
    if (req.method !== "GET") return finish(messageResponse(405, `The requested resource does not support http method '${req.method}'.`));
    if (!found) return finish(errorsResponse(500, ["Zone information could not be determined for the specified user."]));
    const early = await injectedFault(found.tenant, url.pathname, false);
    if (early instanceof Response) return finish(early);
    return finish(
      json({ zoneName: `Sandbox Zone ${found.tenant.zone}`, url: zoneBaseUrl(url.origin, found.tenant.zone), webUrl: `${url.origin}/sandbox`, ci: found.tenant.ci }),
    );
  }

  const username = req.headers.get("UserName") ?? "";
  const found = username ? tenantByUsername(username) : undefined;
  if (found) log = found.tenant.log;
  if (!found || !authenticated(found.user, req.headers) || found.tenant.zone !== zone) return finish(unauthorized());
  const { tenant, user } = found;

  const now = Date.now();
  const hourAgo = now - 3_600_000;
  while (tenant.requestTimes.length > 0 && tenant.requestTimes[0]! <= hourAgo) tenant.requestTimes.shift();
  if (tenant.requestTimes.length >= tenant.requestThreshold) {
    const retryAfter = Math.max(1, Math.ceil((tenant.requestTimes[0]! + 3_600_000 - now) / 1000));
    return finish(
      errorsResponse(429, [`The request threshold of ${tenant.requestThreshold} requests per hour has been exceeded.`], { "Retry-After": String(retryAfter) }),
    );
  }
  tenant.requestTimes.push(now);

  const slot = `${user.integrationCode}|${(segments[0] ?? "").toLowerCase()}`;
  const inFlight = tenant.inFlight.get(slot) ?? 0;
  if (inFlight >= THREAD_LIMIT) return finish(errorsResponse(500, [THREAD_THRESHOLD_TEXT]));
  tenant.inFlight.set(slot, inFlight + 1);
  tenant.peakInFlight.set(slot, Math.max(tenant.peakInFlight.get(slot) ?? 0, inFlight + 1));
  try {
    return finish(await serve(req, url, tenant, user, segments, zone));
  } finally {
    tenant.inFlight.set(slot, (tenant.inFlight.get(slot) ?? 1) - 1);
  }
}

function authenticated(user: ApiUser, headers: Headers): boolean {
  return headers.get("Secret") === user.secret && headers.get("ApiIntegrationCode") === user.integrationCode;
}

async function injectedFault(tenant: Tenant, path: string, isWrite: boolean) {
  if (tenant.faults.latencyMs > 0) await sleep(tenant.faults.latencyMs);
  const decision = decideFault(tenant.faults, { path, isWrite });
  if (decision.kind === "throttle") {
    return errorsResponse(429, ["Too many requests: the sandbox is throttling this tenant."], { "Retry-After": String(decision.retryAfterSeconds) });
  }
  if (decision.kind === "error") return unhandled();
  return decision.kind === "fail-after-commit" ? decision : null;
}

async function serve(req: Request, url: URL, tenant: Tenant, user: ApiUser, segments: string[], zone: number): Promise<Response> {
  const isWrite = req.method !== "GET" && !segments.some((s) => s.toLowerCase() === "query");
  const fault = await injectedFault(tenant, url.pathname, isWrite);
  if (fault instanceof Response) return fault;

  let body: unknown;
  if (req.method !== "GET" && req.method !== "DELETE") {
    const text = await req.text();
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch {
        return errorsResponse(400, ["The request body is not valid JSON."]);
      }
    }
  }
  let response: Response;
  try {
    response = dispatch({ ctx: { tenant, user, now: Date.now() }, method: req.method, segments, url, body, baseUrl: zoneBaseUrl(url.origin, zone) });
  } catch (err) {
    if (err instanceof SandboxError) return errorsResponse(err.status, err.errors);
    console.error("[autotask sandbox] unhandled error", err);
    return unhandled();
  }
  if (fault && response.ok) {
    // "Fail after commit": the write happened; the caller never learns it.
    if (fault.mode === "timeout") await sleep(fault.hangMs);
    return unhandled();
  }
  return response;
}
