import type { ModelField, ModelFieldType } from "./model-fields";
import { ruleError } from "./responses";
import type { Row } from "./state";

/**
 * The Autotask query grammar (psa-api-facts A4): a top-level array of conditions ANDed together;
 * `{op:"and"|"or", items:[…]}` groups nest; leaf ops eq, noteq, gt, gte, lt, lte, beginsWith,
 * endsWith, contains, exist, notExist, in, notIn; `udf:true` names a UDF (one per query).
 * Field names and string comparisons are case-insensitive. At most 500 conditions (an `in`
 * list counts one per value). Errors are business-rule errors (HTTP 500 with errors[]).
 */
export type FilterNode = { op?: unknown; field?: unknown; value?: unknown; udf?: unknown; items?: unknown };

export const MAX_CONDITIONS = 500;

const LEAF_OPS = ["eq", "noteq", "gt", "gte", "lt", "lte", "beginswith", "endswith", "contains", "exist", "notexist", "in", "notin"];

type Getter = (row: Row) => unknown;
type Predicate = (row: Row) => boolean;

export type CompiledFilter = { predicate: Predicate; conditions: number; udfConditions: number };

export type FilterContext = {
  entity: string;
  fields: ModelField[];
  udfNames: string[];
  nonQueryable?: string[];
};

export function compileFilter(filter: unknown, ctx: FilterContext): CompiledFilter {
  if (!Array.isArray(filter) || filter.length === 0) {
    throw ruleError("The query must contain at least one filter condition.");
  }
  const fieldByLower = new Map(ctx.fields.map((f) => [f.name.toLowerCase(), f]));
  const udfByLower = new Map(ctx.udfNames.map((n) => [n.toLowerCase(), n]));
  const nonQueryable = new Set((ctx.nonQueryable ?? []).map((n) => n.toLowerCase()));
  const counts = { conditions: 0, udf: 0 };

  const compileNode = (node: unknown): Predicate => {
    if (!node || typeof node !== "object" || Array.isArray(node)) throw ruleError("Each filter condition must be an object.");
    const n = node as FilterNode;
    const op = typeof n.op === "string" ? n.op.toLowerCase() : "";
    if (op === "and" || op === "or") {
      if (!Array.isArray(n.items) || n.items.length === 0) throw ruleError(`The '${n.op}' group needs a non-empty 'items' list.`);
      const parts = n.items.map(compileNode);
      return op === "and" ? (row) => parts.every((p) => p(row)) : (row) => parts.some((p) => p(row));
    }
    if (!LEAF_OPS.includes(op)) throw ruleError(`Unknown filter operator '${String(n.op)}'.`);
    if (typeof n.field !== "string" || !n.field) throw ruleError(`The '${String(n.op)}' condition needs a 'field'.`);

    let getter: Getter;
    let type: ModelFieldType;
    if (n.udf === true) {
      const name = udfByLower.get(n.field.toLowerCase());
      if (!name) throw ruleError(`'${n.field}' is not a user-defined field of ${ctx.entity}.`);
      counts.udf++;
      if (counts.udf > 1) throw ruleError("Only one user-defined field condition is allowed per query.");
      getter = (row) => (row.userDefinedFields as { name: string; value: unknown }[] | undefined)?.find((u) => u.name === name)?.value ?? null;
      type = "string";
    } else {
      const field = fieldByLower.get(n.field.toLowerCase());
      if (!field) throw ruleError(`'${n.field}' is not a valid field of ${ctx.entity}.`);
      if (nonQueryable.has(field.name.toLowerCase())) throw ruleError(`The field '${field.name}' of ${ctx.entity} cannot be queried.`);
      getter = (row) => row[field.name];
      type = field.type;
    }
    return compileLeaf(op, String(n.op), n.field, n.value, type, getter, counts);
  };

  const parts = filter.map(compileNode);
  if (counts.conditions > MAX_CONDITIONS) {
    throw ruleError(`The query has ${counts.conditions} conditions; at most ${MAX_CONDITIONS} are allowed.`);
  }
  return { predicate: (row) => parts.every((p) => p(row)), conditions: counts.conditions, udfConditions: counts.udf };
}

function compileLeaf(
  op: string,
  opName: string,
  field: string,
  value: unknown,
  type: ModelFieldType,
  get: Getter,
  counts: { conditions: number },
): Predicate {
  if (op === "exist" || op === "notexist") {
    counts.conditions++;
    const present = (row: Row) => {
      const v = get(row);
      return v !== null && v !== undefined && v !== "";
    };
    return op === "exist" ? present : (row) => !present(row);
  }
  if (op === "in" || op === "notin") {
    if (!Array.isArray(value) || value.length === 0) throw ruleError(`The '${opName}' condition on '${field}' needs a non-empty list of values.`);
    counts.conditions += value.length;
    const wanted = new Set(value.map((v) => key(coerce(v, type, field))));
    const member = (row: Row) => {
      const v = normalise(get(row), type);
      return v !== null && wanted.has(key(v));
    };
    return op === "in" ? member : (row) => !member(row);
  }
  counts.conditions++;
  if (value === undefined) throw ruleError(`The '${opName}' condition on '${field}' needs a value.`);
  const target = coerce(value, type, field);
  const cmp = (row: Row): number | null => {
    const v = normalise(get(row), type);
    if (v === null || target === null) return null;
    if (typeof v === "string" && typeof target === "string") return v < target ? -1 : v > target ? 1 : 0;
    return (v as number) - (target as number);
  };
  const rel = (test: (c: number) => boolean): Predicate => (row) => {
    const c = cmp(row);
    return c !== null && test(c);
  };
  switch (op) {
    case "eq":
      return target === null ? (row) => normalise(get(row), type) === null : rel((c) => c === 0);
    case "noteq":
      return target === null ? (row) => normalise(get(row), type) !== null : rel((c) => c !== 0);
    case "gt":
      return rel((c) => c > 0);
    case "gte":
      return rel((c) => c >= 0);
    case "lt":
      return rel((c) => c < 0);
    case "lte":
      return rel((c) => c <= 0);
    default: {
      if (type !== "string") throw ruleError(`The '${opName}' operator only applies to text fields ('${field}' is not text).`);
      const t = String(target);
      const test =
        op === "beginswith" ? (s: string) => s.startsWith(t) : op === "endswith" ? (s: string) => s.endsWith(t) : (s: string) => s.includes(t);
      return (row) => {
        const v = normalise(get(row), type);
        return typeof v === "string" && test(v);
      };
    }
  }
}

type Comparable = string | number | null;

const key = (v: Comparable) => (typeof v === "number" ? `n${v}` : `s${v}`);

/** A query value, checked against the field's type. */
function coerce(value: unknown, type: ModelFieldType, field: string): Comparable {
  if (value === null) return null;
  switch (type) {
    case "boolean":
      if (typeof value !== "boolean") throw ruleError(`'${field}' is a boolean field: compare it with true or false.`);
      return value ? 1 : 0;
    case "long":
    case "integer":
    case "double":
    case "decimal": {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw ruleError(`'${String(value)}' is not a valid number for '${field}'.`);
      return n;
    }
    case "datetime": {
      const ms = parseDateTime(value);
      if (ms === null) throw ruleError(`'${String(value)}' is not a valid date for '${field}'.`);
      return ms;
    }
    default:
      if (typeof value === "object") throw ruleError(`'${field}' must be compared with a text value.`);
      return String(value).toLowerCase();
  }
}

/** A stored row value in comparable form. */
function normalise(value: unknown, type: ModelFieldType): Comparable {
  if (value === null || value === undefined) return null;
  if (type === "boolean") return value ? 1 : 0;
  if (type === "datetime") return parseDateTime(value);
  if (type === "string") return String(value).toLowerCase();
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Autotask datetimes are UTC; values without an offset are read as UTC. */
export function parseDateTime(value: unknown): number | null {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const text = value.length === 10 ? `${value}T00:00:00Z` : hasZone ? value : `${value}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
