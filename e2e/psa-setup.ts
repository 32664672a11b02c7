import type { DbHandle } from "~/db";
import { createCustomer as createCustomerRow, createAccount } from "~/db/seed/factories";
import { listBillingServices, saveBillingSettings } from "~/server/services/billing/settings";
import { contractsOfCompany, mapCustomer, searchCompanies } from "~/server/services/customer-map/service";
import { createRule } from "~/server/services/notifications/rules";
import { storeConnection } from "~/server/services/psa-connections/service";

import type { E2EPartner } from "./fixtures";
import type { AutotaskTenant, ConnectWiseTenant } from "./sandbox-tenants";

/**
 * Set-up a flow needs but does not test, done through the same services the pages call, on a
 * direct connection to the e2e database: the PSA connection, billing settings, a customer and its
 * mapping, a notification rule. The UI of each of these is covered by its own flow
 * (integration-setup, the ConnectWise billing and ticketing flows); seeding them here keeps the
 * other flows at seconds on a busy machine. Every call talks to the sandbox over HTTP like the
 * portal does, and throws on failure.
 */
type Db = DbHandle["db"];

const ctxOf = (partner: E2EPartner) => ({ partnerId: partner.id, userId: partner.admin.id });

export async function connectAutotask(db: Db, partner: E2EPartner, tenant: AutotaskTenant, baseURL: string): Promise<void> {
  const zoneDiscoveryUrl = `${baseURL}/sandbox/autotask/atservicesrest`;
  await storeConnection(db, ctxOf(partner), {
    provider: "autotask",
    settings: { username: tenant.credentials.username, integrationCode: tenant.credentials.integrationCode, zoneDiscoveryUrl },
    secrets: { secret: tenant.credentials.secret },
    accountInfo: { provider: "autotask", name: tenant.name, baseUrl: zoneDiscoveryUrl, details: {} },
  });
}

export async function connectConnectWise(db: Db, partner: E2EPartner, tenant: ConnectWiseTenant, baseURL: string): Promise<void> {
  const siteUrl = `${baseURL}/sandbox/connectwise`;
  await storeConnection(db, ctxOf(partner), {
    provider: "connectwise",
    settings: { siteUrl, companyId: tenant.companyId, publicKey: tenant.publicKey, clientId: tenant.clientId, managementSolutionName: "PSA Relay E2E" },
    secrets: { privateKey: tenant.privateKey },
    accountInfo: { provider: "connectwise", name: tenant.companyName, baseUrl: siteUrl, details: {} },
  });
}

/** Billing settings as the form saves them: each item code → the PSA service / product of that name. */
export async function configureBilling(
  db: Db,
  partner: E2EPartner,
  opts: { mappings: [itemCode: string, serviceName: string][]; writeMode: "automatic" | "threshold" | "approve"; currencyCode?: string },
): Promise<void> {
  const { services } = await listBillingServices(db, partner.id);
  const items = opts.mappings.map(([itemCode, serviceName]) => {
    const service = services.find((s) => s.name === serviceName);
    if (!service) throw new Error(`The sandbox has no service "${serviceName}" (has: ${services.map((s) => s.name).join(", ")}).`);
    return { itemCode, psaServiceId: service.id, createMissing: true };
  });
  await saveBillingSettings(db, ctxOf(partner), {
    enabled: true,
    writeMode: opts.writeMode,
    thresholdPercent: 10,
    billingDay: 1,
    currencyCode: opts.currencyCode ?? "USD",
    updateInvoiceDescriptions: false,
    items,
  });
}

/** A vendor customer with one server account (as the ingest API stores them). */
export async function createCustomerWithServer(db: Db, partner: E2EPartner, input: { vendorId: string; name: string; accountNumber: string; accountName: string }) {
  const customer = await createCustomerRow(db, { partnerId: partner.id, vendorCustomerId: input.vendorId, name: input.name });
  const account = await createAccount(db, {
    partnerId: partner.id,
    customerId: customer.id,
    accountNumber: input.accountNumber,
    kind: "server",
    name: input.accountName,
  });
  return { customer, account };
}

/** Customer Map: the customer → the PSA company of `companyName` and (when it has one) its "Managed Services" contract. */
export async function mapToCompany(db: Db, partner: E2EPartner, customerId: string, companyName: string): Promise<{ contractName: string | null }> {
  const { companies } = await searchCompanies(db, partner.id, { search: companyName, limit: 5 });
  const company = companies.find((c) => c.name === companyName);
  if (!company) throw new Error(`The sandbox has no company "${companyName}".`);
  const contract = (await contractsOfCompany(db, partner.id, company.id)).find((c) => c.name.includes("Managed Services")) ?? null;
  await mapCustomer(db, ctxOf(partner), { customerId, companyId: company.id, contractId: contract?.id ?? null });
  return { contractName: contract?.name ?? null };
}

/** Partner Notifications: an "Open a ticket" rule with the defaults (all types, warning and error). */
export async function createTicketRule(db: Db, partner: E2EPartner, name: string): Promise<void> {
  await createRule(db, partner.id, { name, action: "ticket" });
}
