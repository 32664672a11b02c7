import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { serveSandboxRoute } from "~/server/services/sandbox/admin-access";

import { sandboxAdminToken } from "../common/admin-access";

import { AUTOTASK_DEMO_TENANT, ensureAutotaskDemoTenants } from "./demo";
import { seedAutotaskTenant } from "./seed";
import { removeTenant } from "./state";
import { type AutotaskSandboxHarness, startAutotaskSandbox } from "./testing";
import { getAutotaskSandboxTenantView, listSandboxTenants } from "./view";

let sb: AutotaskSandboxHarness;
/** What app/sandbox/autotask/[...path]/route.ts does, without a session (next-auth needs Next). */
const routeGet = (req: Request) => serveSandboxRoute("autotask", req, { session: async () => null, db: () => Promise.reject(new Error("no database here")) });
beforeAll(async () => {
  sb = await startAutotaskSandbox();
});
afterAll(() => sb.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${sb.url}/sandbox/autotask/_admin/${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${sandboxAdminToken()}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

describe("sandbox _admin endpoints", () => {
  it("seeds a tenant, logs its requests with counts, and resets it", async () => {
    const seeded = await admin("POST", "tenants", { customerNames: ["Only Customer"], variant: 4 });
    expect(seeded.status).toBe(201);
    const t = seeded.json as ReturnType<typeof seedAutotaskTenant>;
    const h = sb.headers(t);
    const created = await fetch(`${sb.api}/Companies`, { method: "POST", headers: h, body: JSON.stringify({ companyName: "Temp", companyType: 1, ownerResourceID: 29_682_921, phone: "1" }) });
    expect(created.status).toBe(200);
    await fetch(`${sb.api}/Companies/query/count`, { method: "POST", headers: h, body: JSON.stringify({ filter: [{ op: "exist", field: "id" }] }) });
    await fetch(`${sb.api}/Companies/0`, { headers: { ...h, Secret: "nope" } });
    const log = await admin("GET", `tenants/${t.tenantId}/log`);
    expect(log.json.total).toBe(3);
    expect(log.json.byRoute).toEqual({ "POST /sandbox/autotask/atservicesrest/v1.0/Companies": 1, "POST /sandbox/autotask/atservicesrest/v1.0/Companies/query/count": 1, "GET /sandbox/autotask/atservicesrest/v1.0/Companies/{id}": 1 });
    expect(log.json.entries.map((e: Json) => e.status)).toEqual([200, 200, 401]);
    expect(log.json.entries[0]).toMatchObject({ method: "POST", ms: expect.any(Number), at: expect.any(String) });

    const reset = await admin("POST", `tenants/${t.tenantId}/reset`);
    expect(reset.json.credentials).toEqual(t.credentials);
    const count = await fetch(`${sb.api}/Companies/query/count`, { method: "POST", headers: h, body: JSON.stringify({ filter: [{ op: "eq", field: "companyName", value: "Temp" }] }) });
    expect(await count.json()).toEqual({ queryCount: 0 });
    expect((await admin("GET", `tenants/${t.tenantId}/log`)).json.total).toBe(1);
    expect((await admin("DELETE", `tenants/${t.tenantId}`)).status).toBe(200);
    expect((await admin("GET", `tenants/${t.tenantId}/log`)).status).toBe(404);
  });

  it("injects throttling with Retry-After and server errors, and clears them", async () => {
    const t = sb.tenant();
    const h = sb.headers(t);
    expect((await admin("PUT", `tenants/${t.tenantId}/faults`, { throttleRate: 1, retryAfterSeconds: 7 })).json.faults).toMatchObject({ throttleRate: 1, retryAfterSeconds: 7 });
    const throttled = await fetch(`${sb.api}/Companies/0`, { headers: h });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    await admin("PUT", `tenants/${t.tenantId}/faults`, { errorRate: 1 });
    const failed = await fetch(`${sb.api}/Companies/0`, { headers: h });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ Message: "An error has occurred." });
    await admin("DELETE", `tenants/${t.tenantId}/faults`);
    expect((await fetch(`${sb.api}/Companies/0`, { headers: h })).status).toBe(200);
    expect((await admin("PUT", `tenants/${t.tenantId}/faults`, { errorRate: 2 })).status).toBe(400);
  });

  it("commits the write and then fails the answer with 'fail after commit'", async () => {
    const t = sb.tenant();
    await admin("PUT", `tenants/${t.tenantId}/faults`, { failAfterCommitRate: 1 });
    const h = sb.headers(t);
    const res = await fetch(`${sb.api}/ConfigurationItemTypes`, { method: "POST", headers: h, body: JSON.stringify({ name: "Committed", isActive: true }) });
    expect(res.status).toBe(500);
    const query = await fetch(`${sb.api}/ConfigurationItemTypes/query`, { method: "POST", headers: h, body: JSON.stringify({ filter: [{ op: "eq", field: "name", value: "Committed" }] }) });
    expect(query.status).toBe(200);
    expect(((await query.json()) as Json).items).toHaveLength(1);
  });

  it("moves a tenant to another zone: discovery follows, the old zone answers 401", async () => {
    const t = sb.tenant();
    expect((await admin("PUT", `tenants/${t.tenantId}/zone`, { zone: 3 })).json).toEqual({ zone: 3 });
    const zone = (await (await fetch(`${sb.api}/zoneInformation?user=${encodeURIComponent(t.credentials.username)}`)).json()) as Json;
    expect(zone.url).toBe(`${sb.url}/sandbox/autotask/webservices3/atservicesrest/`);
    expect((await fetch(`${sb.api}/Companies/0`, { headers: sb.headers(t) })).status).toBe(401);
    expect((await fetch(`${zone.url}v1.0/Companies/0`, { headers: sb.headers(t) })).status).toBe(200);
  });

  it("is 404 outside demo and test modes, for _admin and (without SANDBOX_ENABLED) the whole route", async () => {
    const before = process.env.PSA_RELAY_MODE;
    process.env.PSA_RELAY_MODE = "production";
    try {
      expect((await admin("GET", "tenants")).status).toBe(404);
      expect((await routeGet(new Request(`${sb.api}/zoneInformation?user=x`))).status).toBe(404);
      process.env.SANDBOX_ENABLED = "1";
      expect((await routeGet(new Request(`${sb.api}/zoneInformation?user=x`))).status).toBe(500);
      expect((await admin("GET", "tenants")).status).toBe(404);
    } finally {
      process.env.PSA_RELAY_MODE = before;
      delete process.env.SANDBOX_ENABLED;
    }
    expect((await admin("GET", "tenants")).status).toBe(200);
  });
});

describe("seeds and views", () => {
  it("seeds the demo tenant with partner 1's customer names and fixed credentials", () => {
    ensureAutotaskDemoTenants();
    const view = getAutotaskSandboxTenantView(AUTOTASK_DEMO_TENANT.tenantId)!;
    expect(view.tenant.name).toBe("Northwind Managed IT");
    expect(view.tenant.usernames).toContain(AUTOTASK_DEMO_TENANT.credentials.username);
    expect(view.tenant.counts.companies).toBeGreaterThan(50);
    expect(listSandboxTenants().some((s) => s.id === AUTOTASK_DEMO_TENANT.tenantId)).toBe(true);
    expect(JSON.stringify(listSandboxTenants())).not.toContain(AUTOTASK_DEMO_TENANT.credentials.secret);
  });

  it("shows tickets with notes, contract services with units and CIs", () => {
    const t = sb.tenant({ customerNames: ["Viewed Co"] });
    const view = getAutotaskSandboxTenantView(t.tenantId)!;
    expect(view.tickets[0]).toMatchObject({ title: "Printer offline in reception", companyName: "Viewed Co", status: "In Progress", notes: [{ title: "Called customer", publish: "Internal Only" }] });
    expect(view.contractServices[0]).toMatchObject({ companyName: "Viewed Co", serviceName: expect.stringMatching(/Backup/), currentUnits: expect.any(Number) });
    expect(view.contractServices[0]!.units.length).toBe(12);
    expect(view.configurationItems[0]).toMatchObject({ companyName: "Viewed Co", udfs: { "Backup Status": "1" } });
  });

  it("builds a benchmark tenant of 20,000 companies and 50,000 contract services quickly", () => {
    const started = Date.now();
    const t = seedAutotaskTenant({ bulk: { companies: 20_000, contractServices: 50_000 } });
    const ms = Date.now() - started;
    const view = listSandboxTenants().find((s) => s.id === t.tenantId)!;
    expect(view.counts).toMatchObject({ companies: 20_001, contractServices: 50_000 });
    expect(ms).toBeLessThan(5_000);
    removeTenant(t.tenantId);
  });
});
