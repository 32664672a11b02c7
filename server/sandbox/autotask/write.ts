import { ENTITIES, type EntityName } from "./entities";
import { parseDateTime } from "./filter";
import { MODEL_FIELDS } from "./model-fields";
import { picklistValues } from "./picklists";
import { badRequest, ruleError } from "./responses";
import type { Tenant } from "./state";

/**
 * Validation of create / update bodies the way Autotask applies it: property names are
 * case-insensitive, unknown properties are refused (400), read-only fields are ignored, and the
 * business rules — required fields, picklist values of this tenant, parent picklist values,
 * references that must exist, lengths, UDFs — fail with HTTP 500 and an errors array.
 */
export type Udf = { name: string; value: string | null };

/** Formats epoch ms the way the API returns datetimes (UTC, `Z`, milliseconds only when present). */
export function isoUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, 19)}Z` : iso;
}

export function asObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

/** Canonical field names and typed values; `userDefinedFields` kept apart. */
export function normaliseBody(entity: EntityName, body: unknown): { values: Record<string, unknown>; udfs?: Udf[] } {
  const fields = new Map(MODEL_FIELDS[entity]!.map((f) => [f.name.toLowerCase(), f]));
  const readOnly = new Set(ENTITIES[entity].readOnly.filter((f) => f !== "id"));
  const values: Record<string, unknown> = {};
  let udfs: Udf[] | undefined;
  for (const [key, raw] of Object.entries(asObject(body))) {
    if (key.toLowerCase() === "userdefinedfields") {
      udfs = parseUdfArray(raw);
      continue;
    }
    const field = fields.get(key.toLowerCase());
    if (!field) throw badRequest(`'${key}' is not a field of ${entity}.`);
    if (readOnly.has(field.name)) continue;
    values[field.name] = coerceValue(raw, field.type, field.name);
  }
  return { values, udfs };
}

function coerceValue(raw: unknown, type: string, name: string): unknown {
  if (raw === null || raw === undefined) return null;
  switch (type) {
    case "long":
    case "integer": {
      const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
      if (typeof n !== "number" || !Number.isInteger(n)) throw ruleError(`'${name}' must be a whole number.`);
      return n;
    }
    case "double":
    case "decimal": {
      const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
      if (typeof n !== "number" || !Number.isFinite(n)) throw ruleError(`'${name}' must be a number.`);
      return n;
    }
    case "boolean":
      if (typeof raw === "boolean") return raw;
      if (typeof raw === "string" && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === "true";
      throw ruleError(`'${name}' must be true or false.`);
    case "datetime": {
      const ms = parseDateTime(raw);
      if (ms === null) throw ruleError(`'${name}' must be a date and time (yyyy-mm-ddThh:mm:ss).`);
      return isoUtc(ms);
    }
    default:
      if (typeof raw !== "string") throw ruleError(`'${name}' must be text.`);
      return raw;
  }
}

function parseUdfArray(raw: unknown): Udf[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) throw ruleError("userDefinedFields must be a list of {name, value}.");
  return raw.map((item) => {
    const o = asObject(item);
    const entries = Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
    if (typeof entries.name !== "string") throw ruleError("Each user-defined field needs a 'name'.");
    const v = entries.value;
    if (v !== null && v !== undefined && typeof v !== "string" && typeof v !== "number") {
      throw ruleError(`The value of user-defined field '${entries.name}' must be text.`);
    }
    return { name: entries.name, value: v === null || v === undefined ? null : String(v) };
  });
}

/** Merges UDF values into a row's list after checking them against the tenant's definitions. */
export function applyUdfs(tenant: Tenant, entity: EntityName, current: Udf[] | undefined, incoming: Udf[] | undefined, creating: boolean): Udf[] {
  const defs = tenant.udfs[entity] ?? [];
  const result = new Map((current ?? []).map((u) => [u.name, u.value]));
  for (const u of incoming ?? []) {
    const def = defs.find((d) => d.name.toLowerCase() === u.name.toLowerCase());
    if (!def) throw ruleError(`'${u.name}' is not a user-defined field of ${entity}.`);
    if (u.value !== null) {
      if (def.type === "list" && !def.picklistValues.some((p) => p.value === u.value && p.isActive)) {
        throw ruleError(`'${u.value}' is not a value of the list field '${def.name}'.`);
      }
      if (def.type === "number" && !Number.isFinite(Number(u.value))) throw ruleError(`User-defined field '${def.name}' must be a number.`);
      if (def.type === "date" && parseDateTime(u.value) === null) throw ruleError(`User-defined field '${def.name}' must be a date.`);
      if (u.value.length > def.length) throw ruleError(`User-defined field '${def.name}' is longer than ${def.length} characters.`);
    }
    result.set(def.name, u.value);
  }
  for (const def of defs) {
    if (def.isRequired && (creating || result.has(def.name)) && !result.get(def.name)) {
      throw ruleError(`The user-defined field '${def.name}' is required.`);
    }
  }
  return [...result].map(([name, value]) => ({ name, value }));
}

/** Checks a full record (after merge) against the entity's rules. `changed` = fields the request set. */
export function checkRecord(tenant: Tenant, entity: EntityName, record: Record<string, unknown>, changed: Set<string>): void {
  const spec = ENTITIES[entity];
  for (const field of spec.required) {
    if (record[field] === null || record[field] === undefined || record[field] === "") {
      throw ruleError(`${spec.label}: the field '${field}' is required.`);
    }
  }
  for (const [field, max] of Object.entries(spec.lengths ?? {})) {
    const v = record[field];
    if (typeof v === "string" && v.length > max) throw ruleError(`${spec.label}: '${field}' is longer than ${max} characters.`);
  }
  for (const field of spec.picklists) {
    const v = record[field];
    if (v === null || v === undefined || !changed.has(field)) continue;
    const values = picklistValues(tenant, entity, field);
    const match = values.find((p) => p.value === String(v));
    if (!match || !match.isActive) throw ruleError(`${spec.label}: ${String(v)} is not a valid value for '${field}'.`);
    const parentField = spec.picklistParents?.[field];
    if (parentField && match.parentValue !== String(record[parentField] ?? "")) {
      throw ruleError(`${spec.label}: ${String(v)} is not a valid '${field}' for ${parentField} ${String(record[parentField] ?? "(none)")}.`);
    }
  }
  for (const [field, target] of Object.entries(spec.references)) {
    const v = record[field];
    if (v === null || v === undefined || !changed.has(field) || !target) continue;
    if (!tenant.tables[target].get(Number(v))) throw ruleError(`${spec.label}: ${field} ${String(v)} does not exist.`);
  }
}

/** Fields a PUT clears: everything writable that the body left out. */
export function clearedByPut(entity: EntityName, values: Record<string, unknown>): Record<string, unknown> {
  const readOnly = new Set(ENTITIES[entity].readOnly);
  const cleared: Record<string, unknown> = {};
  for (const f of MODEL_FIELDS[entity]!) if (!readOnly.has(f.name) && !(f.name in values)) cleared[f.name] = null;
  return cleared;
}

export function rowId(values: Record<string, unknown>, entity: EntityName): number {
  const id = values.id;
  if (typeof id !== "number" || !Number.isInteger(id) || id <= 0) throw ruleError(`${ENTITIES[entity].label}: the update needs the record's 'id' in the body.`);
  return id;
}
