import { adminRefusal, hasSandboxAdminToken, type SandboxAdminAccess, TOKEN_ACCESS } from "../common/admin-access";
import { decideFault } from "../common/faults";
import { adminEnabled, handleAdmin } from "./admin";
import { ensureDemoTenants } from "./demo";
import { badRequest, errorResponse, htmlNotFound, json, SandboxHttpError } from "./http";
import { handleResource } from "./resource";
import { matchRoute } from "./router";
import { findTenant, type Tenant } from "./state";

/**
 * The ConnectWise Manage sandbox as one fetch handler, mounted at /sandbox/connectwise:
 *   GET /login/companyinfo/{companyId}      no auth; PascalCase; unknown company → `null` (200)
 *   /{codebase}apis/3.0/...                 Basic auth "company+public:private" + clientId header
 *   /_admin/...                             demo/test modes only; token or owning partner's admin (see admin.ts)
 * Auth failures → 401 {"code":"Unauthorized"}; a missing or malformed clientId header → 401 too
 * (our choice: ConnectWise rejects such calls before the API runs, and integrators report 401s).
 * A codebase the tenant is not on → an IIS-style HTML 404, which is what makes clients re-discover.
 */
export const SANDBOX_PREFIX = "/sandbox/connectwise";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function unauthorized(message: string): SandboxHttpError {
  return new SandboxHttpError(401, "Unauthorized", message);
}

type Auth = { tenant: Tenant; memberDenied: string[] };

/** Finds the tenant named by the Basic credentials; throws 401 when they do not hold. */
function authenticate(headers: Headers): Auth {
  const header = headers.get("authorization") ?? "";
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!m) throw unauthorized("Authorization has been denied for this request.");
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const plus = decoded.indexOf("+");
  if (colon < 0 || plus < 0 || plus > colon) throw unauthorized("Authorization has been denied for this request.");
  const tenant = findTenant(decoded.slice(0, plus));
  const publicKey = decoded.slice(plus + 1, colon);
  const privateKey = decoded.slice(colon + 1);
  const member = tenant?.members.find((mem) => mem.publicKey === publicKey);
  if (!tenant || !member || member.privateKey !== privateKey) throw unauthorized("Authorization has been denied for this request.");
  return { tenant, memberDenied: member.denied };
}

function checkClientId(tenant: Tenant, headers: Headers): void {
  const clientId = headers.get("clientid")?.trim();
  if (!clientId) throw unauthorized("A clientId header is required. Register your integration to get one.");
  if (!GUID.test(clientId) || (tenant.clientIds && !tenant.clientIds.includes(clientId))) {
    throw unauthorized(`The clientId '${clientId}' is not valid.`);
  }
}

async function readBody(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
}

function companyInfo(companyId: string): Response {
  const tenant = findTenant(decodeURIComponent(companyId));
  if (!tenant) return json(null);
  return json({
    CompanyName: tenant.companyName,
    Codebase: tenant.codebase,
    VersionCode: tenant.versionCode,
    VersionNumber: tenant.versionNumber,
    CompanyID: tenant.companyId,
    IsCloud: tenant.isCloud,
  });
}

async function apiCall(req: Request, url: URL, codebase: string, apiPath: string): Promise<{ res: Response; tenant?: Tenant }> {
  let tenant: Tenant | undefined;
  try {
    const auth = authenticate(req.headers);
    tenant = auth.tenant;
    if (tenant.codebase.toLowerCase() !== codebase.toLowerCase()) return { res: htmlNotFound(), tenant };
    checkClientId(tenant, req.headers);
    tenant.inFlight++;
    tenant.peakInFlight = Math.max(tenant.peakInFlight, tenant.inFlight);
    try {
      return { res: await dispatch(req, url, apiPath, auth), tenant };
    } finally {
      tenant.inFlight--;
    }
  } catch (err) {
    if (err instanceof SandboxHttpError) return { res: errorResponse(err), tenant };
    throw err;
  }
}

async function dispatch(req: Request, url: URL, apiPath: string, auth: Auth): Promise<Response> {
  const { tenant } = auth;
  const method = req.method.toUpperCase();
  const isWrite = method !== "GET";
  const fault = decideFault(tenant.faults, { path: apiPath, isWrite });
  if (tenant.faults.latencyMs > 0) await sleep(tenant.faults.latencyMs);
  if (fault.kind === "throttle") {
    throw new SandboxHttpError(429, "TooManyRequests", "The request was throttled. Retry after the delay.", [], { "retry-after": String(fault.retryAfterSeconds) });
  }
  if (fault.kind === "error") throw new SandboxHttpError(500, "UnexpectedServerError", "An unexpected server error has occurred.");

  let res: Response;
  if (/^\/?system\/info\/?$/i.test(apiPath)) {
    if (method !== "GET") throw new SandboxHttpError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'.`);
    res = json({ version: tenant.versionCode, isCloud: tenant.isCloud, serverTimeZone: tenant.serverTimeZone, licenseBits: [], cloudRegion: "NA", maxWorkFlowRecordsAllowed: 1000 });
  } else {
    const route = matchRoute(apiPath);
    if (!route) throw new SandboxHttpError(404, "NotFound", `No route matches '${apiPath}'`);
    if (auth.memberDenied.some((prefix) => route.pattern.toLowerCase().startsWith(prefix.toLowerCase()))) {
      throw new SandboxHttpError(403, "Forbidden", "You do not have the security permissions to access this resource.");
    }
    const body = isWrite ? await readBody(req) : undefined;
    res = handleResource({ tenant, def: route.def, method, url, origin: url.origin, headers: req.headers, parentIds: route.parentIds, id: route.id, count: route.count, body });
  }
  if (fault.kind === "fail-after-commit" && res.status < 300) {
    if (fault.mode === "timeout") await sleep(fault.hangMs);
    throw new SandboxHttpError(500, "UnexpectedServerError", "An unexpected server error has occurred.");
  }
  return res;
}

/** True for the sandbox's `_admin` surface (authorized separately from the PSA API). */
export function isConnectWiseAdminPath(pathname: string): boolean {
  const path = pathname.startsWith(SANDBOX_PREFIX) ? pathname.slice(SANDBOX_PREFIX.length) : pathname;
  return /^\/_admin(\/|$)/.test(path);
}

/** `opts.adminAccess`: who the portal's route found the caller to be; without it `_admin` needs the token. */
export async function handleConnectWiseSandbox(req: Request, opts: { adminAccess?: SandboxAdminAccess } = {}): Promise<Response> {
  const started = Date.now();
  const url = new URL(req.url);
  const path = url.pathname.startsWith(SANDBOX_PREFIX) ? url.pathname.slice(SANDBOX_PREFIX.length) : url.pathname;
  ensureDemoTenants();

  if (/^\/_admin(\/|$)/.test(path)) {
    if (!adminEnabled()) return new Response("Not Found", { status: 404 });
    const access = opts.adminAccess ?? (hasSandboxAdminToken(req) ? TOKEN_ACCESS : null);
    if (!access) return adminRefusal(401);
    try {
      const segments = path.split("/").filter(Boolean).slice(1).map(decodeURIComponent);
      const body = req.method === "GET" || req.method === "DELETE" ? undefined : await readBody(req);
      return handleAdmin(req.method.toUpperCase(), segments, body, access);
    } catch (err) {
      if (err instanceof SandboxHttpError) return errorResponse(err);
      throw err;
    }
  }

  const info = /^\/login\/companyinfo\/([^/]+)\/?$/i.exec(path);
  if (info) {
    if (req.method !== "GET") return htmlNotFound();
    const res = companyInfo(info[1]!);
    findTenant(decodeURIComponent(info[1]!))?.log.add({ at: new Date().toISOString(), method: "GET", path, status: 200, ms: Date.now() - started });
    return res;
  }

  const api = /^\/([A-Za-z0-9_]+\/)apis\/3\.0(\/.*)?$/.exec(path);
  if (!api) return htmlNotFound();
  const { res, tenant } = await apiCall(req, url, api[1]!, api[2] ?? "/");
  tenant?.log.add({ at: new Date().toISOString(), method: req.method.toUpperCase(), path: `${path}${url.search}`, status: res.status, ms: Date.now() - started });
  return res;
}
