import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { setDbHandle } from "~/db";
import { customerMappings, customers, notificationRules, ticketSettings, users } from "~/db/schema";
import { type DemoPartnerResult, seedDemo } from "~/db/seed/demo";
import { connectDemoPartners } from "~/db/seed/demo-psa";
import { createPartner, createUser } from "~/db/seed/factories";
import { sandboxAdminToken } from "~/server/sandbox/common/admin-access";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { ensureAutotaskDemoTenants, handleAutotaskSandbox } from "~/server/sandbox/autotask";
import { ensureConnectWiseDemoTenants, handleConnectWiseSandbox } from "~/server/sandbox/connectwise";
import { removeConnection } from "~/server/services/psa-connections/service";
import { createTestDatabase } from "~/server/testing/test-db";


import { configureDemoTicketing, describeDemoTicketing, type DemoTicketingResult } from "./configure-ticketing";
import { handleDemoSetup } from "./setup-route";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let portal: Awaited<ReturnType<typeof serveFetchHandler>>;
let partners: DemoPartnerResult[];

/** Both sandboxes on one origin, as the portal serves them. */
const sandboxes = (req: Request) =>
  new URL(req.url).pathname.startsWith("/sandbox/autotask") ? handleAutotaskSandbox(req) : handleConnectWiseSandbox(req);

beforeAll(async () => {
  handle = await createTestDatabase();
  portal = await serveFetchHandler(sandboxes);
  ensureAutotaskDemoTenants();
  ensureConnectWiseDemoTenants();
  partners = await seedDemo(handle.db);
  await connectDemoPartners(handle.db, partners, portal.url);
}, 120_000);
afterAll(async () => {
  setDbHandle(undefined);
  await portal?.close();
  await handle?.close();
});

const opts = { maxRetries: 1, backoffBaseMs: 2, timeoutMs: 10_000 };
const idOf = (slug: string) => partners.find((p) => p.slug === slug)!.id;
const configured = (results: DemoTicketingResult[], slug: string) => {
  const r = results.find((x) => x.partnerSlug === slug);
  if (r?.status !== "configured") throw new Error(`${slug} not configured: ${JSON.stringify(r)}`);
  return r;
};

describe("demo ticketing setup", () => {
  it("configures both demo partners: settings by name, every customer mapped with a contract, an open-a-ticket rule", async () => {
    const results = await configureDemoTicketing(handle.db, opts);
    expect(results.map((r) => r.partnerSlug)).toEqual(["northwind", "contoso"]);
    const northwind = configured(results, "northwind");
    expect(northwind).toMatchObject({ provider: "autotask", settings: "created", queueName: "Monitoring Alert", customersMapped: 50, newlyMapped: 50, unmatched: 0, rule: "created" });
    const contoso = configured(results, "contoso");
    expect(contoso).toMatchObject({ provider: "connectwise", settings: "created", queueName: "Alerts", customersMapped: 15, unmatched: 0, rule: "created" });
    expect(describeDemoTicketing(northwind)).toMatch(/^ticketing: 50 customers mapped, queue Monitoring Alert/);
    expect(describeDemoTicketing(contoso)).toMatch(/^ticketing: 15 customers mapped, board Alerts/);

    const [at] = await handle.db.select().from(ticketSettings).where(eq(ticketSettings.partnerId, idOf("northwind")));
    expect(at).toMatchObject({ subjectPrefix: "[Backup] ", queueName: "Monitoring Alert", newStatusName: "New", completedStatusName: "Complete", defaultPriorityName: "Medium" });
    expect(at!.alertMapping.error).toMatchObject({ priorityName: "High", dueDays: 1, queueId: at!.queueId });
    expect(at!.alertMapping.warning).toMatchObject({ priorityName: "Medium", dueDays: 3 });
    expect(at!.alertMapping.ok).toMatchObject({ priorityName: "Low", dueDays: 7 });
    const [cw] = await handle.db.select().from(ticketSettings).where(eq(ticketSettings.partnerId, idOf("contoso")));
    expect(cw).toMatchObject({ queueName: "Alerts", newStatusName: "New", completedStatusName: "Resolved" });
    expect(cw!.alertMapping.error.priorityName).toMatch(/Priority 2/);
    expect(cw!.alertMapping.ok.priorityName).toMatch(/Priority 4/);

    for (const slug of ["northwind", "contoso"]) {
      const rows = await handle.db
        .select({ name: customers.name, company: customerMappings.psaCompanyName, contract: customerMappings.psaContractId })
        .from(customerMappings)
        .innerJoin(customers, eq(customers.id, customerMappings.customerId))
        .where(eq(customerMappings.partnerId, idOf(slug)));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.company).toBe(row.name);
        expect(row.contract).not.toBeNull();
      }
      const rules = await handle.db.select().from(notificationRules).where(eq(notificationRules.partnerId, idOf(slug)));
      expect(rules).toEqual([
        expect.objectContaining({ action: "ticket", allTypes: true, severities: ["warning", "error"], enabled: true }),
      ]);
      expect(rules[0]!.name).toBe(slug === "northwind" ? "Open a ticket in Autotask" : "Open a ticket in ConnectWise");
    }
  });

  it("is idempotent: a second run keeps settings, mappings and the rule", async () => {
    const results = await configureDemoTicketing(handle.db, opts);
    expect(configured(results, "northwind")).toMatchObject({ settings: "kept", newlyMapped: 0, customersMapped: 50, rule: "kept" });
    expect(configured(results, "contoso")).toMatchObject({ settings: "kept", newlyMapped: 0, customersMapped: 15, rule: "kept" });
    const rules = await handle.db.select().from(notificationRules).where(eq(notificationRules.partnerId, idOf("northwind")));
    expect(rules).toHaveLength(1);
  });

  it("is served at POST /api/demo/setup in demo mode only, to the token or a demo partner's admin", async () => {
    setDbHandle(handle);
    const previous = process.env.PSA_RELAY_MODE;
    try {
      process.env.PSA_RELAY_MODE = "test";
      const setup = (as: { token?: string; userId?: string } = { token: sandboxAdminToken() }) =>
        handleDemoSetup(
          new Request("http://localhost/api/demo/setup", {
            method: "POST",
            headers: { "content-type": "application/json", ...(as.token ? { authorization: `Bearer ${as.token}` } : {}) },
          }),
          { session: async () => (as.userId ? { user: { id: as.userId } } : null), db: async () => handle.db },
        );
      expect((await setup()).status).toBe(404);
      process.env.PSA_RELAY_MODE = "demo";

      // Not an open door: anonymous or a wrong token 401, a technician or another partner's admin 403.
      const userOf = async (partnerId: string, role: "admin" | "technician") =>
        (await handle.db.select().from(users).where(and(eq(users.partnerId, partnerId), eq(users.role, role))))[0]!.id;
      expect((await setup({})).status).toBe(401);
      expect((await setup({ token: "guessed" })).status).toBe(401);
      expect((await setup({ userId: await userOf(idOf("northwind"), "technician") })).status).toBe(403);
      const stranger = await createPartner(handle.db);
      const strangerAdmin = await createUser(handle.db, { partnerId: stranger.id, role: "admin" });
      expect((await setup({ userId: strangerAdmin.id })).status).toBe(403);
      // A demo partner's admin sets up their own partner only.
      const own = await setup({ userId: await userOf(idOf("northwind"), "admin") });
      expect(own.status).toBe(200);
      expect(((await own.json()) as { results: DemoTicketingResult[] }).results.map((r) => r.partnerSlug)).toEqual(["northwind"]);

      await removeConnection(handle.db, idOf("contoso"));
      const res = await setup();
      expect(res.status).toBe(200);
      const { results } = (await res.json()) as { results: DemoTicketingResult[] };
      expect(results.find((r) => r.partnerSlug === "contoso")).toMatchObject({ status: "not-connected" });
      expect(results.find((r) => r.partnerSlug === "northwind")).toMatchObject({ status: "configured", settings: "kept" });
    } finally {
      process.env.PSA_RELAY_MODE = previous;
    }
  });
});
