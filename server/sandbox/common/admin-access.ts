import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Who may use a sandbox's `_admin` endpoints (seed, reset, faults, request log). They exist in demo
 * and test modes only, and even there they are not an open door:
 *  - a script holding the sandbox admin token (`Authorization: Bearer <token>`) may do everything;
 *  - a signed-in admin may manage the tenants of their own partner (see server/services/sandbox),
 *    and a tenant they create belongs to their partner.
 * Anyone else gets 401 (no credentials) or 403 (signed in, not an admin). The PSA-API surface the
 * connectors call (with the tenant's API credentials) is not affected.
 */
export type SandboxProvider = "autotask" | "connectwise";

export type SandboxAdminAccess =
  | { kind: "token" }
  | {
      kind: "partner";
      partnerId: string;
      /** True for the tenants this partner owns (created by it, its demo tenant, or the one its PSA connection points at). */
      owns: (provider: SandboxProvider, tenantId: string) => boolean;
    };

export const TOKEN_ACCESS: SandboxAdminAccess = { kind: "token" };

/**
 * The token for scripts: SANDBOX_ADMIN_TOKEN when set (the test harness sets it), otherwise a random
 * token created once in .data/sandbox-admin-token (like .data/auth-secret) and written by `npm run
 * demo` into .data/demo.json. Read per call: the file may be created by another process first.
 */
export function sandboxAdminToken(dataDir = path.join(process.cwd(), ".data")): string {
  const fromEnv = process.env.SANDBOX_ADMIN_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, "sandbox-admin-token");
  try {
    const stored = readFileSync(file, "utf8").trim();
    if (stored) return stored;
  } catch {
    // not created yet
  }
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch {
    // Another process created it between our read and write: use theirs.
  }
  return readFileSync(file, "utf8").trim();
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** The bearer token of a request, if it sent one. */
export function bearerToken(req: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  return match ? match[1]! : null;
}

/** True when the request carries the sandbox admin token (compared in constant time). */
export function hasSandboxAdminToken(req: Request): boolean {
  const given = bearerToken(req);
  return given !== null && timingSafeEqual(digest(given), digest(sandboxAdminToken()));
}

/** 401 / 403 / 404 answers of the admin surface, as JSON with a sentence that says what to do. */
export function adminRefusal(status: 401 | 403 | 404, message?: string): Response {
  const text =
    message ??
    (status === 401
      ? "Sign in as an admin of the partner that owns this sandbox tenant, or send Authorization: Bearer <sandboxAdminToken from .data/demo.json>."
      : status === 403
        ? "Only an admin of the partner that owns this sandbox tenant can do this."
        : "There is no such sandbox tenant.");
  return Response.json({ error: text }, { status, headers: { "cache-control": "no-store" } });
}

/** Which partner created which tenant through `_admin` (kept in the portal process, like the sandboxes). */
const holder = globalThis as unknown as { __psaRelaySandboxOwners?: Map<string, string> };
const owners = () => (holder.__psaRelaySandboxOwners ??= new Map());
const ownerKey = (provider: SandboxProvider, tenantId: string) => `${provider}:${tenantId.trim().toLowerCase()}`;

export function setSandboxTenantOwner(provider: SandboxProvider, tenantId: string, partnerId: string | null): void {
  if (partnerId) owners().set(ownerKey(provider, tenantId), partnerId);
  else owners().delete(ownerKey(provider, tenantId));
}

export function sandboxTenantOwner(provider: SandboxProvider, tenantId: string): string | undefined {
  return owners().get(ownerKey(provider, tenantId));
}

/** The tenants a partner created through `_admin` (ids lower-cased for ConnectWise). */
export function tenantsCreatedBy(partnerId: string): { provider: SandboxProvider; id: string }[] {
  return [...owners()].filter(([, owner]) => owner === partnerId).map(([key]) => {
    const [provider, ...rest] = key.split(":");
    return { provider: provider as SandboxProvider, id: rest.join(":") };
  });
}
