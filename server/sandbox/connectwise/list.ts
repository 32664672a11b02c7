import { type Condition, ConditionSyntaxError, conditionPaths, evaluate, parseConditions, valuesAt } from "./conditions";
import { badRequest, SandboxHttpError } from "./http";
import type { Rec } from "./state";

/**
 * List semantics of ConnectWise 3.0: `conditions`, `childConditions` (array fields),
 * `customFieldConditions`, `orderBy`, `fields`, `page` (1-based) / `pageSize` (default 25, max 1000)
 * with a navigable `Link` header, or forward-only paging (`pagination-type: forward-only`, `pageId`).
 * Bodies are bare arrays; Link URLs are absolute on the request's origin and keep every other
 * query parameter (so conditions survive page after page).
 */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;

export type ListQuery = {
  conditions: Condition | null;
  childConditions: Condition | null;
  customFieldConditions: Condition | null;
  orderBy: Array<{ path: string[]; desc: boolean }>;
  fields: string[][] | null;
  page: number;
  pageSize: number;
  pageId: number | null;
  forwardOnly: boolean;
};

export type FieldSpec = { fields: string[]; arrayFields?: string[] };

function parseExpr(name: string, raw: string | null): Condition | null {
  if (raw === null || raw.trim() === "") return null;
  try {
    return parseConditions(raw);
  } catch (err) {
    if (err instanceof ConditionSyntaxError) throw badRequest(`${name}: ${err.message}`);
    throw err;
  }
}

function checkPaths(name: string, cond: Condition | null, spec: FieldSpec, wantArrays: boolean): void {
  if (!cond) return;
  const known = new Map(spec.fields.map((f) => [f.toLowerCase(), f]));
  const arrays = new Set((spec.arrayFields ?? []).map((f) => f.toLowerCase()));
  for (const path of conditionPaths(cond)) {
    const head = path[0]?.toLowerCase() ?? "";
    if (!known.has(head)) {
      throw new SandboxHttpError(400, "InvalidObject", `${name}: unknown field '${path.join("/")}'`);
    }
    if (arrays.has(head) && !wantArrays) {
      throw badRequest(`conditions: '${path.join("/")}' is a collection field; use childConditions`);
    }
    if (!arrays.has(head) && wantArrays) {
      throw badRequest(`childConditions: '${path.join("/")}' is not a collection field; use conditions`);
    }
  }
}

function positiveInt(name: string, raw: string | null): number | null {
  if (raw === null || raw === "") return null;
  if (!/^\d+$/.test(raw)) throw badRequest(`${name} must be a positive whole number`);
  return Number(raw);
}

export function parseListQuery(url: URL, headers: Headers, spec: FieldSpec): ListQuery {
  const p = url.searchParams;
  const conditions = parseExpr("conditions", p.get("conditions"));
  const childConditions = parseExpr("childConditions", p.get("childConditions"));
  const customFieldConditions = parseExpr("customFieldConditions", p.get("customFieldConditions"));
  checkPaths("conditions", conditions, spec, false);
  checkPaths("childConditions", childConditions, spec, true);

  const orderBy: ListQuery["orderBy"] = [];
  for (const part of (p.get("orderBy") ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_/]*)(?:\s+(asc|desc))?$/i.exec(part);
    if (!m) throw badRequest(`orderBy: cannot read '${part}'`);
    const path = m[1]!.split("/");
    if (!spec.fields.some((f) => f.toLowerCase() === path[0]!.toLowerCase())) {
      throw new SandboxHttpError(400, "InvalidObject", `orderBy: unknown field '${m[1]}'`);
    }
    orderBy.push({ path, desc: (m[2] ?? "asc").toLowerCase() === "desc" });
  }

  const fieldsRaw = p.get("fields");
  const fields = fieldsRaw ? fieldsRaw.split(",").map((f) => f.trim()).filter(Boolean).map((f) => f.split("/")) : null;

  const page = Math.max(1, positiveInt("page", p.get("page")) ?? 1);
  const requested = positiveInt("pageSize", p.get("pageSize"));
  const pageSize = requested === null || requested < 1 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
  const forwardOnly = (headers.get("pagination-type") ?? "").toLowerCase() === "forward-only";
  return { conditions, childConditions, customFieldConditions, orderBy, fields, page, pageSize, pageId: positiveInt("pageId", p.get("pageId")), forwardOnly };
}

export function filterRecords(records: Iterable<Rec>, q: ListQuery): Rec[] {
  const out: Rec[] = [];
  for (const rec of records) {
    if (q.conditions && !evaluate(q.conditions, rec)) continue;
    if (q.childConditions && !evaluate(q.childConditions, rec)) continue;
    if (q.customFieldConditions) {
      const fields = Array.isArray(rec.customFields) ? rec.customFields : [];
      if (!fields.some((f) => evaluate(q.customFieldConditions!, f))) continue;
    }
    out.push(rec);
  }
  return out;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "en", { sensitivity: "base" });
}

function sortRecords(records: Rec[], orderBy: ListQuery["orderBy"]): Rec[] {
  if (orderBy.length === 0 || (orderBy.length === 1 && orderBy[0]!.path.join("/").toLowerCase() === "id")) {
    const desc = orderBy[0]?.desc === true;
    return records.sort((x, y) => (desc ? y.id - x.id : x.id - y.id));
  }
  const keys = orderBy;
  return records.sort((x, y) => {
    for (const key of keys) {
      const c = compare(valuesAt(x, key.path)[0], valuesAt(y, key.path)[0]);
      if (c !== 0) return key.desc ? -c : c;
    }
    return x.id - y.id;
  });
}

export function project(rec: Record<string, unknown>, fields: string[][] | null): Record<string, unknown> {
  if (!fields) return rec;
  const out: Record<string, unknown> = {};
  for (const path of fields) {
    let src: unknown = rec;
    let dst = out;
    path.forEach((segment, i) => {
      if (!src || typeof src !== "object" || Array.isArray(src)) {
        src = undefined;
        return;
      }
      const key = Object.keys(src).find((k) => k.toLowerCase() === segment.toLowerCase());
      if (key === undefined) {
        src = undefined;
        return;
      }
      src = (src as Record<string, unknown>)[key];
      if (i === path.length - 1) {
        if (src !== undefined) dst[key] = src;
      } else {
        dst[key] = (dst[key] as Record<string, unknown> | undefined) ?? {};
        dst = dst[key] as Record<string, unknown>;
      }
    });
  }
  return out;
}

function linkTo(url: URL, origin: string, set: Record<string, string>, remove: string[] = []): string {
  const next = new URL(url.pathname + url.search, origin);
  for (const key of remove) next.searchParams.delete(key);
  for (const [k, v] of Object.entries(set)) next.searchParams.set(k, v);
  return next.toString();
}

/** Sorted the way the query asks (forward-only paging is always by id). */
export function orderRows(rows: Rec[], q: ListQuery): Rec[] {
  return sortRecords(rows, q.forwardOnly ? [] : q.orderBy);
}

/** Pages rows already filtered and ordered by `orderRows`; returns the page and its Link headers. */
export function pageOf(sorted: Rec[], q: ListQuery, url: URL, origin: string): { items: Rec[]; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  if (q.forwardOnly) {
    const after = q.pageId ?? 0;
    const rows = sorted.filter((r) => r.id > after);
    const items = rows.slice(0, q.pageSize);
    if (rows.length > items.length) {
      headers.link = `<${linkTo(url, origin, { pageId: String(items[items.length - 1]!.id) }, ["page"])}>; rel="next"`;
    }
    headers["pagination-type"] = "forward-only";
    return { items, headers };
  }
  const rows = sorted;
  const lastPage = Math.max(1, Math.ceil(rows.length / q.pageSize));
  const items = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const links: string[] = [];
  const at = (page: number) => linkTo(url, origin, { page: String(page), pageSize: String(q.pageSize) });
  if (q.page > 1) {
    links.push(`<${at(1)}>; rel="first"`);
    links.push(`<${at(Math.min(q.page - 1, lastPage))}>; rel="prev"`);
  }
  if (q.page < lastPage) {
    links.push(`<${at(q.page + 1)}>; rel="next"`);
    links.push(`<${at(lastPage)}>; rel="last"`);
  }
  if (links.length) headers.link = links.join(", ");
  return { items, headers };
}
