import { randomUUID } from "node:crypto";

import { ENTITIES, type EntityName } from "./entities";
import { compileFilter } from "./filter";
import { MODEL_FIELDS } from "./model-fields";
import { ruleError } from "./responses";
import type { Row, Tenant } from "./state";

/**
 * Query execution: QueryModel parsing (property names case-insensitive), filtering, id order,
 * MaxRecords pages (≤ 500), IncludeFields, nextPageUrl / prevPageUrl and counts (A4, A5).
 * nextPageUrl has the vendor's shape `…/V1.0/{Entity}/query/next?paging=…`: the query stays on
 * the server (Autotask keeps recent pages), so a long POST query never turns into a long URL.
 */
export const PAGE_LIMIT = 500;
const KEPT_QUERIES = 500;
const KEPT_CURSORS = 50;

export type QueryModel = { maxRecords?: number; includeFields?: string[]; filter: unknown };

export function parseQueryModel(raw: unknown): QueryModel {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw ruleError("The query must be a JSON object with a 'filter' list.");
  const model: QueryModel = { filter: undefined };
  for (const [k, v] of Object.entries(raw)) {
    const lower = k.toLowerCase();
    if (lower === "filter") model.filter = v;
    else if (lower === "maxrecords") {
      if (v === null || v === undefined) continue;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > PAGE_LIMIT) {
        throw ruleError(`MaxRecords must be a whole number between 1 and ${PAGE_LIMIT}.`);
      }
      model.maxRecords = v;
    } else if (lower === "includefields") {
      if (v === null || v === undefined) continue;
      if (!Array.isArray(v) || v.some((f) => typeof f !== "string")) throw ruleError("IncludeFields must be a list of field names.");
      model.includeFields = v as string[];
    }
  }
  return model;
}

/** Parses the `search` query-string parameter of a GET query. */
export function parseSearchParam(search: string | null): QueryModel {
  if (!search) throw ruleError("The 'search' parameter is required.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(search);
  } catch {
    throw ruleError("The 'search' parameter is not valid JSON.");
  }
  return parseQueryModel(parsed);
}

export type QueryScope = {
  tenant: Tenant;
  entity: EntityName;
  /** Rows the API user may see (restricted security levels see nothing). */
  visible: (row: Row) => boolean;
  /** Extra fixed condition, e.g. a child path's parent id. */
  parent?: { field: string; id: number };
};

function compile(scope: QueryScope, model: QueryModel) {
  const spec = ENTITIES[scope.entity];
  const compiled = compileFilter(model.filter, {
    entity: scope.entity,
    fields: MODEL_FIELDS[scope.entity]!,
    udfNames: (scope.tenant.udfs[scope.entity] ?? []).map((u) => u.name),
    nonQueryable: spec.nonQueryable,
  });
  const parent = scope.parent;
  return (row: Row) => (!parent || row[parent.field] === parent.id) && scope.visible(row) && compiled.predicate(row);
}

export function countQuery(scope: QueryScope, model: QueryModel): number {
  const match = compile(scope, model);
  let n = 0;
  for (const row of scope.tenant.tables[scope.entity].rows) if (match(row)) n++;
  return n;
}

type Paging = { q: string; after: number; size: number; prev: number[] };

export type PageResult = {
  items: Record<string, unknown>[];
  pageDetails: { count: number; requestCount: number; prevPageUrl: string | null; nextPageUrl: string | null };
};

/** First page of a new query. */
export function firstPage(scope: QueryScope, model: QueryModel, baseUrl: string, username: string): PageResult {
  const match = compile(scope, model); // validates before the query is stored
  const id = randomUUID();
  const kept = scope.tenant.pagedQueries;
  kept.set(id, { entity: scope.entity, model, username });
  while (kept.size > KEPT_QUERIES) kept.delete(kept.keys().next().value!);
  return page(scope, model, match, { q: id, after: -1, size: model.maxRecords ?? PAGE_LIMIT, prev: [] }, baseUrl);
}

/** A page named by a nextPageUrl / prevPageUrl token. */
export function pageFromToken(
  tenant: Tenant,
  entity: EntityName,
  token: string | null,
  username: string,
  visible: (row: Row) => boolean,
  baseUrl: string,
): PageResult {
  let paging: Paging;
  try {
    paging = JSON.parse(token ?? "") as Paging;
  } catch {
    throw ruleError("The paging token is not valid.");
  }
  const stored = typeof paging?.q === "string" ? tenant.pagedQueries.get(paging.q) : undefined;
  if (!stored || stored.entity !== entity || stored.username !== username || typeof paging.after !== "number") {
    throw ruleError("The paging token has expired or does not belong to this query; run the query again.");
  }
  const model = stored.model as QueryModel;
  const scope: QueryScope = { tenant, entity, visible };
  return page(scope, model, compile(scope, model), { ...paging, prev: Array.isArray(paging.prev) ? paging.prev : [] }, baseUrl);
}

function page(scope: QueryScope, model: QueryModel, match: (row: Row) => boolean, paging: Paging, baseUrl: string): PageResult {
  const table = scope.tenant.tables[scope.entity];
  const found: Row[] = [];
  let hasMore = false;
  for (let i = table.startAfter(paging.after); i < table.rows.length; i++) {
    const row = table.rows[i]!;
    if (!match(row)) continue;
    if (found.length === paging.size) {
      hasMore = true;
      break;
    }
    found.push(row);
  }
  const include = resolveIncludeFields(scope, model.includeFields);
  if (include && hasMore && !include.includes("id")) {
    throw ruleError("IncludeFields must contain 'id' when the result has more than one page.");
  }
  const url = (p: Paging) =>
    `${baseUrl}V1.0/${scope.entity}/query/next?paging=${encodeURIComponent(JSON.stringify(p))}`;
  const last = found[found.length - 1];
  const next = hasMore && last ? url({ q: paging.q, after: last.id, size: paging.size, prev: [...paging.prev, paging.after].slice(-KEPT_CURSORS) }) : null;
  const prevAfter = paging.prev[paging.prev.length - 1];
  const prev = prevAfter !== undefined ? url({ q: paging.q, after: prevAfter, size: paging.size, prev: paging.prev.slice(0, -1) }) : null;
  return {
    items: found.map((row) => serialise(scope.tenant, scope.entity, row, include)),
    pageDetails: { count: found.length, requestCount: paging.size, prevPageUrl: prev, nextPageUrl: next },
  };
}

function resolveIncludeFields(scope: QueryScope, names: string[] | undefined): string[] | undefined {
  if (!names || names.length === 0) return undefined;
  const byLower = new Map(MODEL_FIELDS[scope.entity]!.map((f) => [f.name.toLowerCase(), f.name]));
  return names.map((n) => {
    const name = n.toLowerCase() === "userdefinedfields" ? "userDefinedFields" : byLower.get(n.toLowerCase());
    if (!name) throw ruleError(`IncludeFields: '${n}' is not a valid field of ${scope.entity}.`);
    return name;
  });
}

/** A row as the API returns it: every field (null when unset) plus the tenant's UDFs. */
export function serialise(tenant: Tenant, entity: EntityName, row: Row, include?: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of MODEL_FIELDS[entity]!) {
    if (!include || include.includes(f.name)) out[f.name] = row[f.name] ?? null;
  }
  if (ENTITIES[entity].hasUdfs && (!include || include.includes("userDefinedFields"))) {
    const values = (row.userDefinedFields as { name: string; value: string | null }[] | undefined) ?? [];
    out.userDefinedFields = (tenant.udfs[entity] ?? []).map((d) => ({
      name: d.name,
      value: values.find((v) => v.name === d.name)?.value ?? null,
    }));
  }
  return out;
}
