import { z } from "zod";

import { type SandboxAdminAccess, setSandboxTenantOwner } from "../common/admin-access";
import { faultConfigSchema, noFaults } from "../common/faults";
import { badRequest, json, noContent, SandboxHttpError } from "./http";
import { reseedTenant, seedTenant } from "./seed";
import { findTenant, store, type Tenant } from "./state";

/**
 * /sandbox/connectwise/_admin/... — only in demo and test modes (404 otherwise), for the sandbox
 * admin token or a signed-in admin of the partner that owns the tenant:
 *   GET    tenants                       list tenants
 *   POST   tenants                       seed a new tenant (body: seed options) → its credentials
 *   POST   tenants/{companyId}/reset     restore the tenant to its seed (same credentials)
 *   GET    tenants/{companyId}/log       request log (method, path, status, ms) with counts
 *   DELETE tenants/{companyId}/log       clear the log
 *   PUT    tenants/{companyId}/faults    inject faults (latency, 429s, 500s, fail after commit)
 *   DELETE tenants/{companyId}/faults    remove faults
 *   PUT    tenants/{companyId}/codebase  move the tenant to another codebase (tests re-discovery)
 */
export function adminEnabled(): boolean {
  const mode = process.env.PSA_RELAY_MODE;
  return mode === "demo" || mode === "test";
}

/** The sandbox itself is served in demo and test modes, and in production only when SANDBOX_ENABLED=1. */
export function sandboxEnabled(): boolean {
  return adminEnabled() || process.env.SANDBOX_ENABLED === "1";
}

const seedBodySchema = z.object({
  companyId: z.string().regex(/^[A-Za-z0-9_-]{3,40}$/, "companyId: 3-40 letters, digits, _ or -").optional(),
  companyName: z.string().min(1).max(50).optional(),
  customers: z.array(z.string().min(1).max(50)).max(5000).optional(),
  codebase: z.string().regex(/^v[0-9a-z_]+\/$/i, "codebase must look like v2025_1/").optional(),
  bulk: z.object({ companies: z.number().int().min(0).max(50_000), additions: z.number().int().min(0).max(100_000) }).optional(),
  billingFixtures: z.boolean().optional(),
});

const codebaseSchema = z.object({ codebase: z.string().regex(/^v[0-9a-z_]+\/$/i, "codebase must look like v2025_1/") });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw badRequest(result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  return result.data;
}

/** In-process equivalents of the admin endpoints, for tests, benchmarks and the demo. */
export function setConnectWiseFaults(companyId: string, faults: Partial<z.input<typeof faultConfigSchema>>): void {
  tenantOr404(companyId).faults = faultConfigSchema.parse(faults);
}

export function clearConnectWiseFaults(companyId: string): void {
  tenantOr404(companyId).faults = noFaults();
}

export function connectWiseRequestLog(companyId: string) {
  const tenant = tenantOr404(companyId);
  return { ...tenant.log.summary(), peakConcurrency: tenant.peakInFlight, recent: tenant.log.recent(500) };
}

export function clearConnectWiseRequestLog(companyId: string): void {
  const tenant = tenantOr404(companyId);
  tenant.log.clear();
  tenant.peakInFlight = 0;
}

export function moveConnectWiseTenantCodebase(companyId: string, codebase: string): void {
  tenantOr404(companyId).codebase = parse(codebaseSchema, { codebase }).codebase;
}

function tenantOr404(companyId: string): Tenant {
  const tenant = findTenant(companyId);
  if (!tenant) throw new SandboxHttpError(404, "NotFound", `No sandbox tenant '${companyId}'`);
  return tenant;
}

/**
 * `access`: the sandbox admin token (every tenant) or a signed-in partner admin (its own tenants
 * only; a tenant it creates becomes its own) — see ../common/admin-access.ts.
 */
export function handleAdmin(method: string, segments: string[], body: unknown, access: SandboxAdminAccess): Response {
  const [root, companyId, action] = segments;
  if (root !== "tenants") throw new SandboxHttpError(404, "NotFound", "Unknown admin endpoint");
  const visible = (id: string) => access.kind === "token" || access.owns("connectwise", id);

  if (companyId === undefined) {
    if (method === "GET") {
      return json(
        [...store().tenants.values()]
          .filter((t) => visible(t.companyId))
          .map((t) => ({ companyId: t.companyId, companyName: t.companyName, codebase: t.codebase })),
      );
    }
    if (method === "POST") {
      const opts = parse(seedBodySchema, body ?? {});
      if (opts.companyId && findTenant(opts.companyId)) throw badRequest(`companyId: '${opts.companyId}' already exists`);
      const seeded = seedTenant(opts);
      if (access.kind === "partner") setSandboxTenantOwner("connectwise", seeded.companyId, access.partnerId);
      return json(seeded, 201);
    }
  }
  if (companyId !== undefined && !visible(companyId)) throw new SandboxHttpError(404, "NotFound", `No sandbox tenant '${companyId}'`);
  const tenant = companyId === undefined ? null : tenantOr404(companyId);
  if (tenant && action === "reset" && method === "POST") return json(reseedTenant(tenant));
  if (tenant && action === "log") {
    if (method === "GET") return json(connectWiseRequestLog(tenant.companyId));
    if (method === "DELETE") {
      clearConnectWiseRequestLog(tenant.companyId);
      return noContent();
    }
  }
  if (tenant && action === "faults") {
    if (method === "GET") return json(tenant.faults);
    if (method === "PUT") {
      tenant.faults = parse(faultConfigSchema, body ?? {});
      return json(tenant.faults);
    }
    if (method === "DELETE") {
      clearConnectWiseFaults(tenant.companyId);
      return noContent();
    }
  }
  if (tenant && action === "codebase" && method === "PUT") {
    tenant.codebase = parse(codebaseSchema, body).codebase;
    return json({ companyId: tenant.companyId, codebase: tenant.codebase });
  }
  throw new SandboxHttpError(404, "NotFound", "Unknown admin endpoint");
}
