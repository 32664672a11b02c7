import { createHash } from "node:crypto";

import type { z } from "zod";

import { isPsaError, PsaError } from "../errors";
import { type ConnectionLimiter, limiterFor } from "../http/limiter";
import { fetchWithTimeout } from "../http/request";
import { withRetry } from "../http/retry";
import type { ConnectWiseCredentials, PsaConnectorOptions } from "../types";
import { errorForStatus, isCodebaseMiss, malformed } from "./errors";
import { type ListParams, MAX_PAGE_SIZE, nextLink, toSearchParams } from "./query";
import { companyInfoSchema, type CwCompanyInfo } from "./schemas";

/**
 * HTTP to ConnectWise Manage REST 3.0: codebase discovery (GET {site}/login/companyinfo/{company},
 * no auth) → base `{site}/{Codebase}apis/3.0`; Basic auth `company+public:private`, the clientId
 * header on every call, the versioned Accept header; per-endpoint concurrency (3) and an hourly
 * budget; timeouts; retries with backoff for throttled/unavailable (POSTs: throttled only, as a
 * 5xx after a create may mean it was applied); paging through the `Link` rel="next" header; and
 * one codebase re-discovery when a route that worked answers a non-ConnectWise 404.
 */
export const ACCEPT = "application/vnd.connectwise.com+json; version=2025.8";
/** 10,000 requests an hour less a 10 % margin. */
export const DEFAULT_HOURLY_BUDGET = 9_000;
export const MAX_CONCURRENT_PER_ENDPOINT = 3;
/** Longer Retry-After waits are handed back to the job queue instead of sleeping in-process. */
const MAX_RETRY_WAIT_MS = 60_000;

export type RetryMode = "all" | "throttled";
export type CwResponse = { status: number; headers: Headers; body: unknown };
type Target = { path: string; query?: URLSearchParams } | { url: string };

export function validateCredentials(c: ConnectWiseCredentials): void {
  const fail = (field: string, what: string) => {
    throw new PsaError({ kind: "invalid", provider: "connectwise", message: `ConnectWise ${field}: ${what}`, hint: `Enter the ${field}.` });
  };
  if (!/^https?:\/\/[^\s/]+/i.test(c.siteUrl?.trim() ?? "")) fail("site URL", "must start with https:// (e.g. https://api-na.myconnectwise.net)");
  if (!c.companyId?.trim()) fail("company id", "is empty");
  if (!c.publicKey?.trim()) fail("public key", "is empty");
  if (!c.privateKey) fail("private key", "is empty");
  if (!c.clientId?.trim()) fail("client id", "is empty");
}

export class ConnectWiseClient {
  readonly siteUrl: string;
  readonly connectionKey: string;
  private base: string | null = null;
  private discovering: Promise<string> | null = null;
  private worked = false;
  private readonly limiter: ConnectionLimiter;
  private readonly authorization: string;

  constructor(
    private readonly creds: ConnectWiseCredentials,
    private readonly opts: PsaConnectorOptions = {},
  ) {
    validateCredentials(creds);
    this.siteUrl = creds.siteUrl.trim().replace(/\/+$/, "");
    const member = createHash("sha256").update(creds.publicKey.trim()).digest("hex").slice(0, 12);
    this.connectionKey = opts.connectionKey ?? `cw:${this.siteUrl}|${creds.companyId.trim().toLowerCase()}|${member}`;
    this.limiter = limiterFor(`connectwise:${this.connectionKey}`, {
      provider: "connectwise",
      maxConcurrentPerKey: MAX_CONCURRENT_PER_ENDPOINT,
      hourlyBudget: opts.hourlyBudget ?? DEFAULT_HOURLY_BUDGET,
    });
    const raw = `${creds.companyId.trim()}+${creds.publicKey.trim()}:${creds.privateKey}`;
    this.authorization = `Basic ${Buffer.from(raw, "utf8").toString("base64")}`;
  }

  private report(method: string, path: string, status: number | "network" | "timeout", started: number): void {
    this.opts.onRequest?.({ method, path, status, ms: Date.now() - started });
  }

  private retrying<T>(fn: () => Promise<T>, mode: RetryMode, maxRetries = this.opts.maxRetries ?? 4): Promise<T> {
    return withRetry(fn, {
      maxRetries,
      baseMs: this.opts.backoffBaseMs ?? 500,
      maxWaitMs: MAX_RETRY_WAIT_MS,
      // "throttled" mode (creates): an unavailable answer may hide a committed write.
      giveUp: (err) => mode === "throttled" && err.kind === "unavailable",
    });
  }

  /** GET {site}/login/companyinfo/{companyId}: no auth, PascalCase, `null` for an unknown company. */
  async companyInfo(): Promise<CwCompanyInfo> {
    const path = `/login/companyinfo/${encodeURIComponent(this.creds.companyId.trim())}`;
    const operation = "companyinfo";
    const notSite = (status?: number) =>
      new PsaError({ kind: "not_found", provider: "connectwise", status, operation, message: "The site answered, but not as ConnectWise Manage does: check the site URL" });
    const info = await this.retrying(
      async () => {
        const started = Date.now();
        let res: Response;
        let text: string;
        try {
          res = await fetchWithTimeout(this.fetchImpl, `${this.siteUrl}${path}`, { method: "GET", headers: { accept: "application/json" } }, {
            provider: "connectwise",
            operation,
            timeoutMs: this.opts.timeoutMs ?? 30_000,
          });
          text = await res.text();
        } catch (err) {
          this.report("GET", path, isPsaError(err) && /did not answer/.test(err.message) ? "timeout" : "network", started);
          throw new PsaError({ kind: "unavailable", provider: "connectwise", operation, message: "The site did not answer: check the site URL", cause: err });
        }
        this.report("GET", path, res.status, started);
        if (res.status === 429 || res.status >= 500) throw errorForStatus(res.status, text, res.headers, { operation, apiPath: path });
        if (!res.ok) throw notSite(res.status);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw notSite(res.status);
        }
        const parsed = companyInfoSchema.safeParse(json);
        if (!parsed.success) throw notSite(res.status);
        if (parsed.data === null) {
          throw new PsaError({ kind: "auth", provider: "connectwise", status: 200, operation, message: "The company id was not found on this site: check the company id" });
        }
        return parsed.data;
      },
      "all",
      Math.min(1, this.opts.maxRetries ?? 4),
    );
    const codebase = info.Codebase.endsWith("/") ? info.Codebase : `${info.Codebase}/`;
    this.base = `${this.siteUrl}/${codebase}apis/3.0`;
    return { ...info, Codebase: codebase };
  }

  private get fetchImpl(): typeof fetch {
    return this.opts.fetch ?? fetch;
  }

  /** The REST base, discovered once (concurrent callers share the discovery). */
  async baseUrl(): Promise<string> {
    if (this.base) return this.base;
    this.discovering ??= this.companyInfo()
      .then((info) => `${this.siteUrl}/${info.Codebase}apis/3.0`)
      .finally(() => {
        this.discovering = null;
      });
    return this.discovering;
  }

  private headers(hasBody: boolean): Record<string, string> {
    const h: Record<string, string> = { authorization: this.authorization, clientId: this.creds.clientId.trim(), accept: ACCEPT };
    if (hasBody) h["content-type"] = "application/json";
    return h;
  }

  private urlFor(target: Target, base: string): string {
    if ("path" in target) {
      const qs = target.query?.toString();
      return `${base}${target.path}${qs ? `?${qs}` : ""}`;
    }
    // Link URLs are followed verbatim, but only ever on our own origin (credentials never leave it).
    const link = new URL(target.url, base);
    return `${new URL(base).origin}${link.pathname}${link.search}`;
  }

  private async attempt(method: string, url: string, body: unknown, operation: string): Promise<CwResponse> {
    const apiPath = new URL(url).pathname.replace(/^.*?\/apis\/3\.0/i, "") || "/";
    const endpoint = apiPath.split("/").filter((s) => s && !/^\d+$/.test(s)).slice(0, 2).join("/");
    return this.limiter.run(endpoint, async () => {
      const started = Date.now();
      let res: Response;
      let text: string;
      try {
        res = await fetchWithTimeout(
          this.fetchImpl,
          url,
          { method, headers: this.headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) },
          { provider: "connectwise", operation, timeoutMs: this.opts.timeoutMs ?? 30_000 },
        );
        text = await res.text();
      } catch (err) {
        this.report(method, apiPath, isPsaError(err) && /did not answer/.test(err.message) ? "timeout" : "network", started);
        if (isPsaError(err)) throw err;
        throw new PsaError({ kind: "unavailable", provider: "connectwise", operation, message: `The answer to ${operation} was cut off.` });
      }
      this.report(method, apiPath, res.status, started);
      if (res.status < 200 || res.status >= 300) throw errorForStatus(res.status, text, res.headers, { operation, apiPath });
      this.worked = true;
      if (!text) return { status: res.status, headers: res.headers, body: undefined };
      try {
        return { status: res.status, headers: res.headers, body: JSON.parse(text) as unknown };
      } catch {
        throw malformed(operation, "the body is not JSON");
      }
    });
  }

  /** One request with retries, and a single codebase re-discovery on a non-ConnectWise 404. */
  async send(method: string, target: Target, opts: { operation: string; body?: unknown; retry?: RetryMode }): Promise<CwResponse> {
    const once = async (t: Target) => {
      const base = await this.baseUrl();
      return this.retrying(() => this.attempt(method, this.urlFor(t, base), opts.body, opts.operation), opts.retry ?? "all");
    };
    try {
      return await once(target);
    } catch (err) {
      if (!isCodebaseMiss(err) || !this.worked || !this.base) throw err;
      const oldBase = this.base;
      this.base = null;
      const newBase = await this.baseUrl();
      if (newBase === oldBase) throw err;
      const moved: Target = "url" in target && target.url.startsWith(oldBase) ? { url: newBase + target.url.slice(oldBase.length) } : target;
      return once(moved);
    }
  }

  async get<T>(path: string, schema: z.ZodType<T>, operation: string, query?: URLSearchParams): Promise<T> {
    const res = await this.send("GET", { path, query }, { operation });
    return parseWith(schema, res.body, operation);
  }

  /** GET of one record; null when ConnectWise says it does not exist. */
  async getOrNull<T>(path: string, schema: z.ZodType<T>, operation: string): Promise<T | null> {
    try {
      return await this.get(path, schema, operation);
    } catch (err) {
      if (isPsaError(err) && err.kind === "not_found") return null;
      throw err;
    }
  }

  /** Every page of a list, following rel="next" (which carries the conditions) until the end. */
  async listAll<T>(path: string, schema: z.ZodType<T>, params: ListParams, operation: string, limit?: number): Promise<T[]> {
    const pageSize = Math.min(params.pageSize ?? MAX_PAGE_SIZE, limit ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    let target: Target = { path, query: toSearchParams({ ...params, page: 1, pageSize }) };
    const out: T[] = [];
    const seen = new Set<string>();
    for (;;) {
      const res = await this.send("GET", target, { operation });
      if (!Array.isArray(res.body)) throw malformed(operation, "a list was expected");
      for (const row of res.body) out.push(parseWith(schema, row, operation));
      if (limit !== undefined && out.length >= limit) return out.slice(0, limit);
      const next = nextLink(res.headers.get("link"));
      if (!next || res.body.length === 0 || seen.has(next)) return out;
      seen.add(next);
      target = { url: next };
    }
  }

  async write<T>(method: "POST" | "PUT" | "PATCH", path: string, body: unknown, schema: z.ZodType<T>, operation: string, retry?: RetryMode): Promise<T> {
    const res = await this.send(method, { path }, { operation, body, retry: retry ?? (method === "POST" ? "throttled" : "all") });
    return parseWith(schema, res.body, operation);
  }
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, operation: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw malformed(operation, issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "unexpected shape");
}
