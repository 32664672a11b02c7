import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPartner, createUser } from "~/db/seed/factories";
import { AUTOTASK_DEMO_TENANT } from "~/server/sandbox/autotask";
import { sandboxAdminToken } from "~/server/sandbox/common/admin-access";
import { storeConnection } from "~/server/services/psa-connections/service";
import { createTestDatabase } from "~/server/testing/test-db";

import { type SessionLike, serveSandboxRoute } from "./admin-access";

/**
 * The sandboxes' `_admin` endpoints through the portal's route (serveSandboxRoute is what
 * app/sandbox/{provider}/[...path]/route.ts calls with the request's session): anonymous → 401,
 * technician → 403, another partner's admin → 404 for the tenant (and not in its list), the owning
 * partner's admin → OK, the sandbox admin token → OK. The PSA-API surface is unchanged.
 */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const ORIGIN = "http://portal.test";

async function partnerWithUsers(fields: { slug?: string } = {}) {
  const partner = await createPartner(handle.db, fields);
  const admin = await createUser(handle.db, { partnerId: partner.id, role: "admin" });
  const technician = await createUser(handle.db, { partnerId: partner.id, role: "technician" });
  return { partnerId: partner.id, admin: { user: { id: admin.id } }, technician: { user: { id: technician.id } } };
}

type Call = { method?: string; body?: unknown; session?: SessionLike; token?: string };

async function call(provider: "autotask" | "connectwise", path: string, { method = "GET", body, session = null, token }: Call = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const req = new Request(`${ORIGIN}/sandbox/${provider}/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const res = await serveSandboxRoute(provider, req, { session: async () => session, db: async () => handle.db });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json: json as Record<string, unknown> & unknown[] };
}

async function inMode<T>(mode: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.PSA_RELAY_MODE;
  process.env.PSA_RELAY_MODE = mode;
  try {
    return await fn();
  } finally {
    process.env.PSA_RELAY_MODE = before;
  }
}

describe("Autotask sandbox _admin through the portal route", () => {
  it("anonymous 401, technician 403, other partner's admin 404, owner's admin and the token OK", async () => {
    const a = await partnerWithUsers();
    const b = await partnerWithUsers();

    expect((await call("autotask", "_admin/tenants")).status).toBe(401);
    expect((await call("autotask", "_admin/tenants", { method: "POST", body: { name: "Anon" } })).status).toBe(401);
    expect((await call("autotask", "_admin/tenants", { token: "not-the-token" })).status).toBe(401);
    expect((await call("autotask", "_admin/tenants", { session: a.technician })).status).toBe(403);
    expect((await call("autotask", "_admin/tenants", { method: "POST", body: { name: "Tech" }, session: a.technician })).status).toBe(403);

    // A's admin creates a tenant: it is A's.
    const created = await call("autotask", "_admin/tenants", { method: "POST", body: { name: "A's sandbox" }, session: a.admin });
    expect(created.status).toBe(201);
    const tenantId = created.json.tenantId as string;
    const own = await call("autotask", "_admin/tenants", { session: a.admin });
    expect((own.json.tenants as { id: string }[]).map((t) => t.id)).toEqual([tenantId]);
    expect((await call("autotask", `_admin/tenants/${tenantId}/faults`, { method: "PUT", body: { latencyMs: 1 }, session: a.admin })).status).toBe(200);
    expect((await call("autotask", `_admin/tenants/${tenantId}/log`, { session: a.admin })).status).toBe(200);

    // B's admin: not in the list, and every operation on it answers like an unknown tenant.
    const listed = await call("autotask", "_admin/tenants", { session: b.admin });
    expect((listed.json.tenants as { id: string }[]).map((t) => t.id)).not.toContain(tenantId);
    for (const [method, path] of [
      ["GET", "log"],
      ["PUT", "faults"],
      ["POST", "reset"],
      ["GET", "view"],
      ["DELETE", ""],
    ] as const) {
      const res = await call("autotask", `_admin/tenants/${tenantId}${path ? `/${path}` : ""}`, { method, body: method === "PUT" ? { errorRate: 1 } : undefined, session: b.admin });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    // Nor can B's admin replace it (or the demo tenant) by seeding with its id.
    expect((await call("autotask", "_admin/tenants", { method: "POST", body: { tenantId }, session: b.admin })).status).toBe(400);
    expect((await call("autotask", "_admin/tenants", { method: "POST", body: { tenantId: AUTOTASK_DEMO_TENANT.tenantId }, session: b.admin })).status).toBe(400);

    // The token sees and manages every tenant.
    const all = await call("autotask", "_admin/tenants", { token: sandboxAdminToken() });
    expect((all.json.tenants as { id: string }[]).map((t) => t.id)).toEqual(expect.arrayContaining([tenantId, AUTOTASK_DEMO_TENANT.tenantId]));
    expect((await call("autotask", `_admin/tenants/${tenantId}/faults`, { method: "DELETE", token: sandboxAdminToken() })).status).toBe(200);
    expect((await call("autotask", `_admin/tenants/${tenantId}`, { method: "DELETE", session: a.admin })).status).toBe(200);
  });

  it("the demo partner's admin manages its demo tenant; a partner owns the tenant its connection points at", async () => {
    const northwind = await partnerWithUsers({ slug: "northwind" });
    expect((await call("autotask", `_admin/tenants/${AUTOTASK_DEMO_TENANT.tenantId}/log`, { session: northwind.admin })).status).toBe(200);

    const c = await partnerWithUsers();
    const seeded = await call("autotask", "_admin/tenants", { method: "POST", body: { name: "Scripted" }, token: sandboxAdminToken() });
    const tenantId = seeded.json.tenantId as string;
    expect((await call("autotask", `_admin/tenants/${tenantId}/log`, { session: c.admin })).status).toBe(404);
    const credentials = seeded.json.credentials as { username: string; secret: string; integrationCode: string };
    await storeConnection(handle.db, { partnerId: c.partnerId, userId: null }, {
      provider: "autotask",
      settings: { username: credentials.username, integrationCode: credentials.integrationCode, zoneDiscoveryUrl: `${ORIGIN}/sandbox/autotask/atservicesrest` },
      secrets: { secret: credentials.secret },
      accountInfo: null,
    });
    expect((await call("autotask", `_admin/tenants/${tenantId}/log`, { session: c.admin })).status).toBe(200);
  });

  it("refuses a cross-site request riding on an admin's session cookie", async () => {
    const a = await partnerWithUsers();
    const crossSite = new Request(`${ORIGIN}/sandbox/autotask/_admin/tenants`, {
      method: "POST",
      headers: { "content-type": "application/json", "sec-fetch-site": "same-site", origin: "http://127.0.0.1:4444" },
      body: JSON.stringify({ name: "Forged" }),
    });
    expect((await serveSandboxRoute("autotask", crossSite, { session: async () => a.admin, db: async () => handle.db })).status).toBe(403);
    const form = new Request(`${ORIGIN}/sandbox/autotask/_admin/tenants`, { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    expect((await serveSandboxRoute("autotask", form, { session: async () => a.admin, db: async () => handle.db })).status).toBe(415);
  });

  it("is 404 outside demo and test modes even with the token; the PSA API surface needs no admin", async () => {
    await inMode("production", async () => {
      expect((await call("autotask", "_admin/tenants", { token: sandboxAdminToken() })).status).toBe(404);
    });
    const zone = await call("autotask", `atservicesrest/v1.0/zoneInformation?user=${encodeURIComponent(AUTOTASK_DEMO_TENANT.credentials.username)}`);
    expect(zone.status).toBe(200);
  });
});

describe("ConnectWise sandbox _admin through the portal route", () => {
  it("anonymous 401, technician 403, other partner's admin 404, owner's admin and the token OK", async () => {
    const a = await partnerWithUsers();
    const b = await partnerWithUsers();
    expect((await call("connectwise", "_admin/tenants")).status).toBe(401);
    expect((await call("connectwise", "_admin/tenants", { session: a.technician })).status).toBe(403);

    const created = await call("connectwise", "_admin/tenants", { method: "POST", body: { companyName: "A's CW" }, session: a.admin });
    expect(created.status).toBe(201);
    const companyId = created.json.companyId as string;
    expect(((await call("connectwise", "_admin/tenants", { session: a.admin })).json as { companyId: string }[]).map((t) => t.companyId)).toEqual([companyId]);
    expect((await call("connectwise", `_admin/tenants/${companyId}/faults`, { method: "PUT", body: { latencyMs: 1 }, session: a.admin })).status).toBe(200);

    expect((await call("connectwise", "_admin/tenants", { session: b.admin })).json).toEqual([]);
    expect((await call("connectwise", `_admin/tenants/${companyId.toUpperCase()}/log`, { session: b.admin })).status).toBe(404);
    expect((await call("connectwise", `_admin/tenants/${companyId}/reset`, { method: "POST", session: b.admin })).status).toBe(404);
    expect((await call("connectwise", "_admin/tenants/contosocloud/log", { session: b.admin })).status).toBe(404);

    const all = await call("connectwise", "_admin/tenants", { token: sandboxAdminToken() });
    expect((all.json as { companyId: string }[]).map((t) => t.companyId)).toEqual(expect.arrayContaining([companyId, "contosocloud", "psarelaytest"]));
    expect((await call("connectwise", `_admin/tenants/${companyId}/faults`, { method: "DELETE", token: sandboxAdminToken() })).status).toBe(204);

    // The PSA API surface is as it was: companyinfo needs no admin.
    expect((await call("connectwise", `login/companyinfo/${companyId}`)).json).toMatchObject({ CompanyID: companyId });
  });
});
