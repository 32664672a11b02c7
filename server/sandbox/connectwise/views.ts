import { ensureDemoTenants } from "./demo";
import { agreementStatusOf } from "./resources/finance";
import { type Rec, store, findTenant } from "./state";

/**
 * Read-only views of the ConnectWise sandbox for the portal's Sandbox page (demo mode): what
 * PSA Relay pushed — tickets with their notes, agreements (type, status, billing cycle, currency),
 * agreement additions with quantities, less included and invoice descriptions, configurations.
 */
export type SandboxTenantSummary = {
  provider: "connectwise";
  /** The ConnectWise company id (login company) of the tenant. */
  id: string;
  name: string;
  codebase: string;
  counts: { companies: number; tickets: number; agreements: number; additions: number; configurations: number };
};

export type SandboxAgreementView = {
  id: number;
  name: string;
  company: string | null;
  type: string | null;
  agreementStatus: string;
  billingCycle: string | null;
  currency: string | null;
  startDate: string | null;
  additions: number;
};

export type SandboxTicketView = {
  id: number;
  summary: string;
  company: string | null;
  board: string | null;
  status: string | null;
  priority: string | null;
  externalXRef: string | null;
  closed: boolean;
  enteredAt: string | null;
  notes: Array<{ id: number; text: string; internal: boolean; createdAt: string }>;
};

export type SandboxAdditionView = {
  id: number;
  agreementId: number;
  agreement: string | null;
  company: string | null;
  agreementStatus: string;
  product: string | null;
  quantity: number;
  lessIncluded: number | null;
  unitPrice: number | null;
  invoiceDescription: string | null;
  effectiveDate: string | null;
  cancelledDate: string | null;
  lastUpdated: string | null;
};

export type SandboxConfigurationView = {
  id: number;
  name: string;
  company: string | null;
  type: string | null;
  serialNumber: string | null;
  deviceIdentifier: string | null;
  active: boolean;
  answers: Record<string, string | null>;
  lastUpdated: string | null;
};

const nameOf = (ref: unknown, key = "name"): string | null =>
  ref && typeof ref === "object" ? (((ref as Record<string, unknown>)[key] as string | undefined) ?? null) : null;
const info = (rec: Rec, key: string): string | null => nameOf(rec._info, key);
const newestFirst = (a: Rec, b: Rec) => b.id - a.id;

export function listSandboxTenants(): SandboxTenantSummary[] {
  ensureDemoTenants();
  return [...store().tenants.values()].map((t) => ({
    provider: "connectwise",
    id: t.companyId,
    name: t.companyName,
    codebase: t.codebase,
    counts: {
      companies: t.data.companies.size,
      tickets: t.data.tickets.size,
      agreements: t.data.agreements.size,
      additions: t.data.additions.size,
      configurations: t.data.configurations.size,
    },
  }));
}

export function listSandboxTickets(companyId: string, limit = 200): SandboxTicketView[] {
  const tenant = findTenant(companyId);
  if (!tenant) return [];
  const notesByTicket = new Map<number, Rec[]>();
  for (const note of tenant.data.notes.values()) {
    const list = notesByTicket.get(note.ticketId as number) ?? [];
    list.push(note);
    notesByTicket.set(note.ticketId as number, list);
  }
  return [...tenant.data.tickets.values()]
    .sort(newestFirst)
    .slice(0, limit)
    .map((t) => ({
      id: t.id,
      summary: String(t.summary),
      company: nameOf(t.company),
      board: nameOf(t.board),
      status: nameOf(t.status),
      priority: nameOf(t.priority),
      externalXRef: (t.externalXRef as string | null) ?? null,
      closed: t.closedFlag === true,
      enteredAt: info(t, "dateEntered"),
      notes: (notesByTicket.get(t.id) ?? [])
        .sort((a, b) => a.id - b.id)
        .map((n) => ({ id: n.id, text: String(n.text), internal: n.internalAnalysisFlag === true, createdAt: String(n.dateCreated) })),
    }));
}

/** Most recently changed first (what a sync just wrote on top), then newest. */
const recentlyUpdatedFirst = (a: Rec, b: Rec) => (info(b, "lastUpdated") ?? "").localeCompare(info(a, "lastUpdated") ?? "") || b.id - a.id;

export function listSandboxAgreements(companyId: string, limit = 500): SandboxAgreementView[] {
  const tenant = findTenant(companyId);
  if (!tenant) return [];
  const additions = new Map<number, number>();
  for (const a of tenant.data.additions.values()) additions.set(a.agreementId as number, (additions.get(a.agreementId as number) ?? 0) + 1);
  return [...tenant.data.agreements.values()]
    .map((a) => ({
      id: a.id,
      name: String(a.name),
      company: nameOf(a.company),
      type: nameOf(a.type),
      agreementStatus: agreementStatusOf(a),
      billingCycle: nameOf(a.billingCycle),
      currency: nameOf(a.currency, "currencyCode"),
      startDate: typeof a.startDate === "string" ? a.startDate.slice(0, 10) : null,
      additions: additions.get(a.id) ?? 0,
    }))
    .sort((a, b) => (a.company ?? "").localeCompare(b.company ?? "") || a.name.localeCompare(b.name) || a.id - b.id)
    .slice(0, limit);
}

export function listSandboxAdditions(companyId: string, limit = 500): SandboxAdditionView[] {
  const tenant = findTenant(companyId);
  if (!tenant) return [];
  return [...tenant.data.additions.values()]
    .sort(recentlyUpdatedFirst)
    .slice(0, limit)
    .map((a) => {
      const agreement = tenant.data.agreements.get(a.agreementId as number);
      return {
        id: a.id,
        agreementId: a.agreementId as number,
        agreement: agreement ? String(agreement.name) : null,
        company: agreement ? nameOf(agreement.company) : null,
        agreementStatus: agreement ? agreementStatusOf(agreement) : "Inactive",
        product: nameOf(a.product, "identifier"),
        quantity: Number(a.quantity ?? 0),
        lessIncluded: typeof a.lessIncluded === "number" ? a.lessIncluded : null,
        unitPrice: (a.unitPrice as number | null) ?? null,
        invoiceDescription: (a.invoiceDescription as string | null) ?? null,
        effectiveDate: (a.effectiveDate as string | null) ?? null,
        cancelledDate: (a.cancelledDate as string | null) ?? null,
        lastUpdated: info(a, "lastUpdated"),
      };
    });
}

export function listSandboxConfigurations(companyId: string, limit = 500): SandboxConfigurationView[] {
  const tenant = findTenant(companyId);
  if (!tenant) return [];
  return [...tenant.data.configurations.values()]
    .sort(newestFirst)
    .slice(0, limit)
    .map((c) => ({
      id: c.id,
      name: String(c.name),
      company: nameOf(c.company),
      type: nameOf(c.type),
      serialNumber: (c.serialNumber as string | null) ?? null,
      deviceIdentifier: (c.deviceIdentifier as string | null) ?? null,
      active: c.activeFlag !== false,
      answers: Object.fromEntries(
        (Array.isArray(c.questions) ? c.questions : []).map((q) => {
          const item = q as { question?: string; answer?: unknown };
          return [String(item.question), item.answer === null || item.answer === undefined ? null : String(item.answer)];
        }),
      ),
      lastUpdated: info(c, "lastUpdated"),
    }));
}

export type ConnectWiseTenantView = {
  tenant: SandboxTenantSummary;
  tickets: SandboxTicketView[];
  agreements: SandboxAgreementView[];
  additions: SandboxAdditionView[];
  configurations: SandboxConfigurationView[];
};

/** Everything the Sandbox page shows for one tenant; undefined when there is no such tenant. */
export function getConnectWiseSandboxTenantView(companyId: string, opts: { limit?: number } = {}): ConnectWiseTenantView | undefined {
  const tenant = listSandboxTenants().find((t) => t.id.toLowerCase() === companyId.trim().toLowerCase());
  if (!tenant) return undefined;
  return {
    tenant,
    tickets: listSandboxTickets(tenant.id, opts.limit),
    agreements: listSandboxAgreements(tenant.id, opts.limit),
    additions: listSandboxAdditions(tenant.id, opts.limit),
    configurations: listSandboxConfigurations(tenant.id, opts.limit),
  };
}
