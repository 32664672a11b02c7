import { badRequest, json, noContent, notFound, SandboxHttpError } from "./http";
import { filterRecords, type ListQuery, orderRows, pageOf, parseListQuery, project } from "./list";
import { applyPatch, parsePatch } from "./patch";
import { type CollectionName, newId, type Rec, type Tenant } from "./state";

/**
 * A REST resource of the sandbox (e.g. /service/tickets, /finance/agreements/{parentId}/additions)
 * and the generic verbs over it. Each resource supplies its field list and a `build` that validates a
 * full body and returns the record to store — used by POST, PUT, and PATCH (after the operations are
 * applied to the stored record), so every write path enforces the same rules.
 */
export type Verb = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type BuildContext = { id: number; parentId: number | null; existing: Rec | null };

export type ResourceDef = {
  collection: CollectionName;
  /** Name used in validation errors' `resource` (e.g. "ticket"). */
  resource: string;
  /** Name used in not-found messages (e.g. "Ticket"). */
  label: string;
  fields: string[];
  arrayFields?: string[];
  readOnly?: string[];
  verbs: Verb[];
  /** For child resources: the record's parent id and the parent's collection/label. */
  parent?: { collection: CollectionName; label: string; of: (rec: Rec) => number | null };
  build?: (tenant: Tenant, body: Record<string, unknown>, ctx: BuildContext) => Rec;
  afterCreate?: (tenant: Tenant, rec: Rec, body: Record<string, unknown>) => void;
  beforeDelete?: (tenant: Tenant, rec: Rec) => void;
  view?: (tenant: Tenant, rec: Rec) => Record<string, unknown>;
};

export type ResourceRequest = {
  tenant: Tenant;
  def: ResourceDef;
  method: string;
  url: URL;
  origin: string;
  headers: Headers;
  parentIds: number[];
  id: number | null;
  count: boolean;
  body: unknown;
};

function requireParent(req: ResourceRequest): number | null {
  const { def, tenant, parentIds } = req;
  if (!def.parent) return null;
  const parentId = parentIds[parentIds.length - 1]!;
  if (!tenant.data[def.parent.collection].has(parentId)) throw notFound(def.parent.label, parentId);
  return parentId;
}

function rowsOf(req: ResourceRequest, parentId: number | null): Rec[] {
  const all = [...req.tenant.data[req.def.collection].values()];
  return parentId === null || !req.def.parent ? all : all.filter((r) => req.def.parent!.of(r) === parentId);
}

function itemOf(req: ResourceRequest, parentId: number | null): Rec {
  const rec = req.tenant.data[req.def.collection].get(req.id!);
  if (!rec || (parentId !== null && req.def.parent && req.def.parent.of(rec) !== parentId)) {
    throw notFound(req.def.label, req.id!);
  }
  return rec;
}

/**
 * Filtered and ordered rows of a list query, cached until the tenant's next write: following a
 * Link header page after page then costs one filter and one sort, not one per page.
 */
function queryRows(req: ResourceRequest, parentId: number | null, q: ListQuery): Rec[] {
  const params = new URLSearchParams(req.url.searchParams);
  for (const key of ["page", "pageSize", "pageId", "fields"]) params.delete(key);
  const key = `${req.def.collection}|${parentId ?? ""}|${q.forwardOnly}|${params.toString()}`;
  const hit = req.tenant.listCache.get(key);
  if (hit && hit.version === req.tenant.version) return hit.rows;
  const rows = orderRows(filterRecords(rowsOf(req, parentId), q), q);
  if (req.tenant.listCache.size >= 50) req.tenant.listCache.clear();
  req.tenant.listCache.set(key, { version: req.tenant.version, rows });
  return rows;
}

const viewOf = (req: ResourceRequest, rec: Rec) => (req.def.view ? req.def.view(req.tenant, rec) : rec);

function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("The request body must be a JSON object");
  return body as Record<string, unknown>;
}

export function handleResource(req: ResourceRequest): Response {
  const { def, tenant, method } = req;
  if (method !== "GET") tenant.version++;
  if (!def.verbs.includes(method as Verb) || (req.count && method !== "GET")) {
    throw new SandboxHttpError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'.`);
  }
  const parentId = requireParent(req);
  const map = tenant.data[def.collection];

  if (req.count) {
    const q = parseListQuery(req.url, req.headers, def);
    return json({ count: filterRecords(rowsOf(req, parentId), q).length });
  }
  if (req.id === null) {
    if (method === "GET") {
      const q = parseListQuery(req.url, req.headers, def);
      const { items, headers } = pageOf(queryRows(req, parentId, q), q, req.url, req.origin);
      return json(items.map((rec) => project(viewOf(req, rec), q.fields)), 200, headers);
    }
    if (method === "POST" && def.build) {
      const body = objectBody(req.body);
      const rec = def.build(tenant, body, { id: newId(tenant, def.collection), parentId, existing: null });
      map.set(rec.id, rec);
      def.afterCreate?.(tenant, rec, body);
      return json(viewOf(req, rec), 201);
    }
    throw new SandboxHttpError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'.`);
  }

  const existing = itemOf(req, parentId);
  const fields = req.url.searchParams.get("fields");
  switch (method) {
    case "GET":
      return json(project(viewOf(req, existing), fields ? fields.split(",").map((f) => f.trim().split("/")) : null));
    case "PUT":
    case "PATCH": {
      if (!def.build) break;
      const body =
        method === "PUT"
          ? objectBody(req.body)
          : applyPatch(existing, parsePatch(req.body), { resource: def.resource, fields: def.fields, readOnly: ["id", "_info", ...(def.readOnly ?? [])] });
      const rec = def.build(tenant, body, { id: existing.id, parentId, existing });
      map.set(rec.id, rec);
      return json(viewOf(req, rec), 200);
    }
    case "DELETE":
      def.beforeDelete?.(tenant, existing);
      map.delete(existing.id);
      return noContent();
  }
  throw new SandboxHttpError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'.`);
}
