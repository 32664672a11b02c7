import type { z } from "zod";

import { isPsaError, PsaError } from "../errors";
import { type ConnectionLimiter, limiterFor } from "../http/limiter";
import { fetchWithTimeout, readJson } from "../http/request";
import { StopRetry, withRetry } from "../http/retry";
import { psaUrlProblem } from "../url-policy";
import type { AutotaskCredentials, PsaConnectorOptions } from "../types";

import { errorFromResponse } from "./http-errors";
import { clearMetadataCache } from "./metadata";
import { getResultSchema, itemIdSchema, queryResultSchema, type ZoneInfo, zoneInfoSchema } from "./schemas";
import type { AtQuery } from "./query";

/**
 * HTTP to Autotask REST v1.0: zone discovery from the username (cached per connection), the three
 * auth headers on every call, a per-connection limiter (3 concurrent per endpoint, hourly budget),
 * timeouts, retries with backoff for throttled / unavailable (creates only when Autotask surely did
 * not process them), one zone re-discovery on a 401 from a zone that worked, paging to the end.
 */
export const DEFAULT_ZONE_DISCOVERY_URL = "https://webservices.autotask.net/atservicesrest";
export const DEFAULT_HOURLY_BUDGET = 9_000; // Autotask allows 10,000 per hour per database; keep a 10 % margin
const MAX_CONCURRENT_PER_ENDPOINT = 3;
const MAX_RETRY_WAIT_MS = 60_000;
const ZONE_TTL_MS = 24 * 3_600_000;
const MAX_PAGES = 20_000;

type ZoneEntry = { info: ZoneInfo; at: number; confirmed: boolean };
const zoneCache = ((globalThis as unknown as { __psaRelayAutotaskZones?: Map<string, ZoneEntry> }).__psaRelayAutotaskZones ??= new Map());
/** Discoveries in flight: calls that start together (e.g. labels and a query) share one zoneInformation request. */
const zoneLookups = ((globalThis as unknown as { __psaRelayAutotaskZoneLookups?: Map<string, Promise<ZoneInfo>> }).__psaRelayAutotaskZoneLookups ??= new Map());

export type CallOptions = {
  operation: string;
  /** false for creates: an unavailable answer may hide a committed write, so it is not retried here. */
  idempotent?: boolean;
};

export class AutotaskClient {
  readonly cacheKey: string;
  private readonly limiter: ConnectionLimiter;
  private readonly fetchImpl: typeof fetch;
  private readonly discoveryUrl: string;

  constructor(
    private readonly credentials: AutotaskCredentials,
    private readonly options: PsaConnectorOptions,
  ) {
    this.discoveryUrl = (credentials.zoneDiscoveryUrl?.trim() || DEFAULT_ZONE_DISCOVERY_URL).replace(/\/+$/, "");
    this.cacheKey = `autotask|${options.connectionKey ?? "default"}|${credentials.username.trim().toLowerCase()}|${this.discoveryUrl}`;
    this.fetchImpl = options.fetch ?? fetch;
    this.limiter = limiterFor(this.cacheKey, {
      provider: "autotask",
      maxConcurrentPerKey: MAX_CONCURRENT_PER_ENDPOINT,
      hourlyBudget: options.hourlyBudget ?? DEFAULT_HOURLY_BUDGET,
    });
  }

  /** The tenant's zone, discovered once per connection (and again after a 401, see send). */
  async zone(): Promise<ZoneInfo> {
    const cached = zoneCache.get(this.cacheKey);
    if (cached && Date.now() - cached.at < ZONE_TTL_MS) return cached.info;
    const pending = zoneLookups.get(this.cacheKey);
    if (pending) return pending;
    const lookup = this.discoverZone().finally(() => zoneLookups.delete(this.cacheKey));
    zoneLookups.set(this.cacheKey, lookup);
    return lookup;
  }

  async discoverZone(): Promise<ZoneInfo> {
    const url = `${this.discoveryUrl}/V1.0/zoneInformation?user=${encodeURIComponent(this.credentials.username.trim())}`;
    const body = await this.retrying(async () => {
      try {
        return await this.exchange("GET", url, undefined, "zoneInformation", false);
      } catch (err) {
        if (isPsaError(err) && (err.kind === "invalid" || err.kind === "auth" || err.kind === "forbidden")) throw unknownUser(err);
        if (isPsaError(err) && err.kind === "not_found") {
          throw new PsaError({ ...copy(err), kind: "not_found", message: "The zone-discovery URL did not answer as Autotask (HTTP 404): check the zone-discovery URL." });
        }
        throw err;
      }
    }, true);
    const parsed = zoneInfoSchema.safeParse(body);
    if (!parsed.success || !/^https?:\/\//i.test(parsed.data.url)) {
      throw unknownUser(new PsaError({ kind: "auth", provider: "autotask", message: "no zone", operation: "zoneInformation" }));
    }
    if (psaUrlProblem(parsed.data.url)) {
      // Outside demo and test modes the secret goes over https only, wherever zone discovery points.
      throw new PsaError({
        kind: "invalid",
        provider: "autotask",
        operation: "zoneInformation",
        message: "Zone discovery answered with a zone URL that is not https; PSA Relay sends the API user's secret over https only.",
        hint: "Check the zone discovery URL in Integration Setup (Advanced).",
      });
    }
    const info = { ...parsed.data, url: parsed.data.url.endsWith("/") ? parsed.data.url : `${parsed.data.url}/` };
    zoneCache.set(this.cacheKey, { info, at: Date.now(), confirmed: false });
    return info;
  }

  /** One authenticated call. `target` is a path under V1.0/ ("Tickets/query") or an absolute nextPageUrl. */
  async send(method: string, target: string, body: unknown, opts: CallOptions): Promise<unknown> {
    return this.retrying(async () => {
      // Zone discovery retries on its own; retrying it again here would multiply the attempts.
      const zone = await this.zone().catch((err: unknown) => {
        throw new StopRetry(err);
      });
      const url = this.resolve(zone.url, target);
      try {
        const out = await this.exchange(method, url, body, opts.operation, true);
        const entry = zoneCache.get(this.cacheKey);
        if (entry && entry.info.url === zone.url) entry.confirmed = true;
        return out;
      } catch (err) {
        const entry = zoneCache.get(this.cacheKey);
        if (!isPsaError(err) || err.kind !== "auth" || !entry?.confirmed || entry.info.url !== zone.url) throw err;
        // A zone that worked now refuses us: the database may have moved. Ask once, retry once.
        const fresh = await this.discoverZone();
        if (fresh.url === zone.url) throw err;
        const out = await this.exchange(method, this.resolve(fresh.url, target, zone.url), body, opts.operation, true);
        zoneCache.get(this.cacheKey)!.confirmed = true;
        return out;
      }
    }, opts.idempotent ?? true);
  }

  async get<T extends z.ZodTypeAny>(path: string, schema: T, operation: string): Promise<z.infer<T>> {
    return parse(schema, await this.send("GET", path, undefined, { operation }), operation);
  }

  async getById<T extends z.ZodTypeAny>(entity: string, id: number, schema: T): Promise<z.infer<T> | null> {
    const operation = `${entity}.get`;
    const out = parse(getResultSchema(schema), await this.send("GET", `${entity}/${id}`, undefined, { operation }), operation);
    return (out.item ?? null) as z.infer<T> | null;
  }

  /** POST create → the new id. Not retried on unavailable (see CallOptions.idempotent). */
  async create(path: string, body: Record<string, unknown>, operation: string): Promise<number> {
    return parse(itemIdSchema, await this.send("POST", path, body, { operation, idempotent: false }), operation).itemId;
  }

  /** PATCH with the id in the body → the id. */
  async patch(path: string, body: Record<string, unknown> & { id: number }, operation: string): Promise<number> {
    return parse(itemIdSchema, await this.send("PATCH", path, body, { operation }), operation).itemId;
  }

  /** Runs a query and follows pageDetails.nextPageUrl to the end (or until `limit` rows). */
  async query<T extends z.ZodTypeAny>(entity: string, query: AtQuery, item: T, limit?: number): Promise<z.infer<T>[]> {
    const operation = `${entity}.query`;
    const schema = queryResultSchema(item);
    let page = parse(schema, await this.send("POST", `${entity}/query`, query, { operation }), operation);
    const items: z.infer<T>[] = [...page.items];
    const seen = new Set<string>();
    for (let pages = 1; page.pageDetails?.nextPageUrl && (limit === undefined || items.length < limit); pages++) {
      const next = page.pageDetails.nextPageUrl;
      if (seen.has(next) || pages >= MAX_PAGES || page.items.length === 0) {
        throw new PsaError({ kind: "unavailable", provider: "autotask", operation, message: `Autotask's paging for ${operation} did not advance; stopped after ${pages} pages.` });
      }
      seen.add(next);
      page = parse(schema, await this.nextPage(next, query, operation), operation);
      items.push(...page.items);
    }
    return limit === undefined ? items : items.slice(0, limit);
  }

  /** nextPageUrl is followed verbatim with GET; a zone that only allows POST there gets the query body again. */
  private async nextPage(url: string, query: AtQuery, operation: string): Promise<unknown> {
    try {
      return await this.send("GET", url, undefined, { operation });
    } catch (err) {
      if (isPsaError(err) && err.status === 405) return this.send("POST", url, query, { operation });
      throw err;
    }
  }

  private resolve(zoneUrl: string, target: string, previousZoneUrl?: string): string {
    if (!/^https?:\/\//i.test(target)) return `${zoneUrl}V1.0/${target}`;
    if (previousZoneUrl && target.startsWith(previousZoneUrl)) return zoneUrl + target.slice(previousZoneUrl.length);
    if (new URL(target).origin !== new URL(zoneUrl).origin) {
      throw new PsaError({ kind: "invalid", provider: "autotask", message: "Autotask returned a paging link to another host; PSA Relay does not send credentials there.", operation: "paging" });
    }
    return target;
  }

  private async exchange(method: string, url: string, body: unknown, operation: string, authenticated: boolean): Promise<unknown> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (authenticated) {
      headers.ApiIntegrationCode = this.credentials.integrationCode.trim();
      headers.UserName = this.credentials.username.trim();
      headers.Secret = this.credentials.secret;
    }
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const started = Date.now();
    const path = new URL(url).pathname;
    let res: Response;
    try {
      res = await this.limiter.run(endpointOf(url), () =>
        fetchWithTimeout(this.fetchImpl, url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, { provider: "autotask", operation, timeoutMs }),
      );
    } catch (err) {
      if (isPsaError(err) && err.status === undefined && err.kind === "unavailable") {
        const ms = Date.now() - started;
        const timedOut = ms >= timeoutMs - 10;
        this.options.onRequest?.({ method, path, status: timedOut ? "timeout" : "network", ms });
        const message = timedOut
          ? `Autotask did not answer ${operation} within ${timeoutMs / 1000} s.`
          : `Autotask did not answer ${operation}: the connection failed.`;
        throw new PsaError({ ...copy(err), message });
      }
      throw err;
    }
    const json = await readJson(res);
    this.options.onRequest?.({ method, path, status: res.status, ms: Date.now() - started });
    if (!res.ok) throw errorFromResponse(res.status, res.headers, json, operation);
    if (json === undefined) {
      throw new PsaError({ kind: "unavailable", provider: "autotask", status: res.status, operation, message: `Autotask answered ${operation} with something that is not JSON.` });
    }
    return json;
  }

  private retrying<T>(fn: () => Promise<T>, idempotent: boolean): Promise<T> {
    return withRetry(fn, {
      maxRetries: this.options.maxRetries ?? 4,
      baseMs: this.options.backoffBaseMs ?? 500,
      maxWaitMs: MAX_RETRY_WAIT_MS,
      // An unavailable answer to a create may hide a committed write: the caller looks it up first.
      giveUp: (err) => !idempotent && err.kind === "unavailable",
    });
  }
}

/** Forgets the zone and metadata of one connection (e.g. after its credentials were replaced), or of all. */
export function clearAutotaskConnectionCache(connectionKey?: string): void {
  const prefix = connectionKey === undefined ? undefined : `autotask|${connectionKey}|`;
  for (const key of zoneCache.keys()) if (!prefix || key.startsWith(prefix)) zoneCache.delete(key);
  clearMetadataCache(prefix);
}

/** The limiter key: the object endpoint (first segment after V1.0/), e.g. "tickets". */
export function endpointOf(url: string): string {
  const match = /\/v1\.0\/([^/?#]+)/i.exec(url);
  return (match?.[1] ?? "other").toLowerCase();
}

export function parse<T extends z.ZodTypeAny>(schema: T, body: unknown, operation: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "unknown";
  throw new PsaError({ kind: "invalid", provider: "autotask", operation, message: `Autotask answered ${operation} in an unexpected shape (${where}).` });
}

function copy(err: PsaError) {
  return { kind: err.kind, provider: err.provider, status: err.status, psaMessage: err.psaMessage, retryAfterMs: err.retryAfterMs, operation: err.operation, hint: err.hint, message: err.message };
}

function unknownUser(err: PsaError): PsaError {
  return new PsaError({
    ...copy(err),
    kind: "auth",
    message: "The API username was not found in any Autotask zone: check the username.",
    hint: "Use the API-only user's username exactly as Autotask shows it (it looks like an e-mail address).",
  });
}
