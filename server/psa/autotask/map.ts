import { PsaError } from "../errors";
import type {
  PsaCompany,
  PsaConfigurationItem,
  PsaConfigurationItemInput,
  PsaContract,
  PsaContractService,
  PsaNoteInput,
  PsaQuantityChange,
  PsaRef,
  PsaService,
  PsaTicket,
  PsaTicketInput,
  PsaTicketUpdate,
  PsaUdfDefinition,
} from "../types";

import type {
  AtCompany,
  AtConfigurationItem,
  AtContract,
  AtContractService,
  AtContractServiceBundle,
  AtContractServiceUnit,
  AtCurrency,
  AtPicklistValue,
  AtService,
  AtTicket,
  AtUdfInfo,
} from "./schemas";

/**
 * Pure Autotask ⇄ domain mapping. Labels come from the tenant's picklists (passed in), never from
 * hard-coded ids. Datetimes are UTC (values without an offset are read as UTC); date-only values
 * are sent as midnight of that day, never shifted.
 */
export const TITLE_MAX = 255;
export const DESCRIPTION_MAX = 8000;
export const NOTE_MAX = 32000;
export const EXTERNAL_ID_MAX = 50;

const str = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

/** Normalises an Autotask datetime to ISO-8601 UTC with Z. */
export function dateTimeOut(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) || value.length === 10 ? value : `${value}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export const dateOnlyOut = (value: string | null | undefined): string | null => (value ? value.slice(0, 10) : null);

/** Autotask datetime for a Date, without milliseconds. */
export const dateTimeIn = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

export const dateOnlyIn = (day: string) => `${day}T00:00:00Z`;

export function picklistToRefs(values: AtPicklistValue[], closedLabels: string[] = []): PsaRef[] {
  const closed = closedLabels.map((l) => l.toLowerCase());
  return [...values]
    .sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0))
    .map((p) => ({
      id: p.value,
      name: p.label,
      isActive: p.isActive !== false,
      isDefault: p.isDefaultValue === true,
      parentId: p.parentValue ?? null,
      sortOrder: p.sortOrder ?? undefined,
      ...(closedLabels.length > 0 ? { isClosed: closed.includes(p.label.trim().toLowerCase()) } : {}),
    }));
}

export function mapCompany(c: AtCompany, typeLabels: Map<string, string>): PsaCompany {
  return {
    id: String(c.id),
    name: c.companyName ?? "",
    number: c.companyNumber ?? null,
    isActive: c.isActive !== false,
    typeLabel: c.companyType === null || c.companyType === undefined ? null : (typeLabels.get(String(c.companyType)) ?? null),
    phone: c.phone ?? null,
    webAddress: c.webAddress ?? null,
  };
}

export type ContractLabels = { types: Map<string, string>; statuses: Map<string, string>; periods: Map<string, string> };

export function mapContract(c: AtContract, labels: ContractLabels, today: string): PsaContract {
  const typeLabel = labels.types.get(String(c.contractType)) ?? "";
  const statusLabel = (labels.statuses.get(String(c.status)) ?? "").toLowerCase();
  const endDate = dateOnlyOut(c.endDate);
  let status: PsaContract["status"] = "inactive";
  if (statusLabel.includes("cancel")) status = "cancelled";
  else if (statusLabel === "active") status = endDate && endDate < today ? "expired" : "active";
  const period = labels.periods.get(String(c.contractPeriodType));
  return {
    id: String(c.id),
    companyId: str(c.companyID) ?? "",
    name: c.contractName ?? "",
    number: c.contractNumber ?? null,
    kind: typeLabel.trim().toLowerCase() === "recurring service" ? "recurring_service" : "other",
    typeLabel,
    status,
    startDate: dateOnlyOut(c.startDate),
    endDate,
    periodType: period ? period.toLowerCase() : null,
    currencyCode: null,
  };
}

export function mapService(s: AtService, periodLabels: Map<string, string>): PsaService {
  const period = periodLabels.get(String(s.periodType));
  return {
    id: String(s.id),
    name: s.name ?? "",
    description: s.description ?? null,
    unitPrice: s.unitPrice ?? null,
    unitCost: s.unitCost ?? null,
    periodType: period ? period.toLowerCase() : null,
    isActive: s.isActive !== false,
  };
}

type UnitRow = { startDate?: string | null; endDate?: string | null; units?: number | null };

/** Units per key on `day` (rows with startDate ≤ day ≤ endDate; the latest start wins). */
function latestUnits<R extends UnitRow>(rows: R[], keyOf: (row: R) => number | null | undefined, day: string): Map<number, number> {
  const best = new Map<number, { start: string; units: number }>();
  for (const u of rows) {
    const key = keyOf(u);
    const start = dateOnlyOut(u.startDate);
    const end = dateOnlyOut(u.endDate);
    if (key === null || key === undefined || !start || !end) continue;
    if (start > day || end < day) continue;
    const current = best.get(key);
    if (!current || start > current.start) best.set(key, { start, units: u.units ?? 0 });
  }
  return new Map([...best].map(([id, v]) => [id, v.units]));
}

/** Units per contract service on `day`. */
export function unitsOn(units: AtContractServiceUnit[], day: string): Map<number, number> {
  return latestUnits(units, (u) => u.contractServiceID, day);
}

/** Units per contract service bundle on `day`. */
export function bundleUnitsOn(units: { contractServiceBundleID?: number | null; startDate?: string | null; endDate?: string | null; units?: number | null }[], day: string): Map<number, number> {
  return latestUnits(units, (u) => u.contractServiceBundleID, day);
}

/** A service inside a service bundle of the contract: its units are the bundle's (Autotask changes them as a whole). */
export function mapBundledService(bundle: AtContractServiceBundle, serviceId: number, bundleUnits: Map<number, number>): PsaContractService {
  return {
    id: `bundle:${bundle.id}:${serviceId}`,
    contractId: str(bundle.contractID) ?? "",
    serviceId: String(serviceId),
    serviceName: null,
    quantity: bundleUnits.get(bundle.id) ?? 0,
    // The bundle's price covers all its services: no per-service price to value a difference with.
    unitPrice: null,
    unitCost: null,
    invoiceDescription: bundle.invoiceDescription ?? null,
    inBundle: true,
  };
}

/** ISO code of an Autotask currency (its name, e.g. "EUR"). */
export function currencyCodeOf(currency: AtCurrency | undefined): string | null {
  const name = currency?.name?.trim();
  if (!name) return null;
  return /^[a-z]{3}$/i.test(name) ? name.toUpperCase() : name;
}

export function mapContractService(cs: AtContractService, units: Map<number, number>): PsaContractService {
  return {
    id: String(cs.id),
    contractId: str(cs.contractID) ?? "",
    serviceId: str(cs.serviceID) ?? "",
    serviceName: null,
    quantity: units.get(cs.id) ?? 0,
    unitPrice: cs.unitPrice ?? null,
    unitCost: cs.unitCost ?? null,
    invoiceDescription: cs.invoiceDescription ?? null,
    inBundle: false,
  };
}

export function mapTicket(t: AtTicket): PsaTicket {
  return {
    id: String(t.id),
    number: t.ticketNumber ?? String(t.id),
    title: t.title ?? "",
    companyId: str(t.companyID) ?? "",
    queueId: str(t.queueID),
    statusId: str(t.status) ?? "",
    priorityId: str(t.priority),
    assigneeId: str(t.assignedResourceID),
    externalRef: t.externalID ?? null,
    createdAt: dateTimeOut(t.createDate),
    lastActivityAt: dateTimeOut(t.lastActivityDate),
    completedAt: dateTimeOut(t.completedDate),
  };
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function invalid(message: string, operation: string): PsaError {
  return new PsaError({ kind: "invalid", provider: "autotask", message, operation });
}

/** Ids must already be Autotask integers (see query.toAutotaskId). */
export type TicketIds = { companyID: number; queueID: number; status: number; priority: number; issueType?: number; subIssueType?: number; configurationItemID?: number; contractID?: number };

export function ticketCreateBody(input: PsaTicketInput, ids: TicketIds, now: Date): Record<string, unknown> {
  if (!input.title.trim()) throw invalid("title must not be empty.", "Tickets.create");
  if (!input.externalRef.trim() || input.externalRef.length > EXTERNAL_ID_MAX) {
    throw invalid(`externalRef must be 1 to ${EXTERNAL_ID_MAX} characters (Autotask externalID).`, "Tickets.create");
  }
  // Autotask requires a due date; without one the ticket is due 24 hours after creation.
  const due = input.dueAt ?? new Date(now.getTime() + 86_400_000);
  const body: Record<string, unknown> = {
    companyID: ids.companyID,
    title: clip(input.title.trim(), TITLE_MAX),
    description: clip(input.description, DESCRIPTION_MAX),
    queueID: ids.queueID,
    status: ids.status,
    priority: ids.priority,
    dueDateTime: dateTimeIn(due),
    externalID: input.externalRef,
  };
  for (const key of ["issueType", "subIssueType", "configurationItemID", "contractID"] as const) {
    if (ids[key] !== undefined) body[key] = ids[key];
  }
  return body;
}

export function ticketUpdateBody(id: number, update: PsaTicketUpdate, ids: { status?: number; priority?: number; queueID?: number }): Record<string, unknown> & { id: number } {
  const body: Record<string, unknown> & { id: number } = { id };
  if (update.title !== undefined) {
    if (!update.title.trim()) throw invalid("title must not be empty.", "Tickets.update");
    body.title = clip(update.title.trim(), TITLE_MAX);
  }
  if (ids.status !== undefined) body.status = ids.status;
  if (ids.priority !== undefined) body.priority = ids.priority;
  if (ids.queueID !== undefined) body.queueID = ids.queueID;
  if (update.dueAt) body.dueDateTime = dateTimeIn(update.dueAt);
  return body;
}

export function noteBody(ticketId: number, note: PsaNoteInput, picks: { noteType: number; publish: number }): Record<string, unknown> {
  if (!note.text.trim()) throw invalid("The note text must not be empty.", "TicketNotes.create");
  return {
    ticketID: ticketId,
    title: clip(note.title?.trim() || "PSA Relay", 250),
    description: clip(note.text, NOTE_MAX),
    noteType: picks.noteType,
    publish: picks.publish,
  };
}

export function adjustmentBody(change: PsaQuantityChange, ids: { contractID: number; serviceID: number; contractServiceID?: number }): Record<string, unknown> {
  const body: Record<string, unknown> = {
    contractID: ids.contractID,
    serviceID: ids.serviceID,
    effectiveDate: change.effectiveDate,
    unitChange: change.newQuantity - change.currentQuantity,
  };
  if (ids.contractServiceID !== undefined) body.contractServiceID = ids.contractServiceID;
  if (change.unitPrice !== null && change.unitPrice !== undefined) body.adjustedUnitPrice = change.unitPrice;
  if (change.unitCost !== null && change.unitCost !== undefined) body.adjustedUnitCost = change.unitCost;
  return body;
}

export type CiIds = { companyID?: number; configurationItemType?: number; productID?: number | null };

export function ciBody(input: Partial<PsaConfigurationItemInput>, ids: CiIds): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (ids.companyID !== undefined) body.companyID = ids.companyID;
  if (ids.configurationItemType !== undefined) body.configurationItemType = ids.configurationItemType;
  if (ids.productID !== undefined) body.productID = ids.productID;
  if (input.name !== undefined) body.referenceTitle = clip(input.name, 200);
  if (input.serialNumber !== undefined) body.serialNumber = input.serialNumber;
  if (input.isActive !== undefined) body.isActive = input.isActive;
  if (input.installedOn !== undefined) body.installDate = input.installedOn ? dateOnlyIn(input.installedOn) : null;
  if (input.warrantyExpiresOn !== undefined) body.warrantyExpirationDate = input.warrantyExpiresOn ? dateOnlyIn(input.warrantyExpiresOn) : null;
  if (input.externalRef !== undefined) body.referenceNumber = input.externalRef;
  if (input.udfs !== undefined) body.userDefinedFields = Object.entries(input.udfs).map(([name, value]) => ({ name, value }));
  return body;
}

export function mapConfigurationItem(ci: AtConfigurationItem): PsaConfigurationItem {
  const udfs = Object.fromEntries((ci.userDefinedFields ?? []).map((u) => [u.name, u.value ?? null]));
  return {
    id: String(ci.id),
    companyId: str(ci.companyID) ?? "",
    typeId: str(ci.configurationItemType) ?? "",
    productId: str(ci.productID),
    name: ci.referenceTitle ?? "",
    serialNumber: ci.serialNumber ?? null,
    isActive: ci.isActive !== false,
    installedOn: dateOnlyOut(ci.installDate),
    warrantyExpiresOn: dateOnlyOut(ci.warrantyExpirationDate),
    externalRef: ci.referenceNumber ?? null,
    udfs,
  };
}

export function mapUdfDefinitions(fields: AtUdfInfo[]): PsaUdfDefinition[] {
  return fields.map((f) => ({
    name: f.name,
    label: f.label ?? f.name,
    type: f.type ?? f.dataType ?? "string",
    isPickList: f.isPickList === true,
    isRequired: f.isRequired === true,
    ...(f.isPickList ? { options: picklistToRefs(f.picklistValues ?? []) } : {}),
  }));
}
