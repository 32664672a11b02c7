import { type FieldError, invalidField, invalidObject, requiredField } from "../http";
import {
  newInfo,
  refId,
  optionalBool,
  optionalDate,
  optionalEnum,
  optionalString,
  requireString,
  resolveRef,
  SANDBOX_MEMBER,
  toRef,
  touchInfo,
} from "../records";
import type { ResourceDef } from "../resource";
import { cwNow, newId, type Rec, type Tenant } from "../state";

/** Service desk: boards, board statuses and types, priorities, tickets, ticket notes, ticket configurations. */

export const boards: ResourceDef = {
  collection: "boards",
  resource: "board",
  label: "Board",
  fields: ["id", "name", "location", "department", "inactiveFlag", "projectFlag", "_info"],
  verbs: ["GET"],
};

export const boardStatuses: ResourceDef = {
  collection: "boardStatuses",
  resource: "boardStatus",
  label: "BoardStatus",
  fields: ["id", "name", "board", "sortOrder", "displayOnBoard", "inactive", "closedStatus", "timeEntryNotAllowed", "defaultFlag", "escalationStatus", "customerPortalFlag", "_info"],
  verbs: ["GET"],
  parent: { collection: "boards", label: "Board", of: (r) => refId(r.board) },
};

export const boardTypes: ResourceDef = {
  collection: "boardTypes",
  resource: "boardType",
  label: "BoardType",
  fields: ["id", "name", "category", "defaultFlag", "inactiveFlag", "requestForChangeFlag", "board", "_info"],
  verbs: ["GET"],
  parent: { collection: "boards", label: "Board", of: (r) => refId(r.board) },
};

export const priorities: ResourceDef = {
  collection: "priorities",
  resource: "priority",
  label: "Priority",
  fields: ["id", "name", "color", "sortOrder", "defaultFlag", "level", "_info"],
  verbs: ["GET"],
};

const TICKET_FIELDS = [
  "id", "summary", "recordType", "board", "status", "company", "contact", "type", "subType", "item", "owner", "priority",
  "requiredDate", "agreement", "severity", "impact", "externalXRef", "initialDescription", "closedDate", "closedBy",
  "closedFlag", "skipCallback", "_info", "customFields",
];

function firstOf(tenant: Tenant, collection: "boards" | "priorities", pick: (r: Rec) => boolean): Rec | null {
  const rows = [...tenant.data[collection].values()].filter(pick).sort((a, b) => a.id - b.id);
  return rows[0] ?? null;
}

function buildTicket(tenant: Tenant, body: Record<string, unknown>, ctx: { id: number; existing: Rec | null }): Rec {
  const errors: FieldError[] = [];
  const summary = requireString(body, "summary", "ticket", errors, 100);
  let company: Rec | null = null;
  if (body.company === undefined || body.company === null) errors.push(requiredField("ticket", "company"));
  else company = resolveRef(tenant, "company", body.company, { resource: "ticket", field: "company", errors });
  if (company && company.deletedFlag === true) errors.push(invalidField("ticket", "company", "The company has been deleted."));

  const board =
    body.board === undefined || body.board === null
      ? firstOf(tenant, "boards", (b) => b.inactiveFlag !== true)
      : resolveRef(tenant, "board", body.board, { resource: "ticket", field: "board", errors });
  if (board && board.inactiveFlag === true) errors.push(invalidField("ticket", "board", "The board is inactive."));
  const onBoard = (s: Rec) => !!board && refId(s.board) === board.id;
  let status: Rec | null = null;
  if (body.status === undefined || body.status === null) {
    status = [...tenant.data.boardStatuses.values()].find((s) => onBoard(s) && s.defaultFlag === true) ?? null;
  } else if (board) {
    status = resolveRef(tenant, "status", body.status, { resource: "ticket", field: "status", errors: [], where: onBoard });
    if (!status) errors.push(invalidField("ticket", "status", `The status is not valid for the board '${String(board.name)}'.`));
  }
  const priority =
    body.priority === undefined || body.priority === null
      ? firstOf(tenant, "priorities", (p) => p.defaultFlag === true)
      : resolveRef(tenant, "priority", body.priority, { resource: "ticket", field: "priority", errors });
  const type = resolveRef(tenant, "boardType", body.type, { resource: "ticket", field: "type", errors, where: onBoard });
  const agreement = resolveRef(tenant, "agreement", body.agreement, {
    resource: "ticket",
    field: "agreement",
    errors,
    where: (a) => !!company && refId(a.company) === company.id,
  });
  const requiredDate = optionalDate(body, "requiredDate", "ticket", errors);
  const externalXRef = optionalString(body, "externalXRef", "ticket", errors, 100);
  const severity = optionalEnum(body, "severity", ["Low", "Medium", "High"], "ticket", errors);
  const impact = optionalEnum(body, "impact", ["Low", "Medium", "High"], "ticket", errors);
  optionalString(body, "initialDescription", "ticket", errors);
  if (errors.length) throw invalidObject("ticket", errors);

  const closed = status?.closedStatus === true;
  const wasClosed = ctx.existing?.closedFlag === true;
  return {
    id: ctx.id,
    summary,
    recordType: "ServiceTicket",
    board: board && toRef("board", board),
    status: status && toRef("status", status),
    company: company && toRef("company", company),
    contact: null,
    type: type && toRef("boardType", type),
    subType: null,
    item: null,
    owner: null,
    priority: priority && toRef("priority", priority),
    requiredDate,
    agreement: agreement && toRef("agreement", agreement),
    severity: severity ?? "Medium",
    impact: impact ?? "Medium",
    externalXRef,
    closedDate: closed ? (wasClosed ? (ctx.existing!.closedDate as string) : cwNow()) : null,
    closedBy: closed ? SANDBOX_MEMBER : null,
    closedFlag: closed,
    _info: ctx.existing ? touchInfo(ctx.existing._info) : newInfo(),
    customFields: (ctx.existing?.customFields as unknown[]) ?? [],
  } as Rec;
}

function noteRecord(tenant: Tenant, ticketId: number, body: Record<string, unknown>, id: number): Rec {
  const errors: FieldError[] = [];
  const text = requireString(body, "text", "serviceNote", errors);
  const detail = optionalBool(body, "detailDescriptionFlag", "serviceNote", errors, false);
  const internal = optionalBool(body, "internalAnalysisFlag", "serviceNote", errors, false);
  const resolution = optionalBool(body, "resolutionFlag", "serviceNote", errors, false);
  if (!detail && !internal && !resolution) {
    errors.push(
      invalidField("serviceNote", "detailDescriptionFlag", "One of detailDescriptionFlag, internalAnalysisFlag or resolutionFlag must be true."),
    );
  }
  if (errors.length) throw invalidObject("serviceNote", errors);
  return {
    id,
    ticketId,
    text,
    detailDescriptionFlag: detail,
    internalAnalysisFlag: internal,
    resolutionFlag: resolution,
    issueFlag: optionalBool(body, "issueFlag", "serviceNote", [], false),
    member: { id: 1, identifier: SANDBOX_MEMBER, name: "PSA Relay API" },
    contact: null,
    customerUpdatedFlag: false,
    processNotifications: optionalBool(body, "processNotifications", "serviceNote", [], false),
    dateCreated: cwNow(),
    createdBy: SANDBOX_MEMBER,
    internalFlag: optionalBool(body, "internalFlag", "serviceNote", [], internal),
    externalFlag: optionalBool(body, "externalFlag", "serviceNote", [], !internal),
    _info: newInfo(),
  } as Rec;
}

export const tickets: ResourceDef = {
  collection: "tickets",
  resource: "ticket",
  label: "Ticket",
  fields: TICKET_FIELDS,
  arrayFields: ["customFields"],
  readOnly: ["recordType", "closedDate", "closedBy"],
  verbs: ["GET", "POST", "PUT", "PATCH", "DELETE"],
  build: (tenant, body, ctx) => buildTicket(tenant, body, ctx),
  afterCreate: (tenant, rec, body) => {
    if (typeof body.initialDescription === "string" && body.initialDescription.trim() !== "") {
      const id = newId(tenant, "notes");
      tenant.data.notes.set(id, noteRecord(tenant, rec.id, { text: body.initialDescription, detailDescriptionFlag: true }, id));
    }
  },
  beforeDelete: (tenant, rec) => {
    for (const note of [...tenant.data.notes.values()]) if (note.ticketId === rec.id) tenant.data.notes.delete(note.id);
  },
};

export const notes: ResourceDef = {
  collection: "notes",
  resource: "serviceNote",
  label: "ServiceNote",
  fields: [
    "id", "ticketId", "text", "detailDescriptionFlag", "internalAnalysisFlag", "resolutionFlag", "issueFlag", "member", "contact",
    "customerUpdatedFlag", "processNotifications", "dateCreated", "createdBy", "internalFlag", "externalFlag", "_info",
  ],
  readOnly: ["ticketId", "dateCreated", "createdBy"],
  verbs: ["GET", "POST", "PUT", "PATCH", "DELETE"],
  parent: { collection: "tickets", label: "Ticket", of: (r) => r.ticketId as number },
  build: (tenant, body, ctx) => noteRecord(tenant, ctx.parentId!, body, ctx.id),
};

export const ticketConfigurations: ResourceDef = {
  collection: "ticketConfigurations",
  resource: "configurationReference",
  label: "ConfigurationReference",
  fields: ["id", "deviceIdentifier", "_info"],
  verbs: ["GET", "POST", "DELETE"],
  parent: { collection: "tickets", label: "Ticket", of: (r) => r.ticketId as number },
  build: (tenant, body, ctx) => {
    const configId = typeof body.id === "number" ? body.id : null;
    const config = configId === null ? undefined : tenant.data.configurations.get(configId);
    if (!config) throw invalidObject("configurationReference", [invalidField("configurationReference", "id", "The configuration does not exist.")]);
    return { id: ctx.id, ticketId: ctx.parentId, configurationId: config.id } as Rec;
  },
  view: (tenant, rec) => {
    const config = tenant.data.configurations.get(rec.configurationId as number);
    return { id: rec.configurationId, deviceIdentifier: config?.deviceIdentifier ?? null, _info: { configuration_href: `/company/configurations/${String(rec.configurationId)}` } };
  },
};
