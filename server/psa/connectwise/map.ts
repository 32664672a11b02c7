import type {
  PsaCompany,
  PsaConfigurationItem,
  PsaConfigurationItemInput,
  PsaContract,
  PsaContractService,
  PsaCurrency,
  PsaNoteInput,
  PsaRef,
  PsaService,
  PsaTicket,
  PsaTicketInput,
  PsaTicketUpdate,
  PsaUdfDefinition,
} from "../types";
import { cwDateTime } from "./query";
import type {
  CwAddition,
  CwAgreement,
  CwCatalogItem,
  CwCompany,
  CwConfiguration,
  CwFinanceCurrency,
  CwQuestion,
  CwTicket,
  CwUserDefinedField,
} from "./schemas";

/** Pure ConnectWise ↔ PSA Relay mapping. ConnectWise ids are numbers; the domain's ids are strings. */
export type PatchOp = { op: "replace" | "add" | "remove"; path: string; value?: unknown };

/** Ticket summaries are limited to 100 characters in ConnectWise. */
export const SUMMARY_MAX = 100;

const s = (n: number | null | undefined) => (n === null || n === undefined ? null : String(n));
const ref = (id: string) => ({ id: Number(id) });

/** "2025-01-31T00:00:00Z" → "2025-01-31"; date-only fields are midnight UTC, never shifted. */
export function dateOnly(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return m ? m[1]! : null;
}

/** "2025-01-31" → "2025-01-31T00:00:00Z". */
export function dateOnlyToCw(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`Expected a date like 2025-01-31, got '${value}'`);
  return `${value}T00:00:00Z`;
}

export function boardToRef(b: { id: number; name: string; inactiveFlag?: boolean | null }): PsaRef {
  return { id: String(b.id), name: b.name, isActive: b.inactiveFlag !== true };
}

export function statusToRef(
  st: { id: number; name: string; inactive?: boolean | null; closedStatus?: boolean | null; defaultFlag?: boolean | null; sortOrder?: number | null },
  boardId: string,
): PsaRef {
  return {
    id: String(st.id),
    name: st.name,
    isActive: st.inactive !== true,
    isDefault: st.defaultFlag === true,
    isClosed: st.closedStatus === true,
    parentId: boardId,
    sortOrder: st.sortOrder ?? undefined,
  };
}

export function priorityToRef(p: { id: number; name: string; defaultFlag?: boolean | null; sortOrder?: number | null }): PsaRef {
  return { id: String(p.id), name: p.name, isActive: true, isDefault: p.defaultFlag === true, sortOrder: p.sortOrder ?? undefined };
}

export function boardTypeToRef(t: { id: number; name: string; inactiveFlag?: boolean | null; defaultFlag?: boolean | null }, boardId: string): PsaRef {
  return { id: String(t.id), name: t.name, isActive: t.inactiveFlag !== true, isDefault: t.defaultFlag === true, parentId: boardId };
}

export function companyToDomain(c: CwCompany): PsaCompany {
  const statusName = c.status?.name ?? "";
  return {
    id: String(c.id),
    name: c.name,
    number: c.identifier ?? null,
    isActive: c.deletedFlag !== true && !/inactive/i.test(statusName),
    typeLabel: c.types?.[0]?.name ?? null,
    phone: c.phoneNumber ?? null,
    webAddress: c.website ?? null,
  };
}

export function agreementToContract(a: CwAgreement): PsaContract {
  const raw = (a.agreementStatus ?? (a.cancelledFlag ? "Cancelled" : "Active")).toLowerCase();
  const status: PsaContract["status"] =
    a.cancelledFlag === true || raw === "cancelled" ? "cancelled" : raw === "expired" ? "expired" : raw === "inactive" ? "inactive" : "active";
  return {
    id: String(a.id),
    companyId: String(a.company.id),
    name: a.name,
    number: null,
    kind: "agreement",
    typeLabel: a.type?.name ?? "Agreement",
    status,
    startDate: dateOnly(a.startDate),
    endDate: dateOnly(a.endDate),
    periodType: a.billingCycle?.name ? a.billingCycle.name.toLowerCase() : null,
    currencyCode: a.currency?.currencyCode ?? null,
  };
}

/** A currency by its ISO code (`currencyCode.name`, else the identifier when it is a 3-letter code); null when neither is. */
export function currencyToDomain(c: CwFinanceCurrency): PsaCurrency | null {
  const iso = [c.currencyCode?.name, c.currencyIdentifier].map((v) => v?.trim().toUpperCase() ?? "").find((v) => /^[A-Z]{3}$/.test(v));
  if (!iso) return null;
  return { code: iso, name: c.name?.trim() || iso, isActive: true, isDefault: false };
}

export function catalogToService(p: CwCatalogItem): PsaService {
  return {
    id: String(p.id),
    name: p.description ? `${p.identifier} - ${p.description}` : p.identifier,
    description: p.customerDescription ?? p.description ?? null,
    unitPrice: p.price ?? null,
    unitCost: p.cost ?? null,
    periodType: p.recurringFlag ? (p.recurringBillCycle?.name?.toLowerCase() ?? "recurring") : null,
    isActive: p.inactiveFlag !== true,
  };
}

export function additionToContractService(a: CwAddition, agreementId: string): PsaContractService {
  return {
    id: String(a.id),
    contractId: s(a.agreementId) ?? agreementId,
    serviceId: String(a.product.id),
    serviceName: a.product.identifier ?? a.description ?? null,
    quantity: a.quantity ?? 0,
    unitPrice: a.unitPrice ?? null,
    unitCost: a.unitCost ?? null,
    invoiceDescription: a.invoiceDescription ?? null,
    lessIncluded: a.lessIncluded ?? null,
    effectiveDate: dateOnly(a.effectiveDate),
    cancelledDate: dateOnly(a.cancelledDate),
  };
}

export function ticketToDomain(t: CwTicket): PsaTicket {
  return {
    id: String(t.id),
    number: String(t.id),
    title: t.summary,
    companyId: t.company ? String(t.company.id) : "",
    queueId: t.board ? String(t.board.id) : null,
    statusId: t.status ? String(t.status.id) : "",
    priorityId: t.priority ? String(t.priority.id) : null,
    assigneeId: t.owner ? String(t.owner.id) : null,
    externalRef: t.externalXRef ?? null,
    createdAt: t._info?.dateEntered ?? null,
    lastActivityAt: t._info?.lastUpdated ?? null,
    completedAt: t.closedDate ?? null,
  };
}

export function ticketInputToBody(input: PsaTicketInput): Record<string, unknown> {
  const body: Record<string, unknown> = {
    summary: input.title.length > SUMMARY_MAX ? `${input.title.slice(0, SUMMARY_MAX - 1)}…` : input.title,
    company: ref(input.companyId),
    board: ref(input.queueId),
    status: ref(input.statusId),
    priority: ref(input.priorityId),
    initialDescription: input.description,
    externalXRef: input.externalRef,
  };
  if (input.dueAt) body.requiredDate = cwDateTime(input.dueAt);
  if (input.issueTypeId) body.type = ref(input.issueTypeId);
  if (input.subIssueTypeId) body.subType = ref(input.subIssueTypeId);
  if (input.contractId) body.agreement = ref(input.contractId);
  return body;
}

export function ticketUpdateToPatch(update: PsaTicketUpdate): PatchOp[] {
  const ops: PatchOp[] = [];
  if (update.title !== undefined) {
    ops.push({ op: "replace", path: "summary", value: update.title.slice(0, SUMMARY_MAX) });
  }
  if (update.queueId !== undefined) ops.push({ op: "replace", path: "board/id", value: Number(update.queueId) });
  if (update.statusId !== undefined) ops.push({ op: "replace", path: "status/id", value: Number(update.statusId) });
  if (update.priorityId !== undefined) ops.push({ op: "replace", path: "priority/id", value: Number(update.priorityId) });
  if (update.dueAt !== undefined) {
    ops.push(update.dueAt === null ? { op: "remove", path: "requiredDate" } : { op: "replace", path: "requiredDate", value: cwDateTime(update.dueAt) });
  }
  return ops;
}

export function noteToBody(note: PsaNoteInput): Record<string, unknown> {
  const internal = note.internal === true;
  return {
    text: note.title ? `${note.title}\n\n${note.text}` : note.text,
    detailDescriptionFlag: !internal,
    internalAnalysisFlag: internal,
    processNotifications: false,
  };
}

/** Configuration questions → UDF definitions (type questions are ConnectWise's per-type custom fields). */
export function questionToUdf(q: CwQuestion, options: PsaRef[] = []): PsaUdfDefinition {
  const pick = q.entryType === "List" || q.entryType === "Option";
  return { name: q.question, label: q.question, type: q.fieldType ?? "Text", isPickList: pick, isRequired: q.requiredFlag === true, options: pick ? options : undefined };
}

export function userDefinedFieldToUdf(u: CwUserDefinedField): PsaUdfDefinition {
  const pick = u.entryTypeIdentifier === "List" || u.entryTypeIdentifier === "Option";
  return {
    name: u.caption,
    label: u.caption,
    type: u.fieldTypeIdentifier ?? "Text",
    isPickList: pick,
    isRequired: u.requiredFlag === true,
    options: pick
      ? (u.options ?? []).map((o) => ({ id: String(o.id), name: o.optionValue, isActive: o.inactiveFlag !== true, isDefault: o.defaultFlag === true, sortOrder: o.sortOrder ?? undefined }))
      : undefined,
  };
}

export function configurationToDomain(c: CwConfiguration): PsaConfigurationItem {
  const udfs: Record<string, string | null> = {};
  for (const q of c.questions ?? []) {
    if (!q.question) continue;
    udfs[q.question] = q.answer === null || q.answer === undefined || q.answer === "" ? null : String(q.answer);
  }
  return {
    id: String(c.id),
    companyId: String(c.company.id),
    typeId: String(c.type.id),
    name: c.name,
    serialNumber: c.serialNumber ?? null,
    isActive: c.activeFlag !== false,
    installedOn: dateOnly(c.installationDate),
    warrantyExpiresOn: dateOnly(c.warrantyExpirationDate),
    externalRef: c.deviceIdentifier ?? null,
    udfs,
  };
}

/** Body fields shared by create and update (everything but the answers). */
export function configurationFields(input: Partial<PsaConfigurationItemInput>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (input.name !== undefined) body.name = input.name.slice(0, 100);
  if (input.typeId !== undefined) body.type = ref(input.typeId);
  if (input.companyId !== undefined) body.company = ref(input.companyId);
  if (input.serialNumber !== undefined) body.serialNumber = input.serialNumber;
  if (input.externalRef !== undefined) body.deviceIdentifier = input.externalRef;
  if (input.isActive !== undefined) body.activeFlag = input.isActive;
  if (input.installedOn !== undefined) body.installationDate = input.installedOn ? dateOnlyToCw(input.installedOn) : null;
  if (input.warrantyExpiresOn !== undefined) body.warrantyExpirationDate = input.warrantyExpiresOn ? dateOnlyToCw(input.warrantyExpiresOn) : null;
  return body;
}

/** Turns a partial body into replace ops; references become `<field>/id` paths. */
export function fieldsToPatch(body: Record<string, unknown>): PatchOp[] {
  return Object.entries(body).map(([path, value]) => {
    if (value && typeof value === "object" && !Array.isArray(value) && "id" in value) {
      return { op: "replace" as const, path: `${path}/id`, value: (value as { id: number }).id };
    }
    return value === null ? { op: "remove" as const, path } : { op: "replace" as const, path, value };
  });
}
