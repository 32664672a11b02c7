import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureCustomer, getCustomerMapping } from "~/db/queries/customer-map";
import { createCustomer, createPartner, createUser } from "~/db/seed/factories";
import { AppError } from "~/server/errors/app-error";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { autotaskZoneDiscoveryUrl, handleAutotaskSandbox, seedAutotaskTenant } from "~/server/sandbox/autotask";
import { getTenant } from "~/server/sandbox/autotask/state";
import { handleConnectWiseSandbox, seedConnectWiseTenant } from "~/server/sandbox/connectwise";
import { testAndSaveConnection } from "~/server/services/psa-connections/service";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { createTestDatabase } from "~/server/testing/test-db";

import { importCompany, importedVendorCustomerId, importUnmappedBatch } from "./import";
import { acceptSuggestions, contractServicesOf, contractsOfCompany, listCustomerMapPage, mapCustomer, searchCompanies, suggestMappings, unmapCustomer } from "./service";

/** The Customer Map against both PSA sandboxes served over real HTTP. */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let at: Awaited<ReturnType<typeof serveFetchHandler>>;
let cw: Awaited<ReturnType<typeof serveFetchHandler>>;

const NAMES = ["Acme Dental Partners", "Cobalt Engineering", "Hillside Veterinary", "Juniper Real Estate"];
const domainOf = (name: string) => `${name.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example`;

beforeAll(async () => {
  handle = await createTestDatabase();
  at = await serveFetchHandler(handleAutotaskSandbox);
  cw = await serveFetchHandler(handleConnectWiseSandbox);
});
afterAll(async () => {
  await at?.close();
  await cw?.close();
  await handle?.close();
});

async function connected(provider: "autotask" | "connectwise") {
  const partner = await createPartner(handle.db);
  const user = await createUser(handle.db, { partnerId: partner.id, role: "admin" });
  const ctx = { partnerId: partner.id, userId: user.id };
  let nonCustomerCompanyId: string | null = null;
  if (provider === "autotask") {
    const tenant = seedAutotaskTenant({ customerNames: NAMES });
    const prospect = getTenant(tenant.tenantId)!.tables.Companies.rows.find((r) => r.companyName === "Fabrikam Prospects Ltd");
    nonCustomerCompanyId = String(prospect!.id);
    const saved = await testAndSaveConnection(handle.db, ctx, {
      provider,
      username: tenant.credentials.username,
      secret: tenant.credentials.secret,
      integrationCode: tenant.credentials.integrationCode,
      zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(at.url),
    });
    expect(saved.ok).toBe(true);
  } else {
    const tenant = seedConnectWiseTenant({ customers: NAMES.map((name) => ({ name, domain: domainOf(name) })) });
    const saved = await testAndSaveConnection(handle.db, ctx, {
      provider,
      siteUrl: `${cw.url}/sandbox/connectwise`,
      companyId: tenant.companyId,
      publicKey: tenant.publicKey,
      privateKey: tenant.privateKey,
      clientId: tenant.clientId,
    });
    expect(saved.ok).toBe(true);
  }
  return { ctx, nonCustomerCompanyId };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function company(partnerId: string, name: string) {
  const { companies } = await searchCompanies(handle.db, partnerId, { search: name, limit: 10 });
  const found = companies.find((c) => c.name === name);
  expect(found, name).toBeDefined();
  return found!;
}

describe.each(["autotask", "connectwise"] as const)("Customer Map with %s", (provider) => {
  it("maps with checked ids, shows what changed, remaps and unmaps", async () => {
    const { ctx } = await connected(provider);
    const customer = await createCustomer(handle.db, { partnerId: ctx.partnerId, name: "Acme Dental" });
    const acme = await company(ctx.partnerId, "Acme Dental Partners");
    const cobalt = await company(ctx.partnerId, "Cobalt Engineering");
    const contracts = await contractsOfCompany(handle.db, ctx.partnerId, acme.id);
    expect(contracts.length).toBeGreaterThan(0);
    const contract = contracts[0]!;
    const services = await contractServicesOf(handle.db, ctx.partnerId, contract.id);
    if (provider === "autotask") expect(services.length).toBeGreaterThan(0);
    else expect(services).toEqual([]);
    const service = services[0];

    const first = await mapCustomer(handle.db, ctx, { customerId: customer.id, companyId: acme.id, contractId: contract.id, contractServiceId: service?.id });
    expect(first.changes).toEqual(
      expect.arrayContaining([{ customerId: customer.id, customerName: "Acme Dental", field: "Company", before: null, after: `Acme Dental Partners (${acme.id})` }]),
    );
    expect(first.changes.find((c) => c.field === "Contract")?.after).toBe(`${contract.name} (${contract.id})`);
    const stored = await getCustomerMapping(handle.db, { partnerId: ctx.partnerId, customerId: customer.id });
    expect(stored).toMatchObject({ psaCompanyId: acme.id, psaCompanyName: "Acme Dental Partners", psaContractId: contract.id, psaContractServiceId: service?.id ?? null });

    // A contract of another company, a company id that does not exist, garbage: all refused, nothing changed.
    const cobaltContract = (await contractsOfCompany(handle.db, ctx.partnerId, cobalt.id))[0]!;
    expect((await rejection(mapCustomer(handle.db, ctx, { customerId: customer.id, companyId: acme.id, contractId: cobaltContract.id }))).message).toMatch(
      /belongs to another company/,
    );
    const missing = await rejection(mapCustomer(handle.db, ctx, { customerId: customer.id, companyId: "987654" }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.message).toMatch(/no company with id 987654/);
    expect(await getCustomerMapping(handle.db, { partnerId: ctx.partnerId, customerId: customer.id })).toMatchObject({ psaCompanyId: acme.id });

    const second = await mapCustomer(handle.db, ctx, { customerId: customer.id, companyId: cobalt.id });
    expect(second.changes.find((c) => c.field === "Company")).toMatchObject({ before: `Acme Dental Partners (${acme.id})`, after: `Cobalt Engineering (${cobalt.id})` });
    expect(second.changes.find((c) => c.field === "Contract")).toMatchObject({ before: `${contract.name} (${contract.id})`, after: null });

    const page = await listCustomerMapPage(handle.db, ctx.partnerId, { onlyUnmapped: false, search: "acme", page: 1, pageSize: 10 });
    expect(page.items).toEqual([expect.objectContaining({ id: customer.id, psaCompanyId: cobalt.id })]);
    expect((await listCustomerMapPage(handle.db, ctx.partnerId, { onlyUnmapped: true, page: 1, pageSize: 10 })).total).toBe(0);

    const removed = await unmapCustomer(handle.db, ctx, { customerId: customer.id });
    expect(removed.removed).toBe(true);
    expect(removed.changes.find((c) => c.field === "Company")).toMatchObject({ before: `Cobalt Engineering (${cobalt.id})`, after: null });
    expect(await getCustomerMapping(handle.db, { partnerId: ctx.partnerId, customerId: customer.id })).toBeNull();
    expect((await listCustomerMapPage(handle.db, ctx.partnerId, { onlyUnmapped: true, page: 1, pageSize: 10 })).total).toBe(1);
  });

  it("an id typed by hand is checked; Autotask refuses a company that is not a Customer", async () => {
    const { ctx, nonCustomerCompanyId } = await connected(provider);
    const acme = await company(ctx.partnerId, "Acme Dental Partners");
    const byId = await searchCompanies(handle.db, ctx.partnerId, { search: acme.id, limit: 10 });
    expect(byId.companies[0]).toMatchObject({ id: acme.id, name: "Acme Dental Partners" });
    const unknown = await searchCompanies(handle.db, ctx.partnerId, { search: "987654", limit: 10 });
    expect(unknown.companies).toEqual([]);
    expect(unknown.idMessage).toMatch(/no company with id 987654/);
    if (provider !== "autotask") return;

    const customer = await createCustomer(handle.db, { partnerId: ctx.partnerId });
    const err = await rejection(mapCustomer(handle.db, ctx, { customerId: customer.id, companyId: nonCustomerCompanyId! }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(/Fabrikam Prospects Ltd .* type Prospect; only companies of type Customer/);
    expect(await getCustomerMapping(handle.db, { partnerId: ctx.partnerId, customerId: customer.id })).toBeNull();
    expect((await searchCompanies(handle.db, ctx.partnerId, { search: "Fabrikam", limit: 10 })).companies).toEqual([]);
    expect((await searchCompanies(handle.db, ctx.partnerId, { search: nonCustomerCompanyId!, limit: 10 })).idMessage).toMatch(/type Customer/);
    await expect(importCompany(handle.db, ctx, { companyId: nonCustomerCompanyId! })).rejects.toThrow(/type Customer/);
  });

  it("suggests by exact name, domain and fuzzy name and accepts them one by one or in bulk", async () => {
    const { ctx } = await connected(provider);
    const exact = await createCustomer(handle.db, { partnerId: ctx.partnerId, name: "ACME dental partners.", domain: null });
    const byDomain = await createCustomer(handle.db, { partnerId: ctx.partnerId, name: "HV Clinic", domain: `it@${domainOf("Hillside Veterinary")}` });
    const fuzzy = await createCustomer(handle.db, { partnerId: ctx.partnerId, name: "Cobolt Engineering Ltd", domain: null });
    const none = await createCustomer(handle.db, { partnerId: ctx.partnerId, name: "Zzyzx Unrelated", domain: "zzyzx.example" });

    const { items } = await suggestMappings(handle.db, ctx.partnerId, {});
    const best = Object.fromEntries(items.map((i) => [i.customerId, i.candidates[0]!]));
    expect(best[exact.id]).toMatchObject({ companyName: "Acme Dental Partners", reason: "exact_name" });
    expect(best[byDomain.id]).toMatchObject({ companyName: "Hillside Veterinary", reason: "domain" });
    expect(best[fuzzy.id]).toMatchObject({ companyName: "Cobalt Engineering", reason: "fuzzy_name" });
    expect(best[none.id]).toBeUndefined();

    const one = await acceptSuggestions(handle.db, ctx, { items: [{ customerId: exact.id, companyId: best[exact.id]!.companyId }] });
    expect(one).toMatchObject({ mapped: 1, skipped: [] });
    expect((await suggestMappings(handle.db, ctx.partnerId, {})).items.map((i) => i.customerId)).not.toContain(exact.id);

    const bulk = await acceptSuggestions(handle.db, ctx, {
      items: [exact, byDomain, fuzzy].map((c) => ({ customerId: c.id, companyId: best[c.id]!.companyId })),
    });
    expect(bulk.mapped).toBe(2);
    expect(bulk.skipped).toEqual([expect.objectContaining({ customerId: exact.id })]);
    expect(await getCustomerMapping(handle.db, { partnerId: ctx.partnerId, customerId: fuzzy.id })).toMatchObject({ psaCompanyName: "Cobalt Engineering", source: "suggested" });
    // Accepting fills the company's single active recurring contract / agreement too, so billing does not skip the customer.
    for (const accepted of [exact, byDomain, fuzzy]) {
      const mapping = (await getCustomerMapping(handle.db, { partnerId: ctx.partnerId, customerId: accepted.id }))!;
      const billable = (await contractsOfCompany(handle.db, ctx.partnerId, mapping.psaCompanyId)).filter(
        (c) => c.status === "active" && (c.kind === "recurring_service" || c.kind === "agreement"),
      );
      expect(billable, mapping.psaCompanyName).toHaveLength(1);
      expect(mapping).toMatchObject({ psaContractId: billable[0]!.id, psaContractName: billable[0]!.name });
    }
    expect(bulk.changes.filter((c) => c.field === "Contract")).toHaveLength(2);
    expect(bulk.missing).toEqual([]);
    expect((await listCustomerMapPage(handle.db, ctx.partnerId, { onlyUnmapped: false, onlyProblems: true, page: 1, pageSize: 50 })).items.map((r) => r.id)).toEqual([none.id]);
    const unknown = await acceptSuggestions(handle.db, ctx, { items: [{ customerId: none.id, companyId: "987654" }] });
    expect(unknown.mapped).toBe(0);
    expect(unknown.skipped[0]?.reason).toMatch(/no longer offered/);
    expect(await getCustomerMapping(handle.db, { partnerId: ctx.partnerId, customerId: none.id })).toBeNull();
  });

  it("flags a mapping without a contract, and leaves the contract empty with a note when the company has several", async () => {
    const { ctx } = await connected(provider);
    const juniper = await company(ctx.partnerId, "Juniper Real Estate");
    const contracts = await contractsOfCompany(handle.db, ctx.partnerId, juniper.id);
    const noContract = await createCustomer(handle.db, { partnerId: ctx.partnerId, name: "Juniper (no contract)" });
    await mapCustomer(handle.db, ctx, { customerId: noContract.id, companyId: juniper.id });
    const withContract = await createCustomer(handle.db, { partnerId: ctx.partnerId, name: "Juniper (contract)" });
    await mapCustomer(handle.db, ctx, { customerId: withContract.id, companyId: juniper.id, contractId: contracts[0]!.id });
    const problems = await listCustomerMapPage(handle.db, ctx.partnerId, { onlyUnmapped: false, onlyProblems: true, page: 1, pageSize: 50 });
    expect(problems.items.map((r) => r.id)).toEqual([noContract.id]);

    // A second active recurring contract / agreement: accepting cannot pick one, and says so.
    const { connectorForPartner } = await import("~/server/services/psa-connections/service");
    const all = await (await connectorForPartner(handle.db, ctx.partnerId))!.listContracts([juniper.id]);
    const { pickContract } = await import("./contract-pick");
    const second = await createCustomer(handle.db, { partnerId: ctx.partnerId, name: "Juniper Real Estate" });
    const result = await acceptSuggestions(handle.db, ctx, { items: [{ customerId: second.id, companyId: juniper.id }] });
    const pick = pickContract(all, juniper.id);
    if (pick.kind === "picked") expect(result.missing).toEqual([]);
    else expect(result.missing).toEqual([expect.objectContaining({ customerId: second.id, reason: expect.stringMatching(/billing skips this customer/) })]);
  });

  it("Import one company hides companies already mapped and refuses one, so no duplicate customer is created", async () => {
    const { ctx } = await connected(provider);
    const acme = await company(ctx.partnerId, "Acme Dental Partners");
    const existing = await createCustomer(handle.db, { partnerId: ctx.partnerId, name: "Acme (vendor side)" });
    await mapCustomer(handle.db, ctx, { customerId: existing.id, companyId: acme.id });

    const offered = await searchCompanies(handle.db, ctx.partnerId, { search: "Acme", limit: 10, excludeMapped: true });
    expect(offered.companies.map((c) => c.id)).not.toContain(acme.id);
    expect(offered.hiddenMapped).toBe(1);
    expect((await searchCompanies(handle.db, ctx.partnerId, { search: acme.id, limit: 10, excludeMapped: true })).idMessage).toMatch(
      /already mapped to customer Acme \(vendor side\)/,
    );
    // The mapping editor still offers it (two vendor customers may share a company).
    expect((await searchCompanies(handle.db, ctx.partnerId, { search: "Acme", limit: 10 })).companies.map((c) => c.id)).toContain(acme.id);

    const before = await listCustomerMapPage(handle.db, ctx.partnerId, { onlyUnmapped: false, page: 1, pageSize: 50 });
    const err = await rejection(importCompany(handle.db, ctx, { companyId: acme.id }));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toMatch(/already mapped to customer Acme \(vendor side\).*duplicate customer/);
    expect((await listCustomerMapPage(handle.db, ctx.partnerId, { onlyUnmapped: false, page: 1, pageSize: 50 })).total).toBe(before.total);
  });

  it("imports one company, and all unmapped companies in chunks without duplicates on retry", async () => {
    const { ctx } = await connected(provider);
    const acme = await company(ctx.partnerId, "Acme Dental Partners");
    const one = await importCompany(handle.db, ctx, { companyId: acme.id });
    expect(one).toMatchObject({ created: true, mapped: true });
    expect(one.customer).toMatchObject({ vendorCustomerId: importedVendorCustomerId(provider, acme.id), name: "Acme Dental Partners", domain: domainOf("Acme Dental Partners") });
    expect(one.changes[0]).toMatchObject({ field: "Company", before: null, after: `Acme Dental Partners (${acme.id})` });
    const again = await importCompany(handle.db, ctx, { companyId: acme.id });
    expect(again).toMatchObject({ created: false, mapped: false, changes: [] });
    expect(again.customer.id).toBe(one.customer.id);

    // A customer already mapped to Hillside: Hillside is not "unmapped" and is not imported.
    const hillside = await company(ctx.partnerId, "Hillside Veterinary");
    const own = await createCustomer(handle.db, { partnerId: ctx.partnerId, name: "Our Hillside" });
    await mapCustomer(handle.db, ctx, { customerId: own.id, companyId: hillside.id });
    // A failure half-way through an earlier run: the customer exists but its mapping was never written.
    const cobalt = await company(ctx.partnerId, "Cobalt Engineering");
    const half = await ensureCustomer(handle.db, { partnerId: ctx.partnerId, vendorCustomerId: importedVendorCustomerId(provider, cobalt.id), name: "Cobalt Engineering", domain: null });

    const firstChunk = await importUnmappedBatch(handle.db, ctx, { batchSize: 1 });
    expect(firstChunk.processed).toBe(1);
    const total = firstChunk.processed + firstChunk.remaining;
    let remaining = firstChunk.remaining;
    let rounds = 0;
    while (remaining > 0 && rounds++ < 20) remaining = (await importUnmappedBatch(handle.db, ctx, { batchSize: 2 })).remaining;
    expect(remaining).toBe(0);
    const rerun = await importUnmappedBatch(handle.db, ctx, { batchSize: 2 });
    expect(rerun).toMatchObject({ processed: 0, remaining: 0, created: 0 });

    const all = await listCustomerMapPage(handle.db, ctx.partnerId, { onlyUnmapped: false, page: 1, pageSize: 200 });
    const imported = all.items.filter((c) => c.vendorCustomerId.startsWith(`psa-${provider}-`));
    expect(new Set(imported.map((c) => c.vendorCustomerId)).size).toBe(imported.length);
    expect(imported.every((c) => c.psaCompanyId && c.vendorCustomerId === importedVendorCustomerId(provider, c.psaCompanyId))).toBe(true);
    expect(imported.map((c) => c.name)).toEqual(expect.arrayContaining(["Acme Dental Partners", "Cobalt Engineering", "Juniper Real Estate"]));
    expect(imported.map((c) => c.name)).not.toContain("Hillside Veterinary");
    expect(imported).toHaveLength(total + 1);
    expect(imported.find((c) => c.name === "Cobalt Engineering")?.id).toBe(half.customer.id);
    // Autotask offers only Customer companies; ConnectWise's own company (Owner) and vendors are never imported.
    expect(imported.map((c) => c.name)).not.toEqual(expect.arrayContaining([expect.stringMatching(/Fabrikam|Northwind Backup|Northbridge|PSA Relay Test MSP|Sandbox Managed/)]));
    expect(all.items.filter((c) => c.psaCompanyId === null)).toEqual([]);

  });

  it("through the router: technicians read the map and PSA lists but cannot change a mapping", async () => {
    const { ctx } = await connected(provider);
    const customer = await createCustomer(handle.db, { partnerId: ctx.partnerId, name: "Juniper RE" });
    const tech = await createUser(handle.db, { partnerId: ctx.partnerId, role: "technician" });
    const asTech = createCaller(await createTRPCContext({ session: { user: { id: tech.id } }, db: handle.db }));
    const asAdmin = createCaller(await createTRPCContext({ session: { user: { id: ctx.userId } }, db: handle.db }));
    expect(await asTech.customerMap.status()).toEqual({ provider, canEdit: false });
    const { companies } = await asTech.customerMap.searchCompanies({ search: "Juniper" });
    const juniper = companies.find((c) => c.name === "Juniper Real Estate")!;
    expect(juniper).toBeDefined();
    await expect(asTech.customerMap.map({ customerId: customer.id, companyId: juniper.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asTech.customerMap.importUnmapped({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const saved = await asAdmin.customerMap.map({ customerId: customer.id, companyId: juniper.id });
    expect(saved.changes[0]).toMatchObject({ field: "Company", after: `Juniper Real Estate (${juniper.id})` });
    expect((await asTech.customerMap.get({ customerId: customer.id })).psaCompanyName).toBe("Juniper Real Estate");
    await expect(asTech.customerMap.unmap({ customerId: customer.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asAdmin.customerMap.map({ customerId: customer.id, companyId: "abc" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
