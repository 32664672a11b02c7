import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listItemMappings, saveBillingSettingsRows } from "~/db/queries/billing-settings";
import { psaConnections } from "~/db/schema";
import { createPartner, createUser } from "~/db/seed/factories";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { sealSecret } from "~/server/crypto/secrets";
import type { PsaService } from "~/server/psa/types";
import { autotaskZoneDiscoveryUrl, handleAutotaskSandbox, removeAutotaskTenant, seedAutotaskTenant } from "~/server/sandbox/autotask";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { handleConnectWiseSandbox, removeConnectWiseTenant, seedConnectWiseTenant } from "~/server/sandbox/connectwise";
import { testAndSaveConnection } from "~/server/services/psa-connections/service";
import { createTestDatabase } from "~/server/testing/test-db";

import { forgetCatalogue } from "./catalogue-cache";
import {
  checkBillingSettings,
  CONNECT_FIRST_BILLING,
  getBillingSettings,
  getBillingSettingsView,
  getItemMappings,
  listBillingCurrencies,
  listBillingServices,
  saveBillingSettings,
} from "./settings";
import { type BillingSettingsInput, defaultBillingSettings } from "./settings-rules";

/** Billing settings through the real connectors against both sandboxes over HTTP, on a real database. */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let at: Awaited<ReturnType<typeof serveFetchHandler>>;
let cw: Awaited<ReturnType<typeof serveFetchHandler>>;
const autotaskTenants: string[] = [];
const connectWiseTenants: string[] = [];

beforeAll(async () => {
  handle = await createTestDatabase();
  at = await serveFetchHandler(handleAutotaskSandbox);
  cw = await serveFetchHandler(handleConnectWiseSandbox);
});
afterAll(async () => {
  for (const id of autotaskTenants) removeAutotaskTenant(id);
  for (const id of connectWiseTenants) removeConnectWiseTenant(id);
  await at?.close();
  await cw?.close();
  await handle?.close();
});

async function partnerWithUsers() {
  const partner = await createPartner(handle.db);
  const admin = await createUser(handle.db, { partnerId: partner.id, role: "admin" });
  const tech = await createUser(handle.db, { partnerId: partner.id, role: "technician" });
  const as = async (id: string) => createCaller(await createTRPCContext({ session: { user: { id } }, db: handle.db }));
  return { ctx: { partnerId: partner.id, userId: admin.id }, asAdmin: await as(admin.id), asTech: await as(tech.id) };
}

async function connectedAutotask() {
  const p = await partnerWithUsers();
  const tenant = seedAutotaskTenant();
  autotaskTenants.push(tenant.tenantId);
  const result = await testAndSaveConnection(handle.db, p.ctx, {
    provider: "autotask",
    username: tenant.credentials.username,
    secret: tenant.credentials.secret,
    integrationCode: tenant.credentials.integrationCode,
    zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(at.url),
  });
  expect(result.ok).toBe(true);
  return p;
}

async function connectedConnectWise() {
  const p = await partnerWithUsers();
  const tenant = seedConnectWiseTenant();
  connectWiseTenants.push(tenant.companyId);
  const result = await testAndSaveConnection(handle.db, p.ctx, {
    provider: "connectwise",
    siteUrl: `${cw.url}/sandbox/connectwise`,
    companyId: tenant.companyId,
    publicKey: tenant.publicKey,
    privateKey: tenant.privateKey,
    clientId: tenant.clientId,
  });
  expect(result.ok).toBe(true);
  return p;
}

const form = (overrides: Partial<BillingSettingsInput> = {}): BillingSettingsInput => ({ ...defaultBillingSettings(), items: [], ...overrides });

describe("billing settings without a connection", () => {
  it("shows the defaults and every billable item from the database, undecided", async () => {
    const { ctx, asAdmin, asTech } = await partnerWithUsers();
    const view = await getBillingSettingsView(handle.db, ctx.partnerId);
    expect(view.settings).toEqual(defaultBillingSettings());
    expect(view.connection).toBeNull();
    expect(view.servicesRetrievedAt).toBeNull();
    expect(view.items.map((i) => i.code).sort()).toEqual([
      "email_archiving_mailboxes",
      "email_security_mailboxes",
      "local_backup_non_servers",
      "local_backup_servers",
      "online_backup_gb_basic",
      "online_backup_gb_premium",
      "online_backup_gb_standard",
    ]);
    expect(view.items.every((i) => i.mapping === null && i.unit && i.name)).toBe(true);
    expect((await asAdmin.billingSettings.get()).canEdit).toBe(true);
    expect((await asTech.billingSettings.get()).canEdit).toBe(false);
  });

  it("asks to connect first for the services list and for mapped services; 'not billed' saves without a PSA", async () => {
    const { ctx } = await partnerWithUsers();
    await expect(listBillingCurrencies(handle.db, ctx.partnerId)).rejects.toThrow(CONNECT_FIRST_BILLING);
    await expect(saveBillingSettings(handle.db, ctx, form({ currencyCode: "DOL" }))).rejects.toThrow(/^Currency: Connect your PSA in Integration Setup first/);
    await expect(listBillingServices(handle.db, ctx.partnerId)).rejects.toThrow(CONNECT_FIRST_BILLING);
    await expect(saveBillingSettings(handle.db, ctx, form({ items: [{ itemCode: "local_backup_servers", psaServiceId: "1", createMissing: true }] }))).rejects.toThrow(
      CONNECT_FIRST_BILLING,
    );
    const view = await saveBillingSettings(handle.db, ctx, form({ billingDay: 28, items: [{ itemCode: "local_backup_servers", psaServiceId: null, createMissing: false }] }));
    expect(view.settings.billingDay).toBe(28);
    expect(view.items.find((i) => i.code === "local_backup_servers")!.mapping).toEqual({
      psaServiceId: null,
      psaServiceName: null,
      unitPrice: null,
      unitCost: null,
      createMissing: false,
    });
  });

  it("writes the settings and the item rows in one transaction: a failing row leaves both as they were", async () => {
    const { ctx } = await partnerWithUsers();
    await saveBillingSettings(handle.db, ctx, form({ billingDay: 4, items: [{ itemCode: "local_backup_servers", psaServiceId: null, createMissing: true }] }));
    // Bypasses the service's item-code check: the foreign key refuses the row after the settings were upserted.
    const write = saveBillingSettingsRows(handle.db, {
      partnerId: ctx.partnerId,
      userId: ctx.userId,
      settings: { ...defaultBillingSettings(), billingDay: 20 },
      items: [{ itemCode: "no_such_item", psaServiceId: null, psaServiceName: null, unitPrice: null, unitCost: null, createMissing: true }],
    });
    await expect(write).rejects.toThrow();
    expect((await getBillingSettings(handle.db, ctx.partnerId)).billingDay).toBe(4);
    expect((await getItemMappings(handle.db, ctx.partnerId)).map((m) => m.itemCode)).toEqual(["local_backup_servers"]);
  });

  it("says what the PSA answered when it cannot be reached", async () => {
    const { ctx } = await partnerWithUsers();
    await handle.db.insert(psaConnections).values({
      partnerId: ctx.partnerId,
      provider: "connectwise",
      settings: { siteUrl: "http://127.0.0.1:9/sandbox/connectwise", companyId: "gone", publicKey: "p", clientId: "c" },
      sealedSecrets: sealSecret(JSON.stringify({ privateKey: "k" }), `${ctx.partnerId}:psa-connection`),
      status: "connected",
    });
    await expect(listBillingServices(handle.db, ctx.partnerId, {}, { maxRetries: 0, timeoutMs: 2_000 })).rejects.toThrow(
      /^ConnectWise could not return the services list: /,
    );
    expect((await getBillingSettingsView(handle.db, ctx.partnerId)).servicesRetrievedAt).toBeNull();
  });
});

describe.each([
  ["Autotask", connectedAutotask, "service", "Cloud Backup - Server", "Tape Rotation (retired)"],
  ["ConnectWise", connectedConnectWise, "product", "LOCAL-BACKUP-SRV - Local backup, servers", "LEGACY-TAPE - Tape rotation (retired)"],
] as const)("billing settings against the %s sandbox", (psa, connect, word, serverService, retired) => {
  const find = (services: PsaService[], name: string) => services.find((s) => s.name === name)!;

  it("retrieves the services list: active first by name, inactive last, with prices; records when", async () => {
    const { ctx, asTech } = await connect();
    const before = Date.now();
    const list = await listBillingServices(handle.db, ctx.partnerId, { refresh: true });
    expect(list.provider).toBe(psa.toLowerCase());
    expect(list.services.length).toBeGreaterThan(3);
    const firstInactive = list.services.findIndex((s) => !s.isActive);
    expect(firstInactive).toBeGreaterThan(0);
    expect(list.services.slice(firstInactive).every((s) => !s.isActive)).toBe(true);
    const active = list.services.slice(0, firstInactive).map((s) => s.name);
    expect(active).toEqual([...active].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
    expect(find(list.services, serverService)).toMatchObject({ isActive: true, unitPrice: 45 });
    expect(find(list.services, retired).isActive).toBe(false);
    const view = await getBillingSettingsView(handle.db, ctx.partnerId);
    expect(view.servicesRetrievedAt!.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(view.connection).toEqual({ provider: psa.toLowerCase() });
    // Retrieving only records the time: the settings stay the defaults. Technicians may retrieve (read-only).
    expect(view.settings).toEqual(defaultBillingSettings());
    expect((await asTech.billingSettings.services()).services).toHaveLength(list.services.length);
  });

  it("saves valid ids with the PSA's name, price and cost; not billed and undecided items; atomically replaced", async () => {
    const { ctx, asAdmin } = await connect();
    const { services } = await listBillingServices(handle.db, ctx.partnerId);
    const server = find(services, serverService);
    const other = services.find((s) => s.isActive && s.id !== server.id)!;
    const saved = await asAdmin.billingSettings.save(
      form({
        enabled: true,
        writeMode: "threshold",
        thresholdPercent: 20,
        billingDay: 15,
        currencyCode: "eur",
        updateInvoiceDescriptions: true,
        items: [
          { itemCode: "local_backup_servers", psaServiceId: server.id, createMissing: true },
          { itemCode: "email_archiving_mailboxes", psaServiceId: ` ${other.id} `, createMissing: false },
          { itemCode: "email_security_mailboxes", psaServiceId: null, createMissing: true },
        ],
      }),
    );
    expect(saved.settings).toEqual({
      enabled: true,
      writeMode: "threshold",
      thresholdPercent: 20,
      billingDay: 15,
      currencyCode: "EUR",
      // Invoice descriptions exist on ConnectWise additions only.
      updateInvoiceDescriptions: psa === "ConnectWise",
    });
    const byCode = new Map(saved.items.map((i) => [i.code, i.mapping]));
    expect(byCode.get("local_backup_servers")).toEqual({
      psaServiceId: server.id,
      psaServiceName: serverService,
      unitPrice: 45,
      unitCost: server.unitCost ?? null,
      createMissing: true,
    });
    expect(byCode.get("email_archiving_mailboxes")).toMatchObject({ psaServiceId: other.id, psaServiceName: other.name, createMissing: false });
    expect(byCode.get("email_security_mailboxes")).toMatchObject({ psaServiceId: null, psaServiceName: null });
    expect(byCode.get("online_backup_gb_basic")).toBeNull();
    expect(await getBillingSettings(handle.db, ctx.partnerId)).toEqual(saved.settings);

    // A second save replaces the whole map: items left out go back to "not decided".
    await saveBillingSettings(handle.db, ctx, form({ items: [{ itemCode: "local_backup_servers", psaServiceId: null, createMissing: true }] }));
    expect((await getItemMappings(handle.db, ctx.partnerId)).map((m) => [m.itemCode, m.psaServiceId])).toEqual([["local_backup_servers", null]]);
    expect((await getBillingSettings(handle.db, ctx.partnerId)).enabled).toBe(false);
  });

  it(`refuses an unknown or inactive ${word} id naming the item, and changes nothing`, async () => {
    const { ctx } = await connect();
    const { services } = await listBillingServices(handle.db, ctx.partnerId);
    const server = find(services, serverService);
    await saveBillingSettings(handle.db, ctx, form({ enabled: true, items: [{ itemCode: "local_backup_servers", psaServiceId: server.id, createMissing: true }] }));
    const before = await listItemMappings(handle.db, { partnerId: ctx.partnerId });

    const unknown = form({
      enabled: true,
      billingDay: 9,
      items: [
        { itemCode: "local_backup_servers", psaServiceId: server.id, createMissing: true },
        { itemCode: "online_backup_gb_basic", psaServiceId: "987654", createMissing: true },
      ],
    });
    await expect(saveBillingSettings(handle.db, ctx, unknown)).rejects.toThrow(
      `PSA ${word} for Online backup, Basic plan: ${psa} has no ${word} with id 987654 — retrieve the services list and pick one.`,
    );
    const inactive = form({ items: [{ itemCode: "email_archiving_mailboxes", psaServiceId: find(services, retired).id, createMissing: true }] });
    await expect(saveBillingSettings(handle.db, ctx, inactive)).rejects.toThrow(new RegExp(`^PSA ${word} for Email archiving, mailboxes: .* is inactive in ${psa}`));

    expect(await listItemMappings(handle.db, { partnerId: ctx.partnerId })).toEqual(before);
    expect((await getBillingSettings(handle.db, ctx.partnerId)).billingDay).toBe(1);
  });

  it("offers the PSA's currencies and refuses a code it does not offer (\"DOL\"), naming the ones it has", async () => {
    const { ctx, asAdmin } = await connect();
    const { currencies } = await listBillingCurrencies(handle.db, ctx.partnerId);
    expect(currencies.map((c) => c.code)).toEqual(expect.arrayContaining(["USD", "EUR", "GBP", "CAD"]));
    expect(currencies.find((c) => c.code === "EUR")).toMatchObject({ name: "Euro", isActive: true });
    if (psa === "Autotask") expect(currencies[0]).toMatchObject({ code: "USD", isDefault: true });
    await expect(asAdmin.billingSettings.save(form({ currencyCode: "dol", billingDay: 7 }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(new RegExp(`^Currency: ${psa} does not offer the currency DOL — pick one of .*USD`)),
    });
    await expect(asAdmin.billingSettings.check(form({ currencyCode: "CHF" }))).rejects.toThrow(/does not offer the currency CHF/);
    expect(await getBillingSettings(handle.db, ctx.partnerId)).toEqual(defaultBillingSettings());
    expect((await asAdmin.billingSettings.save(form({ currencyCode: "gbp" }))).settings.currencyCode).toBe("GBP");
  });

  it("checks the chosen ids in one batched query, and not at all right after a retrieve", async () => {
    const { ctx } = await connect();
    const { services } = await listBillingServices(handle.db, ctx.partnerId);
    const chosen = services.filter((s) => s.isActive).slice(0, 3);
    const input = form({ items: chosen.map((s, i) => ({ itemCode: ["local_backup_servers", "email_security_mailboxes", "online_backup_gb_basic"][i]!, psaServiceId: s.id, createMissing: true })) });
    const catalogueCalls = (log: string[]) => log.filter((p) => /Services\/query|procurement\/catalog/i.test(p));

    const afterRetrieve: string[] = [];
    await saveBillingSettings(handle.db, ctx, input, { onRequest: (e) => afterRetrieve.push(e.path) });
    expect(catalogueCalls(afterRetrieve)).toEqual([]);

    forgetCatalogue(ctx.partnerId);
    const cold: string[] = [];
    const check = await checkBillingSettings(handle.db, ctx.partnerId, input, { onRequest: (e) => cold.push(e.path) });
    expect(check).toMatchObject({ services: 3, askedPsa: 3 });
    expect(catalogueCalls(cold)).toHaveLength(1);
    // The save that follows its check reuses what the check read.
    const warm: string[] = [];
    const saved = await saveBillingSettings(handle.db, ctx, input, { onRequest: (e) => warm.push(e.path) });
    expect(catalogueCalls(warm)).toEqual([]);
    expect(saved.items.filter((i) => i.mapping?.psaServiceName).map((i) => i.mapping!.psaServiceName).sort()).toEqual(chosen.map((s) => s.name).sort());
  });

  it("refuses billing on with nothing mapped, an unknown item code, and a technician", async () => {
    const { ctx, asAdmin, asTech } = await connect();
    await expect(asAdmin.billingSettings.save(form({ enabled: true, items: [{ itemCode: "local_backup_servers", psaServiceId: null, createMissing: true }] }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(`^Billing sync on: Map at least one billable item to a PSA ${word} before turning billing sync on`),
    });
    await expect(asAdmin.billingSettings.save(form({ items: [{ itemCode: "marketplace_sku_42", psaServiceId: null, createMissing: true }] }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^Unknown billable item "marketplace_sku_42"/),
    });
    await expect(asAdmin.billingSettings.save(form({ billingDay: 31 }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(asTech.billingSettings.save(form({ billingDay: 3 }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await getBillingSettings(handle.db, ctx.partnerId)).toEqual(defaultBillingSettings());
    expect(await getItemMappings(handle.db, ctx.partnerId)).toEqual([]);
  });
});
