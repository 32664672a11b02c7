import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { setDbHandle } from "~/db";
import {
  createAccount,
  createApiKeyRow,
  createCustomer,
  createEvent,
  createPartner,
  createUser,
} from "~/db/seed/factories";
import { findBillingSettings, listItemMappings, saveBillingSettingsRows } from "~/db/queries/billing-settings";
import { findTicketSettings, upsertTicketSettings } from "~/db/queries/ticket-settings";
import { getCustomerMapping } from "~/db/queries/customer-map";
import { customerMappings, customers, events, psaConnections, ticketConditions } from "~/db/schema";
import { getEvent } from "~/db/queries/events";
import { sealSecret } from "~/server/crypto/secrets";
import { seedAutotaskTenant } from "~/server/sandbox/autotask";
import { setSandboxTenantOwner } from "~/server/sandbox/common/admin-access";
import { createRule, listRules } from "~/server/services/notifications/rules";
import { authenticateApiKey } from "~/server/services/api-keys/service";
import { getConnectionView, removeConnection } from "~/server/services/psa-connections/service";
import { defaultBillingSettings } from "~/server/services/billing/settings-rules";
import { defaultTicketSettings } from "~/server/services/ticket-settings/rules";
import { getTicketSettings } from "~/server/services/ticket-settings/service";
import { createTestDatabase } from "~/server/testing/test-db";
import { billingChanges, billingCustomerState, billingLines, billingRuns } from "~/db/schema/billing";
import { usage } from "~/db/schema/vendor";
import { eq } from "drizzle-orm";

import { appRouter, createCaller } from "./root";
import { createTRPCContext } from "./trpc";

/**
 * Partner B, signed in as an admin, tries every procedure of the app router against partner A's
 * records by id and must get nothing. A procedure added to the router without a case here fails
 * the "every procedure is covered" test, so new procedures cannot skip this check.
 */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let a: Awaited<ReturnType<typeof seedPartner>>;
let b: Awaited<ReturnType<typeof seedPartner>>;
let asB: ReturnType<typeof createCaller>;
let anonymous: ReturnType<typeof createCaller>;

async function seedPartner(name: string) {
  const partner = await createPartner(handle.db, { name });
  const admin = await createUser(handle.db, { partnerId: partner.id, role: "admin" });
  const customer = await createCustomer(handle.db, { partnerId: partner.id, name: `${name} Customer` });
  const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id, name: `${name} Server` });
  const event = await createEvent(handle.db, {
    partnerId: partner.id,
    customerId: customer.id,
    accountId: account.id,
    type: `${name.toLowerCase()}_only_type`,
    occurredAt: new Date(Date.now() - 60_000),
  });
  const apiKey = await createApiKeyRow(handle.db, { partnerId: partner.id, name: `${name} key` });
  await handle.db.insert(psaConnections).values({
    partnerId: partner.id,
    provider: "autotask",
    settings: { username: `api@${name.toLowerCase()}.test`, integrationCode: `${name}-CODE`, zoneDiscoveryUrl: "http://127.0.0.1:9/atservicesrest" },
    sealedSecrets: sealSecret(JSON.stringify({ secret: `${name}-secret` }), `${partner.id}:psa-connection`),
    status: "connected",
  });
  return { partner, admin, customer, account, event, apiKey };
}

async function expectNotFound(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  expect((err as TRPCError).code).toBe("NOT_FOUND");
}

async function withMode(mode: string, fn: () => Promise<void>) {
  const before = process.env.PSA_RELAY_MODE;
  process.env.PSA_RELAY_MODE = mode;
  try {
    await fn();
  } finally {
    if (before === undefined) delete process.env.PSA_RELAY_MODE;
    else process.env.PSA_RELAY_MODE = before;
  }
}

const allOf = (filters: Record<string, unknown>) => ({ filters, limit: 100 });

/** One case per procedure path: B reaching for A's data. */
const cases: Record<string, () => Promise<void>> = {
  "session.me": async () => {
    const me = await asB.session.me();
    expect(me.partner.id).toBe(b.partner.id);
    expect(me.user.id).toBe(b.admin.id);
  },
  "overview.get": async () => {
    // Partner A has a failed delivery, an open ticket and an unmapped customer; B sees only its own.
    await handle.db.update(events).set({ outcomeStatus: "failed", ticketNumbers: "T-ALPHA-0001" }).where(eq(events.id, a.event.id));
    await handle.db.insert(ticketConditions).values({
      partnerId: a.partner.id,
      customerId: a.customer.id,
      accountId: a.account.id,
      eventType: a.event.type,
      correlationKey: `tenancy-${a.partner.id}`,
      state: "open",
      psaTicketNumber: "T-ALPHA-0001",
      openedAt: new Date(),
    });
    const overview = await asB.overview.get();
    expect(overview.cards.find((c) => c.id === "failed-deliveries")).toBeUndefined();
    expect(overview.openTickets).toEqual({ total: 0, items: [] });
    expect(overview.cards.find((c) => c.id === "unmapped")?.count ?? 0).toBeLessThanOrEqual(1);
    expect(overview.chart.reduce((n, d) => n + d.succeeded + d.failed + d.pending + d.skipped + d.none, 0)).toBe(1);
    // Nor does the Event Log's search reach A's ticket numbers.
    expect((await asB.events.list(allOf({ search: "T-ALPHA-0001" }))).items).toEqual([]);
  },
  "customers.list": async () => {
    const all = await asB.customers.list({ limit: 100 });
    expect(all.items.map((c) => c.id)).toEqual([b.customer.id]);
    const searched = await asB.customers.list({ search: "Alpha", limit: 100 });
    expect(searched.items).toEqual([]);
  },
  "customers.get": async () => {
    await expectNotFound(asB.customers.get({ id: a.customer.id }));
  },
  "events.list": async () => {
    for (const filters of [{}, { customerId: a.customer.id }, { accountId: a.account.id }, { type: a.event.type }]) {
      const page = await asB.events.list(allOf(filters));
      expect(page.items.map((e) => e.id)).not.toContain(a.event.id);
    }
    expect((await asB.events.list(allOf({ customerId: a.customer.id }))).items).toEqual([]);
  },
  "events.newerCount": async () => {
    const result = await asB.events.newerCount({ filters: { customerId: a.customer.id } });
    expect(JSON.stringify(result)).not.toMatch(/[1-9]/);
  },
  "events.get": async () => {
    await expectNotFound(asB.events.get({ id: a.event.id }));
  },
  "events.histogram": async () => {
    const result = await asB.events.histogram({ filters: { accountId: a.account.id } });
    expect(result.points).toEqual([]);
  },
  "events.filterOptions": async () => {
    const options = await asB.events.filterOptions({ customerId: a.customer.id, accountId: a.account.id, customerSearch: "Alpha" });
    const ids = JSON.stringify(options);
    expect(ids).not.toContain(a.customer.id);
    expect(ids).not.toContain(a.account.id);
    expect(options.types).not.toContain(a.event.type);
  },
  // Reprocessing: B cannot reach A's events by id or by filter; A's events stay as they were.
  "events.reprocess": async () => {
    await expectNotFound(asB.events.reprocess({ id: a.event.id }));
    expect((await getEvent(handle.db, { partnerId: a.partner.id, id: a.event.id }))?.event.status).toBe(a.event.status);
  },
  "events.reprocessCount": async () => {
    expect((await asB.events.reprocessCount({ filters: { customerId: a.customer.id } })).count).toBe(0);
    expect((await asB.events.reprocessCount({ filters: { type: a.event.type } })).count).toBe(0);
  },
  "events.reprocessMatching": async () => {
    for (const filters of [{ customerId: a.customer.id }, { accountId: a.account.id }, { type: a.event.type }]) {
      expect(await asB.events.reprocessMatching({ filters })).toEqual({ reprocessed: 0, notQueued: 0 });
    }
    expect((await getEvent(handle.db, { partnerId: a.partner.id, id: a.event.id }))?.event.status).toBe(a.event.status);
  },
  // Partner Notifications: B never sees, changes, switches or deletes A's rules.
  "notifications.list": async () => {
    const rule = await alphaRule();
    const page = await asB.notifications.list();
    expect(page.rules.map((r) => r.id)).not.toContain(rule.id);
    expect(page.knownTypes).not.toContain(a.event.type);
    expect(JSON.stringify(page)).not.toMatch(/alpha/i);
  },
  "notifications.create": async () => {
    const created = await asB.notifications.create({ name: "Bravo tickets", action: "ticket" });
    expect(created.partnerId).toBe(b.partner.id);
    expect((await listRules(handle.db, a.partner.id)).rules.map((r) => r.name)).not.toContain("Bravo tickets");
  },
  "notifications.update": async () => {
    const rule = await alphaRule();
    await expectNotFound(asB.notifications.update({ id: rule.id, name: "Taken by Bravo" }));
    expect((await listRules(handle.db, a.partner.id)).rules.find((r) => r.id === rule.id)?.name).toBe("Alpha tickets");
  },
  "notifications.setEnabled": async () => {
    const rule = await alphaRule();
    await expectNotFound(asB.notifications.setEnabled({ id: rule.id, enabled: false }));
    expect((await listRules(handle.db, a.partner.id)).rules.find((r) => r.id === rule.id)?.enabled).toBe(true);
  },
  "notifications.delete": async () => {
    const rule = await alphaRule();
    await expectNotFound(asB.notifications.delete({ id: rule.id }));
    expect((await listRules(handle.db, a.partner.id)).rules.map((r) => r.id)).toContain(rule.id);
  },
  "apiKeys.list": async () => {
    const keys = await asB.apiKeys.list();
    expect(keys.map((k) => k.id)).not.toContain(a.apiKey.id);
    expect(JSON.stringify(keys)).not.toContain(a.apiKey.prefix);
  },
  "apiKeys.create": async () => {
    const created = await asB.apiKeys.create({ name: "B's new key" });
    const auth = await authenticateApiKey(handle.db, created.key);
    expect(auth?.partnerId).toBe(b.partner.id);
  },
  "integration.get": async () => {
    const result = await asB.integration.get();
    expect(result.connection?.settings.username).toBe("api@bravo.test");
    expect(JSON.stringify(result)).not.toMatch(/alpha/i);
    expect(JSON.stringify(result)).not.toContain("Bravo-secret");
  },
  "integration.testAndSave": async () => {
    const result = await asB.integration.testAndSave({
      provider: "connectwise",
      siteUrl: "http://127.0.0.1:9/sandbox/connectwise",
      companyId: "x",
      publicKey: "p",
      privateKey: "k",
      clientId: "c",
    });
    expect(result.ok).toBe(false);
    expect((await getConnectionView(handle.db, a.partner.id))?.settings.username).toBe("api@alpha.test");
  },
  "integration.remove": async () => {
    await asB.integration.remove();
    expect(await getConnectionView(handle.db, a.partner.id)).not.toBeNull();
    expect(await getConnectionView(handle.db, b.partner.id)).toBeNull();
  },
  // Sandbox tenants belong to partners (server/services/sandbox/ownership.ts): B never sees or opens
  // A's tenant (nor the demo partners'), and outside demo/test mode nothing at all.
  "sandbox.tenants": async () => {
    const alphaTenant = seedAutotaskTenant({ name: "Alpha Sandbox" });
    setSandboxTenantOwner("autotask", alphaTenant.tenantId, a.partner.id);
    const tenants = await asB.sandbox.tenants();
    expect(tenants.map((t) => t.id)).not.toContain(alphaTenant.tenantId);
    expect(tenants.map((t) => t.id)).not.toEqual(expect.arrayContaining(["northwind-autotask"]));
    expect(JSON.stringify(tenants)).not.toMatch(/alpha/i);
    expect(JSON.stringify(tenants)).not.toContain(a.partner.id);
    await withMode("production", () => expectNotFound(asB.sandbox.tenants()));
  },
  "sandbox.tenant": async () => {
    const alphaTenant = seedAutotaskTenant({ name: "Alpha Sandbox" });
    setSandboxTenantOwner("autotask", alphaTenant.tenantId, a.partner.id);
    await expectNotFound(asB.sandbox.tenant({ provider: "autotask", id: alphaTenant.tenantId }));
    await expectNotFound(asB.sandbox.tenant({ provider: "autotask", id: "northwind-autotask" }));
    await expectNotFound(asB.sandbox.tenant({ provider: "connectwise", id: "contosocloud" }));
    // A partner id is not a sandbox tenant id.
    await expectNotFound(asB.sandbox.tenant({ provider: "autotask", id: a.partner.id }));
    await withMode("production", () => expectNotFound(asB.sandbox.tenant({ provider: "autotask", id: "northwind-autotask" })));
  },
  "apiKeys.revoke": async () => {
    await expectNotFound(asB.apiKeys.revoke({ id: a.apiKey.id }));
    const stillValid = await authenticateApiKey(handle.db, a.apiKey.key);
    expect(stillValid?.partnerId).toBe(a.partner.id);
  },
  // Ticket settings: B never reads or changes A's row; without a connection of its own, B is told to connect first.
  "ticketSettings.get": async () => {
    await seedAlphaTicketSettings();
    const view = await asB.ticketSettings.get();
    expect(view.settings.subjectPrefix).toBe("");
    expect(view.settings.queueId).toBeNull();
    expect(JSON.stringify(view)).not.toMatch(/alpha/i);
  },
  "ticketSettings.options": async () => {
    await removeConnection(handle.db, b.partner.id);
    await expect(asB.ticketSettings.options({ queueId: "5" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Connect your PSA/) });
  },
  "ticketSettings.save": async () => {
    await seedAlphaTicketSettings();
    const saved = await asB.ticketSettings.save(bravoTicketSettings);
    expect(saved.settings.subjectPrefix).toBe("[Bravo]");
    expect((await getTicketSettings(handle.db, a.partner.id)).subjectPrefix).toBe("[Alpha]");
    expect((await getTicketSettings(handle.db, a.partner.id)).queueId).toBe("5");
  },
  "ticketSettings.sendTestTicket": async () => {
    await removeConnection(handle.db, b.partner.id);
    await expect(asB.ticketSettings.sendTestTicket({ companyId: "1" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Connect your PSA/) });
  },
  // Customer Map: B never reads, maps or unmaps A's customers by id; B's PSA lists come from B's own connection.
  "customerMap.status": async () => {
    const status = await asB.customerMap.status();
    expect(status.canEdit).toBe(true);
    expect(JSON.stringify(status)).not.toMatch(/alpha/i);
  },
  "customerMap.list": async () => {
    await mapAlphaCustomer();
    const page = await asB.customerMap.list({ pageSize: 200 });
    expect(page.items.map((c) => c.id)).toContain(b.customer.id);
    expect(page.items.map((c) => c.id)).not.toContain(a.customer.id);
    expect(JSON.stringify(page)).not.toMatch(/alpha/i);
    expect((await asB.customerMap.list({ search: "Alpha" })).items).toEqual([]);
  },
  "customerMap.get": async () => {
    await mapAlphaCustomer();
    await expectNotFound(asB.customerMap.get({ customerId: a.customer.id }));
  },
  "customerMap.suggestions": async () => {
    const result = await asB.customerMap.suggestions({ customerIds: [a.customer.id] });
    expect(result.items).toEqual([]);
  },
  "customerMap.searchCompanies": async () => {
    await removeConnection(handle.db, b.partner.id);
    await expect(asB.customerMap.searchCompanies({ search: "Alpha" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Connect your PSA/) });
  },
  "customerMap.contracts": async () => {
    await removeConnection(handle.db, b.partner.id);
    await expect(asB.customerMap.contracts({ companyId: "101" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Connect your PSA/) });
  },
  "customerMap.contractServices": async () => {
    await removeConnection(handle.db, b.partner.id);
    await expect(asB.customerMap.contractServices({ contractId: "201" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Connect your PSA/) });
  },
  "customerMap.map": async () => {
    await mapAlphaCustomer();
    await expectNotFound(asB.customerMap.map({ customerId: a.customer.id, companyId: "999" }));
    expect(await getCustomerMapping(handle.db, { partnerId: a.partner.id, customerId: a.customer.id })).toMatchObject({ psaCompanyId: "101" });
  },
  "customerMap.unmap": async () => {
    await mapAlphaCustomer();
    await expectNotFound(asB.customerMap.unmap({ customerId: a.customer.id }));
    expect(await getCustomerMapping(handle.db, { partnerId: a.partner.id, customerId: a.customer.id })).not.toBeNull();
  },
  "customerMap.acceptSuggestions": async () => {
    await mapAlphaCustomer();
    await expectNotFound(asB.customerMap.acceptSuggestions({ items: [{ customerId: a.customer.id, companyId: "999" }] }));
    expect(await getCustomerMapping(handle.db, { partnerId: a.partner.id, customerId: a.customer.id })).toMatchObject({ psaCompanyId: "101" });
  },
  "customerMap.importCompany": async () => {
    await removeConnection(handle.db, b.partner.id);
    const before = await handle.db.select().from(customers);
    await expect(asB.customerMap.importCompany({ companyId: "101" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await handle.db.select().from(customers)).toHaveLength(before.length);
  },
  "customerMap.importUnmapped": async () => {
    await removeConnection(handle.db, b.partner.id);
    const before = await handle.db.select().from(customers);
    await expect(asB.customerMap.importUnmapped({})).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await handle.db.select().from(customers)).toHaveLength(before.length);
  },
  // Billing settings: B never reads or changes A's settings or item map; without a connection of its own, B is told to connect first.
  "billingSettings.get": async () => {
    await seedAlphaBillingSettings();
    const view = await asB.billingSettings.get();
    expect(view.settings).toEqual(defaultBillingSettings());
    expect(view.items.every((i) => i.mapping === null)).toBe(true);
    expect(view.servicesRetrievedAt).toBeNull();
    expect(JSON.stringify(view)).not.toMatch(/alpha/i);
  },
  "billingSettings.services": async () => {
    await seedAlphaBillingSettings();
    await removeConnection(handle.db, b.partner.id);
    await expect(asB.billingSettings.services({ refresh: true })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Connect your PSA/) });
    expect((await findBillingSettings(handle.db, { partnerId: a.partner.id }))?.servicesRetrievedAt).toBeNull();
  },
  "billingSettings.currencies": async () => {
    await seedAlphaBillingSettings();
    await removeConnection(handle.db, b.partner.id);
    await expect(asB.billingSettings.currencies()).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Connect your PSA/) });
  },
  "billingSettings.check": async () => {
    await seedAlphaBillingSettings();
    await removeConnection(handle.db, b.partner.id);
    // A's currency is not B's to keep: without a connection B may only keep its own saved one.
    await expect(asB.billingSettings.check({ ...defaultBillingSettings(), currencyCode: "CHF", items: [] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^Currency: Connect your PSA/),
    });
    expect(await asB.billingSettings.check({ ...defaultBillingSettings(), items: [] })).toMatchObject({ services: 0, currencyCode: "USD" });
  },
  "billingSettings.save": async () => {
    await seedAlphaBillingSettings();
    await removeConnection(handle.db, b.partner.id);
    const saved = await asB.billingSettings.save({
      ...defaultBillingSettings(),
      billingDay: 12,
      items: [{ itemCode: "local_backup_servers", psaServiceId: null, createMissing: false }],
    });
    expect(saved.settings.billingDay).toBe(12);
    expect(await findBillingSettings(handle.db, { partnerId: a.partner.id })).toMatchObject({ enabled: true, billingDay: 3, currencyCode: "CHF" });
    expect((await listItemMappings(handle.db, { partnerId: a.partner.id })).map((m) => [m.itemCode, m.psaServiceId])).toEqual([["local_backup_servers", "Alpha-SVC-7"]]);
  },
  // --- billingSettings cases (above this line) ---
  // Billing page: B never sees A's lines, changes, runs, usage or audit trail, and cannot sync, approve or reject A's records by id.
  "billing.overview": async () => {
    const alpha = await seedAlphaBilling();
    const view = await asB.billing.overview();
    expect(view.pendingCount).toBe(0);
    expect(view.lastRun?.id).not.toBe(alpha.run.id);
    expect(JSON.stringify(view)).not.toMatch(/alpha/i);
  },
  "billing.syncNow": async () => {
    const alpha = await seedAlphaBilling();
    const before = await handle.db.select({ id: billingRuns.id }).from(billingRuns);
    await expectNotFound(asB.billing.syncNow({ customerId: a.customer.id }));
    expect(await handle.db.select({ id: billingRuns.id }).from(billingRuns)).toHaveLength(before.length);
    expect(before.map((r) => r.id)).toContain(alpha.run.id);
  },
  "billing.run": async () => {
    const alpha = await seedAlphaBilling();
    await expectNotFound(asB.billing.run({ runId: alpha.run.id }));
  },
  "billing.revertRun": async () => {
    const alpha = await seedAlphaBilling();
    await expectNotFound(asB.billing.revertRun({ runId: alpha.run.id }));
  },
  "billing.runs": async () => {
    const alpha = await seedAlphaBilling();
    expect((await asB.billing.runs({ limit: 50 })).map((r) => r.id)).not.toContain(alpha.run.id);
  },
  "billing.pending": async () => {
    const alpha = await seedAlphaBilling();
    const page = await asB.billing.pending({ filters: {}, page: 1 });
    expect(page.items.map((c) => c.id)).not.toContain(alpha.pending.id);
    expect((await asB.billing.pending({ filters: { search: "Alpha" }, page: 1 })).items).toEqual([]);
    await expectNotFound(asB.billing.pending({ filters: { customerId: a.customer.id }, page: 1 }));
  },
  "billing.approve": async () => {
    const alpha = await seedAlphaBilling();
    await expectNotFound(asB.billing.approve({ changeIds: [alpha.pending.id] }));
    expect(await alphaChangeStatus(alpha.pending.id)).toBe("pending_approval");
  },
  "billing.approveAllPending": async () => {
    const alpha = await seedAlphaBilling();
    expect(await asB.billing.approveAllPending()).toMatchObject({ approved: 0, run: null });
    expect(await alphaChangeStatus(alpha.pending.id)).toBe("pending_approval");
  },
  "billing.reject": async () => {
    const alpha = await seedAlphaBilling();
    await expectNotFound(asB.billing.reject({ changeIds: [alpha.pending.id] }));
    expect(await alphaChangeStatus(alpha.pending.id)).toBe("pending_approval");
  },
  "billing.reconciliation": async () => {
    await seedAlphaBilling();
    for (const status of ["all", "differences", "failed", "pending_approval", "in_sync"] as const) {
      for (const filters of [{ status }, { status, search: "Alpha" }, { status, itemCode: "local_backup_servers" }]) {
        const page = await asB.billing.reconciliation({ filters, page: 1 });
        expect(page.items.map((l) => l.customerId)).not.toContain(a.customer.id);
        expect(page.failedCustomers.items.map((f) => f.customerId)).not.toContain(a.customer.id);
        expect(JSON.stringify(page)).not.toMatch(/alpha/i);
      }
    }
  },
  "billing.orphans": async () => {
    await seedAlphaBilling();
    const page = await asB.billing.orphans({ page: 1 });
    expect(page.items.map((o) => o.customerId)).not.toContain(a.customer.id);
    expect(JSON.stringify(page)).not.toMatch(/alpha/i);
  },
  "billing.unmapped": async () => {
    await seedAlphaBilling();
    const result = await asB.billing.unmapped({ page: 1 });
    expect(result.customers.items.map((c) => c.customerId)).not.toContain(a.customer.id);
    expect(JSON.stringify(result)).not.toMatch(/alpha/i);
  },
  "billing.usageChart": async () => {
    await seedAlphaBilling();
    const chart = await asB.billing.usageChart({ itemCode: "local_backup_servers", days: 90 });
    expect(chart.points).toEqual([]);
    expect(chart.items.find((i) => i.code === "local_backup_servers")?.hasUsage).toBe(false);
  },
  "billing.customer": async () => {
    await seedAlphaBilling();
    await expectNotFound(asB.billing.customer({ customerId: a.customer.id }));
  },
  "billing.audit": async () => {
    await seedAlphaBilling();
    await expectNotFound(asB.billing.audit({ customerId: a.customer.id }));
  },
  // --- billing cases (above this line) ---
};

/** Partner A's billing rows: a line and an orphan, a failed state, a pending and an applied change, a run, usage. */
let alphaBilling: Promise<{ run: typeof billingRuns.$inferSelect; pending: typeof billingChanges.$inferSelect }> | undefined;
function seedAlphaBilling() {
  alphaBilling ??= (async () => {
    const partnerId = a.partner.id;
    const customerId = a.customer.id;
    const [run] = await handle.db
      .insert(billingRuns)
      .values({ partnerId, trigger: "manual", status: "completed", stats: { customers: 1, done: 1, inSync: 0, applied: 1, pendingApproval: 1, failed: 0, skipped: 0, writes: 1 }, message: "Alpha run" })
      .returning();
    await handle.db.insert(billingLines).values([
      { partnerId, customerId, kind: "mapped", itemCode: "local_backup_servers", vendorQuantity: 9, psaQuantity: 2, unitPrice: 10, status: "failed" },
      { partnerId, customerId, kind: "orphan", psaServiceName: "Alpha orphan service", psaQuantity: 3, status: "orphan" },
    ]);
    await handle.db.insert(billingCustomerState).values({ partnerId, customerId, lastSyncedAt: new Date(), lastStatus: "failed", lastMessage: "Alpha contract is wrong.", lastHint: "Fix Alpha's contract." });
    const change = { partnerId, customerId, runId: run!.id, psaContractId: "Alpha-K", psaServiceId: "Alpha-S", currentQuantity: 2, newQuantity: 9, unitPrice: 10, effectiveDate: "2025-02-01" };
    const [pending] = await handle.db.insert(billingChanges).values({ ...change, itemCode: "local_backup_servers", status: "pending_approval", reason: "Alpha approval mode" }).returning();
    await handle.db.insert(billingChanges).values({ ...change, itemCode: "email_security_mailboxes", status: "applied", appliedAt: new Date(), appliedBy: "automatic (Sync now)", psaRecordRef: "Addition:1" });
    await handle.db.insert(usage).values({ partnerId, customerId, itemCode: "local_backup_servers", quantity: 9, period: new Date().toISOString().slice(0, 10) });
    return { run: run!, pending: pending! };
  })();
  return alphaBilling;
}

async function alphaChangeStatus(id: string) {
  const [row] = await handle.db.select({ status: billingChanges.status }).from(billingChanges).where(eq(billingChanges.id, id));
  return row?.status;
}

let alphaRuleRow: Awaited<ReturnType<typeof createRule>> | undefined;
async function alphaRule() {
  alphaRuleRow ??= await createRule(handle.db, a.partner.id, { name: "Alpha tickets", action: "ticket" });
  return alphaRuleRow;
}

async function mapAlphaCustomer() {
  await handle.db
    .insert(customerMappings)
    .values({ partnerId: a.partner.id, customerId: a.customer.id, psaCompanyId: "101", psaCompanyName: "Alpha PSA Company" })
    .onConflictDoNothing();
}

async function seedAlphaBillingSettings() {
  if (await findBillingSettings(handle.db, { partnerId: a.partner.id })) return;
  await saveBillingSettingsRows(handle.db, {
    partnerId: a.partner.id,
    userId: a.admin.id,
    settings: { ...defaultBillingSettings(), enabled: true, billingDay: 3, currencyCode: "CHF" },
    items: [{ itemCode: "local_backup_servers", psaServiceId: "Alpha-SVC-7", psaServiceName: "Alpha backup", unitPrice: 9, unitCost: 4, createMissing: true }],
  });
}

async function seedAlphaTicketSettings() {
  if (await findTicketSettings(handle.db, { partnerId: a.partner.id })) return;
  await upsertTicketSettings(handle.db, {
    partnerId: a.partner.id,
    userId: a.admin.id,
    values: { ...defaultTicketSettings(), subjectPrefix: "[Alpha]", queueId: "5", queueName: "Alpha queue", defaultPriorityId: "1", newStatusId: "1", completedStatusId: "5" },
  });
}

const bravoTicketSettings = {
  ...defaultTicketSettings(),
  subjectPrefix: "[Bravo]",
  alertMapping: { ok: { priorityId: null, queueId: null, dueDays: 5 }, warning: { priorityId: null, queueId: null, dueDays: 3 }, error: { priorityId: null, queueId: null, dueDays: 1 } },
};

beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
  a = await seedPartner("Alpha");
  b = await seedPartner("Bravo");
  asB = createCaller(await createTRPCContext({ session: { user: { id: b.admin.id } }, db: handle.db }));
  anonymous = createCaller(await createTRPCContext({ session: null, db: handle.db }));
});

afterAll(async () => {
  setDbHandle(undefined);
  await handle?.close();
});

describe("tenancy: partner B against partner A's records", () => {
  const paths = Object.keys(appRouter._def.procedures);

  it("has a case for every procedure of the router", () => {
    expect(paths.filter((p) => !(p in cases))).toEqual([]);
  });

  for (const path of Object.keys(cases)) {
    it(`${path} gives B nothing of A`, async () => {
      expect(paths).toContain(path);
      await cases[path]!();
    });
  }

  it("every procedure refuses a caller without a session", async () => {
    for (const path of paths) {
      const [area, verb] = path.split(".") as [string, string];
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const fn = (anonymous as any)[area][verb] as (input?: unknown) => Promise<unknown>;
      const err = await fn({}).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, path).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code, path).toBe("UNAUTHORIZED");
    }
  });

  it("a session of a deleted user is refused", async () => {
    const ghost = createCaller(await createTRPCContext({ session: { user: { id: "00000000-0000-4000-8000-000000000000" } }, db: handle.db }));
    await expect(ghost.session.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
