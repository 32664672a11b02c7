import { labelOf } from "./picklists";
import { todayUtcMs } from "./seed-util";
import { type Row, store, type Tenant } from "./state";

/**
 * Read-only views of the sandbox for the portal's Sandbox page (demo mode): each tenant's tickets
 * with their notes, contracts (type, status, period, currency, service bundles), contract services
 * with today's units and their periods, the latest service adjustments, and configuration items —
 * what PSA Relay pushed. Plain data copies; secrets are never included.
 */
export type SandboxTenantSummary = {
  provider: "autotask";
  id: string;
  name: string;
  usernames: string[];
  counts: { companies: number; tickets: number; contracts: number; contractServices: number; adjustments: number; configurationItems: number };
};

export type AutotaskContractView = {
  id: number;
  name: string;
  companyName: string | null;
  type: string | null;
  status: string | null;
  /** Billing period label (Monthly, Quarterly, ...); null for contracts without one (Time and Materials). */
  period: string | null;
  /** The company's currency (Autotask contracts have none of their own); the internal one when it has none. */
  currency: string | null;
  startDate: string | null;
  endDate: string | null;
  contractServices: number;
  bundles: { id: number; name: string | null; unitsToday: number; services: string[] }[];
};

export type AutotaskAdjustmentView = {
  id: number;
  contractId: number;
  contractName: string | null;
  companyName: string | null;
  serviceName: string | null;
  effectiveDate: string | null;
  unitChange: number;
  adjustedUnitPrice: number | null;
  /** When the sandbox received it. */
  createdAt: string | null;
};

export type AutotaskTenantView = {
  tenant: SandboxTenantSummary;
  tickets: {
    id: number;
    ticketNumber: string;
    title: string;
    companyName: string | null;
    status: string | null;
    priority: string | null;
    queue: string | null;
    externalId: string | null;
    createdAt: string | null;
    completedAt: string | null;
    notes: { id: number; title: string; description: string; publish: string | null; createdAt: string | null }[];
  }[];
  contracts: AutotaskContractView[];
  /** Recently adjusted first, then newest. */
  contractServices: {
    id: number;
    contractId: number;
    contractName: string | null;
    companyName: string | null;
    serviceName: string | null;
    unitPrice: number | null;
    currentUnits: number;
    units: { id: number; startDate: string; endDate: string; units: number }[];
    lastAdjustment: { effectiveDate: string | null; unitChange: number; createdAt: string | null } | null;
  }[];
  /** Newest first. */
  adjustments: AutotaskAdjustmentView[];
  configurationItems: {
    id: number;
    name: string | null;
    companyName: string | null;
    type: string | null;
    serialNumber: string | null;
    referenceNumber: string | null;
    isActive: boolean;
    udfs: Record<string, string | null>;
  }[];
};

function summary(t: Tenant): SandboxTenantSummary {
  return {
    provider: "autotask",
    id: t.id,
    name: t.name,
    usernames: t.users.map((u) => u.username),
    counts: {
      companies: t.tables.Companies.size,
      tickets: t.tables.Tickets.size,
      contracts: t.tables.Contracts.size,
      contractServices: t.tables.ContractServices.size,
      adjustments: t.tables.ContractServiceAdjustments.size,
      configurationItems: t.tables.ConfigurationItems.size,
    },
  };
}

export function listSandboxTenants(): SandboxTenantSummary[] {
  return [...store().tenants.values()].map(summary);
}

export { listSandboxTenants as listAutotaskSandboxTenants };

function groupBy(rows: Row[], field: string): Map<number, Row[]> {
  const groups = new Map<number, Row[]>();
  for (const row of rows) {
    const key = Number(row[field]);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** Newest first, at most `limit` of each list. */
export function getAutotaskSandboxTenantView(tenantId: string, opts: { limit?: number } = {}): AutotaskTenantView | undefined {
  const t = store().tenants.get(tenantId);
  if (!t) return undefined;
  const limit = opts.limit ?? 200;
  const company = (id: unknown) => str(t.tables.Companies.get(Number(id))?.companyName);
  const newest = (rows: Row[]) => rows.slice(-limit).reverse();
  const today = new Date(todayUtcMs()).toISOString().slice(0, 10);

  const notesByTicket = groupBy(t.tables.TicketNotes.rows, "ticketID");
  const unitsByCs = groupBy(t.tables.ContractServiceUnits.rows, "contractServiceID");
  const adjustmentsByCs = groupBy(t.tables.ContractServiceAdjustments.rows, "contractServiceID");
  const lastAdjustment = (csId: number) => adjustmentsByCs.get(csId)?.at(-1);
  const serviceName = (id: unknown) => str(t.tables.Services.get(Number(id))?.name);
  const contractName = (id: unknown) => str(t.tables.Contracts.get(Number(id))?.contractName);
  const dateOnly = (v: unknown) => (v ? String(v).slice(0, 10) : null);

  return {
    tenant: summary(t),
    tickets: newest(t.tables.Tickets.rows).map((r) => ({
      id: r.id,
      ticketNumber: String(r.ticketNumber ?? ""),
      title: String(r.title ?? ""),
      companyName: company(r.companyID),
      status: labelOf(t, "Tickets", "status", r.status) ?? null,
      priority: labelOf(t, "Tickets", "priority", r.priority) ?? null,
      queue: labelOf(t, "Tickets", "queueID", r.queueID) ?? null,
      externalId: str(r.externalID),
      createdAt: str(r.createDate),
      completedAt: str(r.completedDate),
      notes: (notesByTicket.get(r.id) ?? []).map((n) => ({
        id: n.id,
        title: String(n.title ?? ""),
        description: String(n.description ?? ""),
        publish: labelOf(t, "TicketNotes", "publish", n.publish) ?? null,
        createdAt: str(n.createDateTime),
      })),
    })),
    contracts: contractViews(t, today).slice(0, limit),
    contractServices: [...t.tables.ContractServices.rows]
      .sort((a, b) => (lastAdjustment(b.id)?.id ?? 0) - (lastAdjustment(a.id)?.id ?? 0) || b.id - a.id)
      .slice(0, limit)
      .map((cs) => {
        const contract = t.tables.Contracts.get(Number(cs.contractID));
        const units = (unitsByCs.get(cs.id) ?? [])
          .map((u) => ({ id: u.id, startDate: String(u.startDate).slice(0, 10), endDate: String(u.endDate).slice(0, 10), units: Number(u.units) }))
          .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id - b.id);
        const last = lastAdjustment(cs.id);
        return {
          id: cs.id,
          contractId: Number(cs.contractID),
          contractName: str(contract?.contractName),
          companyName: company(contract?.companyID),
          serviceName: serviceName(cs.serviceID),
          unitPrice: typeof cs.unitPrice === "number" ? cs.unitPrice : null,
          currentUnits: units.filter((u) => u.startDate <= today && today <= u.endDate).at(-1)?.units ?? 0,
          units,
          lastAdjustment: last ? { effectiveDate: dateOnly(last.effectiveDate), unitChange: Number(last.unitChange ?? 0), createdAt: str(last._createdAt) } : null,
        };
      }),
    adjustments: newest(t.tables.ContractServiceAdjustments.rows).map((a) => ({
      id: a.id,
      contractId: Number(a.contractID),
      contractName: contractName(a.contractID),
      companyName: company(t.tables.Contracts.get(Number(a.contractID))?.companyID),
      serviceName: serviceName(a.serviceID),
      effectiveDate: dateOnly(a.effectiveDate),
      unitChange: Number(a.unitChange ?? 0),
      adjustedUnitPrice: typeof a.adjustedUnitPrice === "number" ? a.adjustedUnitPrice : null,
      createdAt: str(a._createdAt),
    })),
    configurationItems: newest(t.tables.ConfigurationItems.rows).map((ci) => ({
      id: ci.id,
      name: str(ci.referenceTitle),
      companyName: company(ci.companyID),
      type: str(t.tables.ConfigurationItemTypes.get(Number(ci.configurationItemType))?.name),
      serialNumber: str(ci.serialNumber),
      referenceNumber: str(ci.referenceNumber),
      isActive: ci.isActive !== false,
      udfs: Object.fromEntries(((ci.userDefinedFields as { name: string; value: string | null }[]) ?? []).map((u) => [u.name, u.value])),
    })),
  };
}

/** Contracts by company and name, with the labels and currency a partner checks when a sync refuses one. */
function contractViews(t: Tenant, today: string): AutotaskContractView[] {
  const internal = t.tables.Currencies.rows.find((c) => c.isInternalCurrency === true);
  const csCount = new Map<number, number>();
  for (const cs of t.tables.ContractServices.rows) csCount.set(Number(cs.contractID), (csCount.get(Number(cs.contractID)) ?? 0) + 1);
  const bundlesByContract = groupBy(t.tables.ContractServiceBundles.rows, "contractID");
  const membersByBundle = groupBy(t.tables.ServiceBundleServices.rows, "serviceBundleID");
  const bundleUnits = groupBy(t.tables.ContractServiceBundleUnits.rows, "contractServiceBundleID");
  const views = t.tables.Contracts.rows.map((c): AutotaskContractView => {
    const companyRow = t.tables.Companies.get(Number(c.companyID));
    const currency = companyRow?.currencyID ? t.tables.Currencies.get(Number(companyRow.currencyID)) : internal;
    return {
      id: c.id,
      name: String(c.contractName ?? ""),
      companyName: str(companyRow?.companyName),
      type: labelOf(t, "Contracts", "contractType", c.contractType) ?? null,
      status: labelOf(t, "Contracts", "status", c.status) ?? null,
      period: labelOf(t, "Contracts", "contractPeriodType", c.contractPeriodType) ?? null,
      currency: str(currency?.name),
      startDate: c.startDate ? String(c.startDate).slice(0, 10) : null,
      endDate: c.endDate ? String(c.endDate).slice(0, 10) : null,
      contractServices: csCount.get(c.id) ?? 0,
      bundles: (bundlesByContract.get(c.id) ?? []).map((b) => ({
        id: b.id,
        name: str(t.tables.ServiceBundles.get(Number(b.serviceBundleID))?.name),
        unitsToday:
          (bundleUnits.get(b.id) ?? [])
            .filter((u) => String(u.startDate).slice(0, 10) <= today && today <= String(u.endDate).slice(0, 10))
            .map((u) => Number(u.units ?? 0))
            .at(-1) ?? 0,
        services: (membersByBundle.get(Number(b.serviceBundleID)) ?? []).map((m) => String(t.tables.Services.get(Number(m.serviceID))?.name ?? m.serviceID)),
      })),
    };
  });
  return views.sort((a, b) => (a.companyName ?? "").localeCompare(b.companyName ?? "") || a.name.localeCompare(b.name) || a.id - b.id);
}
