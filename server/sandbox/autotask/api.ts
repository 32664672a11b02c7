import { createAdjustment } from "./adjustments";
import { createRow, deleteRow, type Parent, updateRow } from "./crud";
import { childBySegment, ENTITIES, type EntityName, entityByName, type Verbs } from "./entities";
import { entityFields, entityInformation, userDefinedFields } from "./metadata";
import { countQuery, firstPage, pageFromToken, parseQueryModel, parseSearchParam, type QueryModel, serialise } from "./query";
import { errorsResponse, json, methodNotAllowed, notFoundRoute, ruleError } from "./responses";
import type { WriteContext } from "./rules";
import type { Row } from "./state";

/**
 * Routing of authenticated `/V1.0/...` calls (psa-api-facts A3): root entity verbs, child paths
 * (`/Contracts/{id}/Services`, `/Tickets/{id}/Notes`, …), queries, counts, paging tokens, get by
 * id, entityInformation. Auth, faults and limits happen before this, in handler.ts.
 */
export type ApiRequest = {
  ctx: WriteContext;
  method: string;
  segments: string[];
  url: URL;
  body: unknown;
  /** `${origin}/sandbox/autotask/…/atservicesrest/` of the tenant's zone. */
  baseUrl: string;
};

const isId = (s: string | undefined) => s !== undefined && /^\d+$/.test(s);

export function dispatch(req: ApiRequest): Response {
  const { segments, method, ctx } = req;
  if (segments.length === 1 && segments[0]!.toLowerCase() === "thresholdinformation") {
    if (method !== "GET") return methodNotAllowed(method);
    const hourAgo = ctx.now - 3_600_000;
    return json({
      externalRequestThreshold: ctx.tenant.requestThreshold,
      requestThresholdTimeframe: 60,
      currentTimeframeRequestCount: ctx.tenant.requestTimes.filter((t) => t > hourAgo).length,
    });
  }
  const root = entityByName(segments[0] ?? "");
  if (!root) return notFoundRoute(req.url.href);
  const child = isId(segments[1]) && segments[2] ? childBySegment(root.name, segments[2]) : undefined;
  const touches: EntityName[] = child ? [root.name, child.child] : [root.name];
  if (touches.includes("Companies") && ctx.user.companiesAccess === "forbidden") {
    return errorsResponse(403, ["The logged in API user does not have permission to access Companies."]);
  }
  if (child) {
    const parent: Parent = { field: child.parentField, id: Number(segments[1]) };
    return entityRoute(req, child.child, child.verbs, segments.slice(3), parent, root.name);
  }
  if (isId(segments[1]) && segments[2]) return notFoundRoute(req.url.href);
  return entityRoute(req, root.name, root.root, segments.slice(1));
}

function visibleTo(req: ApiRequest, entity: EntityName): (row: Row) => boolean {
  return entity === "Companies" && req.ctx.user.companiesAccess !== "all" ? () => false : () => true;
}

function entityRoute(req: ApiRequest, entity: EntityName, verbs: Verbs, rest: string[], parent?: Parent, parentEntity?: EntityName): Response {
  const { method, ctx } = req;
  const [first, second, third] = rest.map((s) => s.toLowerCase());
  const visible = visibleTo(req, entity);
  const access = entity === "Companies" && ctx.user.companiesAccess !== "all" ? "None" : "All";

  if (first === "entityinformation") {
    if (method !== "GET") return methodNotAllowed(method);
    if (second === undefined) return json(entityInformation(entity, verbs, access));
    if (second === "fields" && third === undefined) return json(entityFields(ctx.tenant, entity));
    if (second === "userdefinedfields" && third === undefined) return json(userDefinedFields(ctx.tenant, entity));
    return notFoundRoute(req.url.href);
  }

  if (parent && parentEntity && (method !== "GET" || first === undefined)) {
    const parentRow = ctx.tenant.tables[parentEntity].get(parent.id);
    if (!parentRow && method !== "GET") throw ruleError(`${ENTITIES[parentEntity].label} ${parent.id} does not exist.`);
  }

  if (first === undefined) {
    if (method === "GET" && parent) {
      if (!verbs.query && !verbs.get) return methodNotAllowed(method);
      const model: QueryModel = { filter: [{ op: "eq", field: parent.field, value: parent.id }] };
      return json(firstPage({ tenant: ctx.tenant, entity, visible }, model, req.baseUrl, ctx.user.username));
    }
    if (method === "POST" && verbs.create) {
      if (entity === "ContractServiceAdjustments") return json(createAdjustment(ctx, req.body, parent));
      return json(createRow(ctx, entity, req.body, parent));
    }
    if ((method === "PUT" || method === "PATCH") && verbs.update) return json(updateRow(ctx, entity, req.body, method, visible, parent));
    return methodNotAllowed(method);
  }

  if (first === "query" && !parent) {
    if (!verbs.query) return notFoundRoute(req.url.href);
    if (method !== "GET" && method !== "POST") return methodNotAllowed(method);
    const scope = { tenant: ctx.tenant, entity, visible };
    if (second === "next" && third === undefined) {
      return json(pageFromToken(ctx.tenant, entity, req.url.searchParams.get("paging"), ctx.user.username, visible, req.baseUrl));
    }
    const model = method === "GET" ? parseSearchParam(req.url.searchParams.get("search")) : parseQueryModel(req.body);
    if (second === "count" && third === undefined) return json({ queryCount: countQuery(scope, model) });
    if (second === undefined) return json(firstPage(scope, model, req.baseUrl, ctx.user.username));
    return notFoundRoute(req.url.href);
  }

  if (isId(rest[0]) && rest.length === 1) {
    const id = Number(rest[0]);
    if (method === "GET" && verbs.get) {
      const row = ctx.tenant.tables[entity].get(id);
      const ok = row && visible(row) && (!parent || row[parent.field] === parent.id);
      return json({ item: ok ? serialise(ctx.tenant, entity, row) : null });
    }
    if (method === "DELETE" && verbs.delete) return json(deleteRow(ctx, entity, id));
    return methodNotAllowed(method);
  }
  return notFoundRoute(req.url.href);
}
