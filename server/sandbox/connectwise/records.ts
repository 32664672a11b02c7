import { type FieldError, invalidField, requiredField } from "./http";
import { type CollectionName, cwNow, type Rec, type Tenant } from "./state";

/**
 * Record helpers shared by the sandbox's resources: `_info` blocks, reference objects
 * (`{id, name, _info}`) resolved from what a client sends (`{id}` or `{name}` / `{identifier}`),
 * and field-level validation collected into ConnectWise's `errors[]`.
 */
export const SANDBOX_MEMBER = "psarelay";

/** The id inside a reference object, or null. */
export const refId = (value: unknown): number | null =>
  value && typeof value === "object" && typeof (value as { id?: unknown }).id === "number" ? (value as { id: number }).id : null;

export function newInfo(member = SANDBOX_MEMBER): Record<string, string> {
  const now = cwNow();
  return { lastUpdated: now, updatedBy: member, dateEntered: now, enteredBy: member };
}

export function touchInfo(info: unknown, member = SANDBOX_MEMBER): Record<string, string> {
  const base = (info && typeof info === "object" ? info : newInfo(member)) as Record<string, string>;
  return { ...base, lastUpdated: cwNow(), updatedBy: member };
}

/** How each kind of reference is written: the collection, the field a name lookup matches, and ref key → record key. */
const REF_SHAPES = {
  board: { collection: "boards", match: "name", fields: { name: "name" } },
  status: { collection: "boardStatuses", match: "name", fields: { name: "name", sort: "sortOrder" } },
  boardType: { collection: "boardTypes", match: "name", fields: { name: "name" } },
  priority: { collection: "priorities", match: "name", fields: { name: "name", sort: "sortOrder", level: "level" } },
  company: { collection: "companies", match: "identifier", fields: { identifier: "identifier", name: "name" } },
  companyType: { collection: "companyTypes", match: "name", fields: { name: "name" } },
  companyStatus: { collection: "companyStatuses", match: "name", fields: { name: "name" } },
  agreement: { collection: "agreements", match: "name", fields: { name: "name" } },
  agreementType: { collection: "agreementTypes", match: "name", fields: { name: "name" } },
  product: { collection: "catalog", match: "identifier", fields: { identifier: "identifier" } },
  configurationType: { collection: "configurationTypes", match: "name", fields: { name: "name" } },
  configurationStatus: { collection: "configurationStatuses", match: "description", fields: { name: "description" } },
} satisfies Record<string, { collection: CollectionName; match: string; fields: Record<string, string> }>;

export type RefKind = keyof typeof REF_SHAPES;

export function toRef(kind: RefKind, rec: Rec): Record<string, unknown> {
  const shape = REF_SHAPES[kind];
  const out: Record<string, unknown> = { id: rec.id };
  for (const [refKey, recKey] of Object.entries(shape.fields)) out[refKey] = rec[recKey] ?? null;
  out._info = { [`${kind}_href`]: `/${shape.collection}/${rec.id}` };
  return out;
}

/**
 * Resolves a reference value from a request body. Returns the record, null when the value is
 * absent, and pushes a field error when it names nothing.
 */
export function resolveRef(
  tenant: Tenant,
  kind: RefKind,
  value: unknown,
  ctx: { resource: string; field: string; errors: FieldError[]; where?: (rec: Rec) => boolean },
): Rec | null {
  if (value === undefined || value === null) return null;
  const shape = REF_SHAPES[kind];
  const map = tenant.data[shape.collection];
  let found: Rec | undefined;
  if (typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.id === "number") found = map.get(v.id);
    else if (typeof v.id === "string" && /^\d+$/.test(v.id)) found = map.get(Number(v.id));
    else {
      const wanted = (v[shape.match] ?? v.name ?? v.identifier) as unknown;
      if (typeof wanted === "string") {
        for (const rec of map.values()) {
          if (String(rec[shape.match] ?? "").toLowerCase() === wanted.toLowerCase() && (!ctx.where || ctx.where(rec))) {
            found = rec;
            break;
          }
        }
      }
    }
  }
  if (!found || (ctx.where && !ctx.where(found))) {
    ctx.errors.push(invalidField(ctx.resource, ctx.field, `The ${ctx.field} reference is not valid.`));
    return null;
  }
  return found;
}

export function requireString(body: Record<string, unknown>, field: string, resource: string, errors: FieldError[], max?: number): string | null {
  const value = body[field];
  if (typeof value !== "string" || value.trim() === "") {
    errors.push(requiredField(resource, field));
    return null;
  }
  if (max !== undefined && value.length > max) {
    errors.push(invalidField(resource, field, `The ${field} field must be ${max} characters or fewer.`));
  }
  return value;
}

export function optionalString(body: Record<string, unknown>, field: string, resource: string, errors: FieldError[], max?: number): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") {
    errors.push(invalidField(resource, field, `The ${field} field must be a string.`));
    return null;
  }
  if (max !== undefined && value.length > max) {
    errors.push(invalidField(resource, field, `The ${field} field must be ${max} characters or fewer.`));
  }
  return value;
}

export function optionalNumber(body: Record<string, unknown>, field: string, resource: string, errors: FieldError[]): number | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    errors.push(invalidField(resource, field, `The ${field} field must be a number.`));
    return null;
  }
  return value;
}

export function optionalBool(body: Record<string, unknown>, field: string, resource: string, errors: FieldError[], fallback: boolean | null = null): boolean | null {
  const value = body[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") {
    errors.push(invalidField(resource, field, `The ${field} field must be true or false.`));
    return fallback;
  }
  return value;
}

/** Date-time fields: ISO-8601 UTC, stored without milliseconds. */
export function optionalDate(body: Record<string, unknown>, field: string, resource: string, errors: FieldError[]): string | null {
  const value = body[field];
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
    errors.push(invalidField(resource, field, `The ${field} field must be a date-time like 2024-01-31T00:00:00Z.`));
    return null;
  }
  return cwNow(new Date(value));
}

export function optionalEnum(body: Record<string, unknown>, field: string, allowed: string[], resource: string, errors: FieldError[]): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || !allowed.includes(value)) {
    errors.push(invalidField(resource, field, `The ${field} field must be one of ${allowed.join(", ")}.`));
    return null;
  }
  return value;
}
