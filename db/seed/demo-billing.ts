import { and, eq, gte, isNull, sql } from "drizzle-orm";

import type { Db, DbOrTx } from "~/db";
import { billableItems, billingItemMappings, billingSettings, customerMappings, customers, partners, usage } from "~/db/schema";
import { type DemoBillingState, demoBillingScenario } from "~/server/sandbox/common/demo-billing";
import { AUTOTASK_DEMO_TENANT, autotaskDemoBillingState } from "~/server/sandbox/autotask";
import { CONNECTWISE_DEMO_TENANTS, connectWiseDemoBillingState } from "~/server/sandbox/connectwise";

/**
 * Demo billing: both demo partners bill through their sandbox tenant (Northwind → Autotask,
 * Contoso → ConnectWise). Per partner, once (a partner that has billing settings is left as it is):
 *   - billing settings: enabled; Northwind "threshold" 20 %, Contoso "approve"; the currency the
 *     sandbox tenant bills in (Autotask's internal currency, USD; Contoso's agreements, GBP);
 *   - an item mapping for every billable item (billable_items) to the sandbox's service / product for
 *     it, with its catalogue price and cost — ids read from the sandbox tenant's state by name;
 *   - today's usage (partner time zone, per account where the vendor reports per account) set so
 *     the vendor quantities equal what the sandbox contracts hold, except the scenario's changes
 *     (server/sandbox/common/demo-billing.ts): a first sync shows increases, decreases, one contract
 *     service / addition to create, one misconfigured customer and otherwise customers in sync.
 * The Customer Map rows themselves come from the demo's ticketing setup (same-name company, first
 * active contract); `linkDemoContractServices` adds the Autotask contract service to them.
 */
export type DemoBillingResult = { partnerSlug: string; status: "seeded" | "kept" | "skipped" | "failed"; items: number; usageRows: number; message?: string };

type Partner = { id: string; slug: string };

const PLAN: Record<string, { writeMode: "threshold" | "approve"; thresholdPercent: number }> = {
  northwind: { writeMode: "threshold", thresholdPercent: 20 },
  contoso: { writeMode: "approve", thresholdPercent: 10 },
};

const DAY = 86_400_000;

/** The sandbox state of the tenant a demo partner bills through; null for a partner without one. */
export function demoBillingStateFor(slug: string): DemoBillingState | null {
  if (slug === AUTOTASK_DEMO_TENANT.partnerSlug) return autotaskDemoBillingState();
  if (CONNECTWISE_DEMO_TENANTS.some((t) => t.partnerSlug === slug)) return connectWiseDemoBillingState(slug);
  return null;
}

function dayInZone(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

/** Splits `target` (whole units) over rows in proportion to their quantities, in cents, summing exactly to `target`. */
export function spread(quantities: number[], target: number): number[] {
  if (quantities.length === 0) return [];
  const cents = Math.round(target * 100);
  const total = quantities.reduce((s, q) => s + Math.max(0, q), 0);
  if (total <= 0) return quantities.map((_, i) => (i === 0 ? cents / 100 : 0));
  const parts = quantities.map((q) => Math.floor((Math.max(0, q) * cents) / total));
  parts[parts.length - 1] = cents - parts.slice(0, -1).reduce((s, c) => s + c, 0);
  return parts.map((c) => c / 100);
}

type UsageRow = { customerId: string; accountId: string | null; itemCode: string; quantity: number; period: string };

/**
 * Today's usage rows of a partner's customers: each customer's latest reported rows carried to
 * today, with each item's total set to what the PSA holds (or the scenario's vendor quantity).
 */
export function todaysUsage(input: {
  rows: UsageRow[];
  customers: { id: string; name: string }[];
  state: DemoBillingState;
  changes: Map<string, number>;
  today: string;
}): UsageRow[] {
  const nameOf = new Map(input.customers.map((c) => [c.id, c.name]));
  const latest = new Map<string, string>();
  for (const r of input.rows) if (r.period <= input.today && (latest.get(r.customerId) ?? "") < r.period) latest.set(r.customerId, r.period);
  const groups = new Map<string, UsageRow[]>();
  for (const r of input.rows) {
    if (latest.get(r.customerId) !== r.period) continue;
    const key = `${r.customerId}|${r.itemCode}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: UsageRow[] = [];
  for (const group of groups.values()) {
    const { customerId, itemCode } = group[0]!;
    const name = nameOf.get(customerId) ?? "";
    const target = input.changes.get(`${name}|${itemCode}`) ?? input.state.customers[name]?.items[itemCode]?.quantity;
    const sorted = [...group].sort((a, b) => (a.accountId ?? "").localeCompare(b.accountId ?? ""));
    const quantities = target === undefined ? sorted.map((r) => r.quantity) : spread(sorted.map((r) => r.quantity), target);
    sorted.forEach((r, i) => out.push({ customerId, accountId: r.accountId, itemCode, quantity: quantities[i]!, period: input.today }));
  }
  return out;
}

async function seedPartnerBilling(db: DbOrTx, partner: Partner & { timeZone: string }, state: DemoBillingState, now: Date): Promise<DemoBillingResult> {
  const plan = PLAN[partner.slug] ?? { writeMode: "approve" as const, thresholdPercent: 10 };
  const items = await db.select({ code: billableItems.code }).from(billableItems);
  const mappings = items.flatMap((item) => {
    const service = state.services[item.code];
    return service
      ? [{ partnerId: partner.id, itemCode: item.code, psaServiceId: service.id, psaServiceName: service.name, unitPrice: service.unitPrice, unitCost: service.unitCost, createMissing: true }]
      : [];
  });

  const today = dayInZone(now, partner.timeZone);
  const since = dayInZone(new Date(now.getTime() - 14 * DAY), partner.timeZone);
  const partnerCustomers = await db.select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.partnerId, partner.id));
  const rows = await db
    .select({ customerId: usage.customerId, accountId: usage.accountId, itemCode: usage.itemCode, quantity: usage.quantity, period: usage.period })
    .from(usage)
    .where(and(eq(usage.partnerId, partner.id), gte(usage.period, since)));
  const scenario = demoBillingScenario(partner.slug);
  const changes = new Map(scenario.changes.map((c) => [`${c.customer}|${c.itemCode}`, c.vendorQuantity]));
  const next = todaysUsage({ rows, customers: partnerCustomers, state, changes, today });

  const inserted = await db
    .insert(billingSettings)
    .values({
      partnerId: partner.id,
      enabled: true,
      writeMode: plan.writeMode,
      thresholdPercent: plan.thresholdPercent,
      billingDay: 1,
      updateInvoiceDescriptions: false,
      currencyCode: state.currencyCode,
      servicesRetrievedAt: now,
      updatedByUserId: null,
    })
    .onConflictDoNothing({ target: billingSettings.partnerId })
    .returning({ partnerId: billingSettings.partnerId });
  // Another seeding got there first: keep what it wrote.
  if (inserted.length === 0) return { partnerSlug: partner.slug, status: "kept", items: 0, usageRows: 0 };
  if (mappings.length > 0) {
    await db.insert(billingItemMappings).values(mappings).onConflictDoNothing({ target: [billingItemMappings.partnerId, billingItemMappings.itemCode] });
  }
  for (let i = 0; i < next.length; i += 1000) {
    await db
      .insert(usage)
      .values(next.slice(i, i + 1000).map((r) => ({ ...r, partnerId: partner.id })))
      .onConflictDoUpdate({ target: [usage.partnerId, usage.customerId, usage.accountId, usage.itemCode, usage.period], set: { quantity: sql`excluded.quantity`, updatedAt: now } });
  }
  await linkDemoContractServices(db, partner, state);
  return { partnerSlug: partner.slug, status: "seeded", items: mappings.length, usageRows: next.length };
}

/** Billing for the demo partners (see the module comment). Idempotent; one partner's failure does not stop the other. */
export async function seedDemoBilling(db: Db, list: Partner[], opts: { now?: Date } = {}): Promise<DemoBillingResult[]> {
  const now = opts.now ?? new Date();
  const results: DemoBillingResult[] = [];
  for (const p of list) {
    const [row] = await db.select({ timeZone: partners.timeZone }).from(partners).where(eq(partners.id, p.id));
    const [existing] = await db.select({ partnerId: billingSettings.partnerId }).from(billingSettings).where(eq(billingSettings.partnerId, p.id));
    const state = row ? demoBillingStateFor(p.slug) : null;
    if (!row || !state) {
      results.push({ partnerSlug: p.slug, status: "skipped", items: 0, usageRows: 0, message: "no sandbox tenant for this partner" });
      continue;
    }
    if (existing) {
      await linkDemoContractServices(db, p, state);
      results.push({ partnerSlug: p.slug, status: "kept", items: 0, usageRows: 0 });
      continue;
    }
    try {
      results.push(await db.transaction((tx) => seedPartnerBilling(tx, { ...p, timeZone: row.timeZone }, state, now)));
    } catch (err) {
      // The demo still starts; billing can be set up by hand on Integration Setup.
      results.push({ partnerSlug: p.slug, status: "failed", items: 0, usageRows: 0, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return results;
}

/**
 * Autotask: a Customer Map row that points at a customer's contract but names no contract service
 * gets the contract's online backup service (the one the vendor bills most of). No-op for
 * ConnectWise (its Customer Map has no contract service) and for rows already carrying one.
 */
export async function linkDemoContractServices(db: DbOrTx, partner: Partner, state: DemoBillingState = demoBillingStateFor(partner.slug)!): Promise<number> {
  if (!state || state.provider !== "autotask") return 0;
  const rows = await db
    .select({ id: customerMappings.id, contractId: customerMappings.psaContractId, name: customers.name })
    .from(customerMappings)
    .innerJoin(customers, eq(customers.id, customerMappings.customerId))
    .where(and(eq(customerMappings.partnerId, partner.id), isNull(customerMappings.psaContractServiceId)));
  let linked = 0;
  for (const row of rows) {
    const customer = state.customers[row.name];
    if (!customer || customer.contractId !== row.contractId) continue;
    const backup = Object.entries(customer.items).find(([item]) => item.startsWith("online_backup_gb_"))?.[1];
    if (!backup) continue;
    await db
      .update(customerMappings)
      .set({ psaContractServiceId: backup.contractServiceId, psaContractServiceName: backup.name })
      .where(and(eq(customerMappings.partnerId, partner.id), eq(customerMappings.id, row.id)));
    linked++;
  }
  return linked;
}
