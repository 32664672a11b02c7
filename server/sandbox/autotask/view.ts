import { labelOf } from "./picklists";
import { todayUtcMs } from "./seed-util";
import { type Row, store, type Tenant } from "./state";

/**
 * Read-only views of the sandbox for the portal's Sandbox page (demo mode): each tenant's tickets
 * with their notes, contract services with their units, and configuration items — what PSA Relay
 * pushed. Plain data copies; secrets are never included.
 */
export type SandboxTenantSummary = {
  provider: "autotask";
  id: string;
  name: string;
  usernames: string[];
  counts: { companies: number; tickets: number; contractServices: number; configurationItems: number };
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
  contractServices: {
    id: number;
    contractId: number;
    contractName: string | null;
    companyName: string | null;
    serviceName: string | null;
    unitPrice: number | null;
    currentUnits: number;
    units: { id: number; startDate: string; endDate: string; units: number }[];
  }[];
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
      contractServices: t.tables.ContractServices.size,
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
    contractServices: newest(t.tables.ContractServices.rows).map((cs) => {
      const contract = t.tables.Contracts.get(Number(cs.contractID));
      const units = (unitsByCs.get(cs.id) ?? [])
        .map((u) => ({ id: u.id, startDate: String(u.startDate).slice(0, 10), endDate: String(u.endDate).slice(0, 10), units: Number(u.units) }))
        .sort((a, b) => a.startDate.localeCompare(b.startDate));
      return {
        id: cs.id,
        contractId: Number(cs.contractID),
        contractName: str(contract?.contractName),
        companyName: company(contract?.companyID),
        serviceName: str(t.tables.Services.get(Number(cs.serviceID))?.name),
        unitPrice: typeof cs.unitPrice === "number" ? cs.unitPrice : null,
        currentUnits: units.find((u) => u.startDate <= today && today <= u.endDate)?.units ?? 0,
        units,
      };
    }),
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
