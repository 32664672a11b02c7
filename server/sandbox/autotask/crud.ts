import { ENTITIES, type EntityName } from "./entities";
import { ruleError } from "./responses";
import { hooksFor, type WriteContext } from "./rules";
import type { Row } from "./state";
import { applyUdfs, checkRecord, clearedByPut, normaliseBody, rowId, type Udf } from "./write";

/**
 * Generic create / update / delete of an entity row (root or child path). Creates answer
 * `{itemId}` with the new id; PUT replaces every writable field (id in the body), PATCH changes
 * only the fields sent; both answer `{itemId}`.
 */
export type Parent = { field: string; id: number };

export function createRow(ctx: WriteContext, entity: EntityName, body: unknown, parent?: Parent): { itemId: number } {
  const { values, udfs } = normaliseBody(entity, body);
  if (values.id !== undefined && values.id !== null && values.id !== 0) {
    throw ruleError(`${ENTITIES[entity].label}: 'id' must be 0 or left out when creating.`);
  }
  delete values.id;
  if (parent) {
    const given = values[parent.field];
    if (given !== undefined && given !== null && given !== parent.id) {
      throw ruleError(`${ENTITIES[entity].label}: ${parent.field} ${String(given)} does not match the parent ${parent.id} in the URL.`);
    }
    values[parent.field] = parent.id;
  }
  const hooks = hooksFor(entity);
  const changed = new Set(Object.keys(values));
  checkRecord(ctx.tenant, entity, values, changed);
  hooks.beforeCreate?.(ctx, values);
  const record: Record<string, unknown> = { ...values };
  if (ENTITIES[entity].hasUdfs) record.userDefinedFields = applyUdfs(ctx.tenant, entity, [], udfs, true);
  const row = ctx.tenant.tables[entity].insert(record);
  hooks.afterWrite?.(ctx, row);
  return { itemId: row.id };
}

export function updateRow(
  ctx: WriteContext,
  entity: EntityName,
  body: unknown,
  mode: "PUT" | "PATCH",
  visible: (row: Row) => boolean,
  parent?: Parent,
): { itemId: number } {
  const { values, udfs } = normaliseBody(entity, body);
  const id = rowId(values, entity);
  const existing = ctx.tenant.tables[entity].get(id);
  const label = ENTITIES[entity].label;
  if (!existing || !visible(existing)) throw ruleError(`${label} ${id} does not exist or is not visible to this API user.`);
  if (parent && existing[parent.field] !== parent.id) throw ruleError(`${label} ${id} does not belong to the parent ${parent.id} in the URL.`);
  delete values.id;
  if (parent && parent.field in values && values[parent.field] !== parent.id) {
    throw ruleError(`${label}: ${parent.field} cannot be changed.`);
  }
  const merged: Record<string, unknown> = mode === "PUT" ? { ...existing, ...clearedByPut(entity, values), ...values, id } : { ...existing, ...values };
  if (parent) merged[parent.field] = parent.id;
  const changed = new Set(mode === "PUT" ? Object.keys(merged) : Object.keys(values));
  const hooks = hooksFor(entity);
  checkRecord(ctx.tenant, entity, merged, changed);
  hooks.beforeUpdate?.(ctx, merged, existing, changed);
  if (ENTITIES[entity].hasUdfs) {
    const current = existing.userDefinedFields as Udf[] | undefined;
    merged.userDefinedFields = udfs === undefined ? current ?? [] : applyUdfs(ctx.tenant, entity, mode === "PUT" ? [] : current, udfs, false);
  }
  Object.assign(existing, merged);
  hooks.afterWrite?.(ctx, existing);
  return { itemId: id };
}

export function deleteRow(ctx: WriteContext, entity: EntityName, id: number): { itemId: number } {
  const row = ctx.tenant.tables[entity].get(id);
  if (!row) throw ruleError(`${ENTITIES[entity].label} ${id} does not exist.`);
  hooksFor(entity).beforeDelete?.(ctx, row);
  ctx.tenant.tables[entity].delete(id);
  return { itemId: id };
}
