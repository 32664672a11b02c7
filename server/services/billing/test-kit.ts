import { and, eq } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { billingItemMappings, billingSettings, customerMappings, usage } from "~/db/schema";
import { createAccount, createCustomer, createPartner, createUser } from "~/db/seed/factories";
import type { PsaConnectorOptions, PsaContract, PsaContractService, PsaService } from "~/server/psa/types";
import { connectorForPartner, storeConnection } from "~/server/services/psa-connections/service";
import type { TicketTenant } from "~/server/services/tickets/test-kit";

import { createRun } from "./runs";
import { type BillingDeps, executeRun } from "./sync";

/**
 * Integration-test wiring for the billing sync: a partner connected to a sandbox tenant (see the
 * ticket test kit for the sandboxes), its customers mapped to the tenant's companies and their
 * recurring contract / agreement, billing settings with three items mapped to the services the
 * contracts carry (two) and one they do not, and usage rows per account.
 */
export type BillingSetup = {
  partnerId: string;
  adminId: string;
  customers: { id: string; name: string; accountIds: string[]; contract: PsaContract; companyId: string }[];
  /** Item code → PSA service. */
  services: Map<string, PsaService>;
  items: string[];
};

export const ITEMS = ["local_backup_servers", "local_backup_non_servers", "email_security_mailboxes"] as const;

export async function setupBilling(
  db: DbOrTx,
  tenant: TicketTenant,
  opts: { customerNames: string[]; writeMode?: "automatic" | "threshold" | "approve"; thresholdPercent?: number; currencyCode?: string; contractFor?: (name: string, contracts: PsaContract[]) => PsaContract | undefined },
): Promise<BillingSetup> {
  const psa = tenant.technician;
  const partner = await createPartner(db);
  const admin = await createUser(db, { partnerId: partner.id, role: "admin", name: "Ada Admin" });
  await storeConnection(db, { partnerId: partner.id, userId: null }, { provider: psa.provider, ...tenant.connection, accountInfo: null });
  const companies = await psa.listCompanies();
  const customers: BillingSetup["customers"] = [];
  const allServices = await psa.listServices();
  let onContracts: PsaContractService[] = [];
  for (const name of opts.customerNames) {
    const company = companies.find((c) => c.name === name);
    if (!company) throw new Error(`The sandbox tenant has no company named ${name}`);
    const contracts = await psa.listContracts([company.id]);
    const contract =
      opts.contractFor?.(name, contracts) ?? contracts.find((c) => c.status === "active" && (c.kind === "recurring_service" || c.kind === "agreement"));
    if (!contract) throw new Error(`${name} has no usable contract in the sandbox`);
    const customer = await createCustomer(db, { partnerId: partner.id, name });
    const accountIds = [];
    for (let i = 0; i < 2; i++) accountIds.push((await createAccount(db, { partnerId: partner.id, customerId: customer.id, name: `${name.split(" ")[0]}-SRV0${i + 1}` })).id);
    await db.insert(customerMappings).values({
      partnerId: partner.id,
      customerId: customer.id,
      psaCompanyId: company.id,
      psaCompanyName: company.name,
      psaContractId: contract.id,
      psaContractName: contract.name,
    });
    customers.push({ id: customer.id, name, accountIds, contract, companyId: company.id });
    if (onContracts.length === 0) onContracts = await psa.listContractServices([contract.id]);
  }
  // Two items billed through services the first contract carries, one through a service it lacks.
  const carried = [...new Set(onContracts.filter((s) => !s.inBundle).map((s) => s.serviceId))];
  const active = allServices.filter((s) => s.isActive);
  const services = new Map<string, PsaService>();
  services.set(ITEMS[0], active.find((s) => s.id === carried[0])!);
  services.set(ITEMS[1], active.find((s) => s.id === carried[1]) ?? active.find((s) => !carried.includes(s.id))!);
  services.set(ITEMS[2], active.find((s) => !carried.includes(s.id) && s.id !== services.get(ITEMS[1])!.id)!);
  await db.insert(billingSettings).values({
    partnerId: partner.id,
    enabled: true,
    writeMode: opts.writeMode ?? "automatic",
    thresholdPercent: opts.thresholdPercent ?? 10,
    currencyCode: opts.currencyCode ?? "USD",
  });
  for (const [itemCode, s] of services) {
    await db.insert(billingItemMappings).values({ partnerId: partner.id, itemCode, psaServiceId: s.id, psaServiceName: s.name, unitPrice: s.unitPrice ?? null, unitCost: s.unitCost ?? null });
  }
  return { partnerId: partner.id, adminId: admin.id, customers, services, items: [...ITEMS] };
}

/** Sets a customer's usage of an item for today, split over its accounts. */
export async function setUsage(db: DbOrTx, setup: BillingSetup, customerIndex: number, itemCode: string, total: number, period = new Date().toISOString().slice(0, 10)) {
  const c = setup.customers[customerIndex]!;
  const first = Math.floor(total / 2);
  for (const [i, accountId] of c.accountIds.entries()) {
    const quantity = i === 0 ? first : total - first;
    await db
      .insert(usage)
      .values({ partnerId: setup.partnerId, customerId: c.id, accountId, itemCode, quantity, period })
      .onConflictDoUpdate({ target: [usage.partnerId, usage.customerId, usage.accountId, usage.itemCode, usage.period], set: { quantity } });
  }
}

/** What the PSA holds for a customer's item (0 when there is no contract service / addition). */
export async function psaQuantity(tenant: TicketTenant, setup: BillingSetup, customerIndex: number, itemCode: string): Promise<number> {
  const c = setup.customers[customerIndex]!;
  const service = setup.services.get(itemCode)!;
  const rows = await tenant.technician.listContractServices([c.contract.id]);
  return rows.find((r) => r.serviceId === service.id && !r.inBundle)?.quantity ?? 0;
}

export type RequestCounter = { reads: number; writes: number; reset(): void };

export function billingDeps(extra: { connector?: PsaConnectorOptions; now?: () => Date } = {}): BillingDeps & { requests: RequestCounter } {
  const requests: RequestCounter = {
    reads: 0,
    writes: 0,
    reset() {
      this.reads = 0;
      this.writes = 0;
    },
  };
  return {
    requests,
    now: extra.now,
    connectorFor: (db, partnerId) =>
      connectorForPartner(db, partnerId, {
        backoffBaseMs: 2,
        maxRetries: 2,
        timeoutMs: 5_000,
        ...extra.connector,
        onRequest: (e) => {
          // Autotask queries are POSTs to .../query; they read.
          const write = e.method !== "GET" && !/\/query(\?|$)/.test(e.path) && !e.path.includes("/query/");
          if (write) requests.writes++;
          else requests.reads++;
          extra.connector?.onRequest?.(e);
        },
      }),
  };
}

/** Runs a sync of the given customers (all mapped ones when null) in-process, like the job does. */
export async function runSync(db: DbOrTx, setup: BillingSetup, deps: BillingDeps, opts: { customerIds?: string[] | null; force?: boolean; trigger?: "manual" | "schedule" } = {}) {
  const run = await createRun(db, {
    partnerId: setup.partnerId,
    userId: setup.adminId,
    customerIds: opts.customerIds ?? null,
    trigger: opts.trigger ?? "manual",
    force: opts.force ?? true,
    customers: opts.customerIds?.length ?? setup.customers.length,
  });
  return executeRun(db, { partnerId: setup.partnerId, runId: run.id }, deps);
}

export async function setWriteMode(db: DbOrTx, setup: BillingSetup, writeMode: "automatic" | "threshold" | "approve", thresholdPercent = 10) {
  await db.update(billingSettings).set({ writeMode, thresholdPercent }).where(eq(billingSettings.partnerId, setup.partnerId));
}

export async function remapContract(db: DbOrTx, setup: BillingSetup, customerIndex: number, contract: PsaContract) {
  const c = setup.customers[customerIndex]!;
  await db
    .update(customerMappings)
    .set({ psaContractId: contract.id, psaContractName: contract.name })
    .where(and(eq(customerMappings.partnerId, setup.partnerId), eq(customerMappings.customerId, c.id)));
}
