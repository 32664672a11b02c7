import { z } from "zod";

import { adminRefusal, hasSandboxAdminToken, type SandboxAdminAccess, setSandboxTenantOwner, TOKEN_ACCESS } from "../common/admin-access";
import { type FaultConfig, faultConfigSchema, noFaults } from "../common/faults";

import { ensureAutotaskDemoTenants } from "./demo";
import { autotaskSandboxAdminEnabled } from "./enabled";
import { json, messageResponse } from "./responses";
import { type AutotaskSeedOptions, resetAutotaskTenant, seedAutotaskTenant } from "./seed";
import { getTenant, removeTenant } from "./state";
import { getAutotaskSandboxTenantView, listSandboxTenants } from "./view";

/**
 * `/sandbox/autotask/_admin/…` (demo and test modes only, else 404; the sandbox admin token or a
 * signed-in admin of the partner that owns the tenant, see ../common/admin-access.ts):
 *   GET    tenants                      list tenants
 *   POST   tenants                      seed a new tenant (body: seed options) → credentials
 *   POST   tenants/{id}/reset           rebuild from its seed options, clear log and faults
 *   DELETE tenants/{id}
 *   GET    tenants/{id}/log?limit=      request log entries, counts per route, peak concurrency
 *   DELETE tenants/{id}/log
 *   PUT    tenants/{id}/faults          set faults (latency, 429s, 500s, fail after commit)
 *   DELETE tenants/{id}/faults
 *   PUT    tenants/{id}/zone            {zone}: move the tenant to another zone
 *   PUT    tenants/{id}/threshold       {requestThreshold}: requests allowed per hour
 *   GET    tenants/{id}/view            tickets + notes, contract services + units, CIs
 * The same operations are exported for in-process use by tests and benchmarks.
 */
const seedSchema = z.object({
  tenantId: z.string().regex(/^[a-z0-9-]{1,60}$/).optional(),
  name: z.string().min(1).max(100).optional(),
  customerNames: z.array(z.string().min(1).max(100)).max(5000).optional(),
  variant: z.number().int().min(0).max(1000).optional(),
  zone: z.number().int().min(1).max(99).optional(),
  requestThreshold: z.number().int().min(1).optional(),
  seed: z.number().int().optional(),
  bulk: z.object({ companies: z.number().int().min(1).max(100_000), contractServices: z.number().int().min(0).max(250_000) }).optional(),
  billingFixtures: z.boolean().optional(),
}) satisfies z.ZodType<AutotaskSeedOptions>;

function tenantOrThrow(id: string) {
  const tenant = getTenant(id);
  if (!tenant) throw new Error(`Unknown Autotask sandbox tenant ${id}`);
  return tenant;
}

export function setAutotaskFaults(tenantId: string, faults: Partial<FaultConfig>): FaultConfig {
  const tenant = tenantOrThrow(tenantId);
  tenant.faults = faultConfigSchema.parse(faults);
  return tenant.faults;
}

export function clearAutotaskFaults(tenantId: string): void {
  tenantOrThrow(tenantId).faults = noFaults();
}

export function autotaskRequestLog(tenantId: string, limit = 200) {
  const tenant = tenantOrThrow(tenantId);
  return {
    ...tenant.log.summary(),
    entries: tenant.log.recent(limit),
    peakConcurrency: Object.fromEntries([...tenant.peakInFlight].map(([slot, n]) => [slot.split("|")[1]!, n])),
  };
}

export function clearAutotaskRequestLog(tenantId: string): void {
  const tenant = tenantOrThrow(tenantId);
  tenant.log.clear();
  tenant.peakInFlight.clear();
}

export function moveAutotaskTenantZone(tenantId: string, zone: number): void {
  tenantOrThrow(tenantId).zone = zone;
}

export function setAutotaskRequestThreshold(tenantId: string, requestThreshold: number): void {
  const tenant = tenantOrThrow(tenantId);
  tenant.requestThreshold = requestThreshold;
  tenant.requestTimes = [];
}

async function readBody(req: Request): Promise<unknown> {
  const text = await req.text();
  return text.trim() ? JSON.parse(text) : {};
}

/**
 * `access`: the sandbox admin token (every tenant) or a signed-in partner admin (only the partner's
 * own tenants; a tenant it creates becomes its own). Without it the request must carry the token.
 */
export async function handleAutotaskAdmin(req: Request, rest: string, access?: SandboxAdminAccess): Promise<Response> {
  if (!autotaskSandboxAdminEnabled()) return messageResponse(404, "Not found.");
  const caller = access ?? (hasSandboxAdminToken(req) ? TOKEN_ACCESS : null);
  if (!caller) return adminRefusal(401);
  // The demo tenant exists before anyone can seed (or claim) its id.
  ensureAutotaskDemoTenants();
  const visible = (id: string) => caller.kind === "token" || caller.owns("autotask", id);
  const parts = rest.split("/").filter(Boolean);
  const method = req.method;
  try {
    if (parts[0] !== "tenants") return messageResponse(404, "Unknown admin route.");
    if (parts.length === 1) {
      if (method === "GET") return json({ tenants: listSandboxTenants().filter((t) => visible(t.id)) });
      if (method === "POST") {
        const options = seedSchema.parse(await readBody(req));
        // A partner admin creates new tenants only; replacing an existing one (someone else's) is for scripts.
        if (caller.kind === "partner" && options.tenantId && getTenant(options.tenantId)) return json({ error: `tenantId: '${options.tenantId}' already exists` }, 400);
        const seeded = seedAutotaskTenant(options);
        if (caller.kind === "partner") setSandboxTenantOwner("autotask", seeded.tenantId, caller.partnerId);
        return json(seeded, 201);
      }
      return messageResponse(405, "Use GET or POST.");
    }
    const id = parts[1]!;
    if (!getTenant(id) || !visible(id)) return messageResponse(404, `Unknown tenant ${id}.`);
    const action = `${method} ${parts.slice(2).join("/")}`;
    switch (action) {
      case "DELETE ":
        removeTenant(id);
        setSandboxTenantOwner("autotask", id, null);
        return json({ deleted: id });
      case "POST reset":
        return json(resetAutotaskTenant(id));
      case "GET log":
        return json(autotaskRequestLog(id, Number(new URL(req.url).searchParams.get("limit") ?? 200)));
      case "DELETE log":
        clearAutotaskRequestLog(id);
        return json({ cleared: true });
      case "PUT faults":
        return json({ faults: setAutotaskFaults(id, (await readBody(req)) as Partial<FaultConfig>) });
      case "DELETE faults":
        clearAutotaskFaults(id);
        return json({ faults: noFaults() });
      case "PUT zone":
        moveAutotaskTenantZone(id, z.object({ zone: z.number().int().min(1).max(99) }).parse(await readBody(req)).zone);
        return json({ zone: getTenant(id)!.zone });
      case "PUT threshold":
        setAutotaskRequestThreshold(id, z.object({ requestThreshold: z.number().int().min(1) }).parse(await readBody(req)).requestThreshold);
        return json({ requestThreshold: getTenant(id)!.requestThreshold });
      case "GET view":
        return json(getAutotaskSandboxTenantView(id));
      default:
        return messageResponse(404, "Unknown admin route.");
    }
  } catch (err) {
    const message = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") : err instanceof Error ? err.message : "Bad request";
    return json({ error: message }, 400);
  }
}
