import { CUSTOMER_NAMES, DEMO_PARTNERS } from "~/db/seed/demo-data";
import { buildFleet, type FleetCustomer } from "~/db/seed/demo-fleet";
import { createRng } from "~/server/demo/prng";

/**
 * The billing story of the demo, shared by the sandboxes' demo tenants (what the PSA holds) and the
 * demo seed (db/seed/demo-billing.ts: the usage the vendor reports today). Both start from the demo
 * partner's fleet (db/seed/demo-fleet.ts, same seed as the demo seed), so every customer's contract
 * carries the items that customer really uses, with the quantities the vendor reports — and then a
 * few differ on purpose so a first sync has something to show:
 *   - some quantities went up or down (`changes`; the demo seed writes the vendor side),
 *   - one customer's contract lacks one item's contract service / addition (`missing`; created by the sync),
 *   - one customer's contract cannot carry billing (`misconfigured`; that customer fails with a hint),
 *   - one customer's contract bills something no item mapping explains (`orphan`).
 * Pure and deterministic: the same partner gives the same scenario in every process.
 */
export type DemoBillingProblem = "time_and_materials" | "foreign_currency";

export type DemoBillingScenario = {
  partnerSlug: string;
  /** What the PSA holds per customer (fleet order): whole units by vendor item code, items with usage only. */
  customers: { name: string; quantities: Record<string, number> }[];
  misconfigured: { customer: string; problem: DemoBillingProblem; currency?: string };
  missing: { customer: string; itemCode: string };
  orphan: { customer: string };
  /** Vendor quantities (today) that differ from what the PSA holds. */
  changes: { customer: string; itemCode: string; psaQuantity: number; vendorQuantity: number }[];
};

/**
 * What the demo seed reads from a demo tenant's state, by name (never hard-coded ids): the
 * catalogue service / product per vendor item, and per customer (by company name) its billing
 * contract with the quantities it holds by item.
 */
export type DemoBillingState = {
  provider: "autotask" | "connectwise";
  /** The currency the partner bills in: Autotask's internal currency; ConnectWise: most agreements' currency. */
  currencyCode: string;
  services: Record<string, { id: string; name: string; unitPrice: number | null; unitCost: number | null }>;
  customers: Record<
    string,
    {
      companyId: string;
      contractId: string;
      contractName: string;
      /** By vendor item code: the contract service / addition and its quantity today. */
      items: Record<string, { contractServiceId: string; name: string; quantity: number }>;
    }
  >;
};

type ChangeSpec = { item: "gb" | string; min: number; vendor: (psa: number) => number };

const SPECS: Record<string, { problem: DemoBillingProblem; currency?: string; changes: ChangeSpec[] }> = {
  // Threshold mode (20 %): small changes are applied at once, large ones wait for approval.
  northwind: {
    problem: "time_and_materials",
    changes: [
      { item: "gb", min: 50, vendor: (q) => q + Math.max(1, Math.round(q * 0.05)) },
      { item: "gb", min: 50, vendor: (q) => q - Math.max(1, Math.round(q * 0.08)) },
      { item: "email_security_mailboxes", min: 5, vendor: (q) => q + Math.ceil(q * 0.4) },
      { item: "local_backup_servers", min: 2, vendor: (q) => q - 1 },
      { item: "gb", min: 50, vendor: (q) => Math.round(q * 0.7) },
    ],
  },
  // Approval mode: every change waits for approval.
  contoso: {
    problem: "foreign_currency",
    currency: "EUR",
    changes: [
      { item: "gb", min: 50, vendor: (q) => q + Math.max(1, Math.round(q * 0.06)) },
      { item: "email_security_mailboxes", min: 5, vendor: (q) => q - 3 },
      { item: "local_backup_non_servers", min: 1, vendor: (q) => q + 2 },
    ],
  },
};

/** Whole units per vendor item code the customer uses, from its fleet accounts. */
export function fleetQuantities(customer: FleetCustomer): Record<string, number> {
  const out: Record<string, number> = {};
  const protectedGb = customer.accounts.filter((a) => a.kind === "server" || a.kind === "workstation").reduce((sum, a) => sum + a.sizeGb, 0);
  if (protectedGb > 0) out[`online_backup_gb_${customer.plan}`] = Math.ceil(protectedGb);
  if (customer.accounts.some((a) => a.kind === "appliance")) {
    const servers = customer.accounts.filter((a) => a.kind === "server").length;
    const nonServers = customer.accounts.filter((a) => a.kind === "workstation").length;
    if (servers > 0) out.local_backup_servers = servers;
    if (nonServers > 0) out.local_backup_non_servers = nonServers;
  }
  const mailboxes = customer.accounts.reduce((sum, a) => sum + a.mailboxes, 0);
  if (mailboxes > 0) {
    out.email_archiving_mailboxes = mailboxes;
    out.email_security_mailboxes = mailboxes;
  }
  return out;
}

/** The demo partner's fleet exactly as db/seed/demo.ts builds it (the fleet is the seed's first draw). */
export function demoFleet(partnerSlug: string): FleetCustomer[] {
  let offset = 0;
  for (const spec of DEMO_PARTNERS) {
    if (spec.slug === partnerSlug) return buildFleet(createRng(spec.seed), spec, CUSTOMER_NAMES.slice(offset, offset + spec.customers));
    offset += spec.customers;
  }
  throw new Error(`Unknown demo partner ${partnerSlug}`);
}

const cache = new Map<string, DemoBillingScenario>();

/** The billing scenario of a demo partner ("northwind", "contoso"). */
export function demoBillingScenario(partnerSlug: string): DemoBillingScenario {
  const hit = cache.get(partnerSlug);
  if (hit) return structuredClone(hit);
  const spec = SPECS[partnerSlug];
  if (!spec) throw new Error(`No demo billing scenario for ${partnerSlug}`);
  const customers = demoFleet(partnerSlug).map((c) => ({ name: c.name, quantities: fleetQuantities(c) }));
  const used = new Set<number>([0]); // the first customer stays plainly in sync
  const pick = (fits: (q: Record<string, number>) => boolean): number => {
    const i = customers.findIndex((c, n) => !used.has(n) && fits(c.quantities));
    if (i < 0) throw new Error(`The ${partnerSlug} demo fleet has no customer for a billing scenario`);
    used.add(i);
    return i;
  };
  const gbItem = (q: Record<string, number>) => Object.keys(q).find((k) => k.startsWith("online_backup_gb_"));

  const misconfigured = customers[pick(() => true)]!.name;
  const missing = customers[pick((q) => (q.email_archiving_mailboxes ?? 0) > 0)]!.name;
  const orphan = customers[pick(() => true)]!.name;
  const changes = spec.changes.map((c) => {
    const itemOf = (q: Record<string, number>) => (c.item === "gb" ? gbItem(q) : c.item);
    const i = pick((q) => {
      const item = itemOf(q);
      return item !== undefined && (q[item] ?? 0) >= c.min;
    });
    const customer = customers[i]!;
    const itemCode = itemOf(customer.quantities)!;
    const psaQuantity = customer.quantities[itemCode]!;
    return { customer: customer.name, itemCode, psaQuantity, vendorQuantity: Math.max(0, c.vendor(psaQuantity)) };
  });
  const scenario: DemoBillingScenario = {
    partnerSlug,
    customers,
    misconfigured: { customer: misconfigured, problem: spec.problem, ...(spec.currency ? { currency: spec.currency } : {}) },
    missing: { customer: missing, itemCode: "email_archiving_mailboxes" },
    orphan: { customer: orphan },
    changes,
  };
  cache.set(partnerSlug, scenario);
  return structuredClone(scenario);
}
