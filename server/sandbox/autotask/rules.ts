import type { EntityName } from "./entities";
import { labelOf } from "./picklists";
import { ruleError } from "./responses";
import type { ApiUser, Row, Tenant } from "./state";
import { isoUtc } from "./write";

/**
 * Entity-specific behaviour on create / update: system fields the server fills in, and the
 * business rules integrators trip over (psa-api-facts A7, Part C): assignedResourceID needs
 * assignedResourceRoleID, a Complete status stamps completedDate, one ContractService per
 * contract and service (and one ContractServiceBundle per contract and bundle), CI types and
 * service bundles in use cannot be deleted.
 */
export type WriteContext = { tenant: Tenant; user: ApiUser; now: number };

type Hooks = {
  beforeCreate?: (ctx: WriteContext, record: Record<string, unknown>) => void;
  beforeUpdate?: (ctx: WriteContext, record: Record<string, unknown>, existing: Row, changed: Set<string>) => void;
  afterWrite?: (ctx: WriteContext, row: Row) => void;
  beforeDelete?: (ctx: WriteContext, row: Row) => void;
};

function checkResource(tenant: Tenant, record: Record<string, unknown>): void {
  const resourceId = record.assignedResourceID;
  const roleId = record.assignedResourceRoleID;
  const hasResource = resourceId !== null && resourceId !== undefined;
  const hasRole = roleId !== null && roleId !== undefined;
  if (hasResource !== hasRole) {
    throw ruleError("When assigning a Resource, you must assign both a assignedResourceID and assignedResourceRoleID.");
  }
  if (!hasResource) return;
  const resource = tenant.resources.find((r) => r.id === resourceId);
  if (!resource) throw ruleError(`Ticket: assignedResourceID ${String(resourceId)} does not exist.`);
  if (!resource.roleIds.includes(Number(roleId))) {
    throw ruleError(`Ticket: resource ${String(resourceId)} does not have role ${String(roleId)} in a Service Desk queue.`);
  }
}

function isComplete(tenant: Tenant, status: unknown): boolean {
  return labelOf(tenant, "Tickets", "status", status) === "Complete";
}

function ticketNumber(ctx: WriteContext): string {
  const day = isoUtc(ctx.now).slice(0, 10).replaceAll("-", "");
  const sameDay = ctx.tenant.tables.Tickets.rows.filter((t) => String(t.ticketNumber ?? "").startsWith(`T${day}.`)).length;
  return `T${day}.${String(sameDay + 1).padStart(4, "0")}`;
}

const HOOKS: Partial<Record<EntityName, Hooks>> = {
  Companies: {
    beforeCreate: (ctx, r) => {
      r.createDate = isoUtc(ctx.now);
      r.lastActivityDate = isoUtc(ctx.now);
      r.createdByResourceID = ctx.user.resourceId;
      r.isActive ??= true;
    },
  },
  Tickets: {
    beforeCreate: (ctx, r) => {
      checkResource(ctx.tenant, r);
      r.ticketNumber = ticketNumber(ctx);
      r.createDate = isoUtc(ctx.now);
      r.lastActivityDate = isoUtc(ctx.now);
      r.creatorResourceID = ctx.user.resourceId;
      r.creatorType = 1;
      r.completedDate = isComplete(ctx.tenant, r.status) ? isoUtc(ctx.now) : null;
    },
    beforeUpdate: (ctx, r, existing, changed) => {
      if (changed.has("assignedResourceID") || changed.has("assignedResourceRoleID")) checkResource(ctx.tenant, r);
      r.lastActivityDate = isoUtc(ctx.now);
      if (changed.has("status")) {
        const wasComplete = isComplete(ctx.tenant, existing.status);
        const nowComplete = isComplete(ctx.tenant, r.status);
        if (nowComplete && !wasComplete) r.completedDate = isoUtc(ctx.now);
        if (!nowComplete) r.completedDate = null;
      }
    },
  },
  TicketNotes: {
    beforeCreate: (ctx, r) => {
      r.createDateTime = isoUtc(ctx.now);
      r.lastActivityDate = isoUtc(ctx.now);
      r.creatorResourceID = ctx.user.resourceId;
    },
    beforeUpdate: (ctx, r) => {
      r.lastActivityDate = isoUtc(ctx.now);
    },
    afterWrite: (ctx, row) => {
      const ticket = ctx.tenant.tables.Tickets.get(Number(row.ticketID));
      if (ticket) ticket.lastActivityDate = isoUtc(ctx.now);
    },
  },
  ConfigurationItems: {
    beforeCreate: (ctx, r) => {
      r.createDate = isoUtc(ctx.now);
      r.lastModifiedTime = isoUtc(ctx.now);
      r.createdByPersonID = ctx.user.resourceId;
    },
    beforeUpdate: (ctx, r) => {
      r.lastModifiedTime = isoUtc(ctx.now);
    },
  },
  ContractServices: {
    beforeCreate: (ctx, r) => {
      const duplicate = ctx.tenant.tables.ContractServices.rows.some((cs) => cs.contractID === r.contractID && cs.serviceID === r.serviceID);
      if (duplicate) throw ruleError(`ContractService: service ${String(r.serviceID)} is already on contract ${String(r.contractID)}.`);
    },
    beforeUpdate: (_ctx, r, existing) => {
      if (r.serviceID !== existing.serviceID || r.contractID !== existing.contractID) {
        throw ruleError("ContractService: contractID and serviceID cannot be changed.");
      }
    },
  },
  ContractServiceBundles: {
    beforeCreate: (ctx, r) => {
      const duplicate = ctx.tenant.tables.ContractServiceBundles.rows.some((b) => b.contractID === r.contractID && b.serviceBundleID === r.serviceBundleID);
      if (duplicate) throw ruleError(`ContractServiceBundle: service bundle ${String(r.serviceBundleID)} is already on contract ${String(r.contractID)}.`);
    },
    beforeUpdate: (_ctx, r, existing) => {
      if (r.serviceBundleID !== existing.serviceBundleID || r.contractID !== existing.contractID) {
        throw ruleError("ContractServiceBundle: contractID and serviceBundleID cannot be changed.");
      }
    },
  },
  ServiceBundles: {
    beforeDelete: (ctx, row) => {
      if (ctx.tenant.tables.ContractServiceBundles.rows.some((b) => b.serviceBundleID === row.id)) {
        throw ruleError(`ServiceBundle ${row.id} is used on contracts and cannot be deleted.`);
      }
    },
  },
  ConfigurationItemTypes: {
    beforeDelete: (ctx, row) => {
      if (ctx.tenant.tables.ConfigurationItems.rows.some((ci) => ci.configurationItemType === row.id)) {
        throw ruleError(`ConfigurationItemType ${row.id} is used by configuration items and cannot be deleted.`);
      }
    },
  },
};

export function hooksFor(entity: EntityName): Hooks {
  return HOOKS[entity] ?? {};
}
