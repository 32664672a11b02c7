import { PsaError } from "../errors";

import type { AutotaskClient } from "./client";
import { everything } from "./query";
import { type AtCurrency, type AtFieldInfo, type AtPicklistValue, type AtUdfInfo, currencySchema, fieldsResultSchema, udfFieldsResultSchema } from "./schemas";

/**
 * Field metadata, picklists and UDF definitions read from `/{E}/entityInformation/fields` and
 * `/userDefinedFields` (psa-api-facts A6), and the database's Currencies, cached per connection in
 * memory with a TTL — picklist ids differ per Autotask database, so they are never hard-coded.
 * Concurrent readers share one request; a failed read is not cached.
 */
const DEFAULT_TTL_MS = 15 * 60_000;

type Entry = { expires: number; value: Promise<unknown> };
const cache = ((globalThis as unknown as { __psaRelayAutotaskMeta?: Map<string, Entry> }).__psaRelayAutotaskMeta ??= new Map());

export class AutotaskMetadata {
  constructor(
    private readonly client: AutotaskClient,
    private readonly ttlMs = DEFAULT_TTL_MS,
  ) {}

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const full = `${this.client.cacheKey}|${key}`;
    const hit = cache.get(full);
    if (hit && hit.expires > Date.now()) return hit.value as Promise<T>;
    const value = load();
    cache.set(full, { expires: Date.now() + this.ttlMs, value });
    value.catch(() => {
      if (cache.get(full)?.value === value) cache.delete(full);
    });
    return value;
  }

  fields(entity: string): Promise<AtFieldInfo[]> {
    return this.cached(`fields|${entity}`, async () => {
      const out = await this.client.get(`${entity}/entityInformation/fields`, fieldsResultSchema, `${entity}.fields`);
      return out.fields;
    });
  }

  udfs(entity: string): Promise<AtUdfInfo[]> {
    return this.cached(`udfs|${entity}`, async () => {
      const out = await this.client.get(`${entity}/entityInformation/userDefinedFields`, udfFieldsResultSchema, `${entity}.userDefinedFields`);
      return out.fields;
    });
  }

  /** Every currency of the database (one query; Autotask has a handful). */
  currencies(): Promise<AtCurrency[]> {
    return this.cached("currencies", () => this.client.query("Currencies", { filter: [everything()] }, currencySchema));
  }

  async picklist(entity: string, field: string): Promise<AtPicklistValue[]> {
    const info = (await this.fields(entity)).find((f) => f.name.toLowerCase() === field.toLowerCase());
    if (!info || !info.isPickList) {
      throw new PsaError({
        kind: "invalid",
        provider: "autotask",
        operation: `${entity}.fields`,
        message: `Autotask's ${entity} metadata has no picklist named ${field}.`,
      });
    }
    return info.picklistValues ?? [];
  }

  /** Labels by value, for mapping. */
  async labels(entity: string, field: string): Promise<Map<string, string>> {
    return new Map((await this.picklist(entity, field)).map((p) => [p.value, p.label]));
  }

  /** Values whose label matches (case-insensitive, trimmed). */
  async valuesByLabel(entity: string, field: string, label: string): Promise<number[]> {
    const wanted = label.trim().toLowerCase();
    return (await this.picklist(entity, field)).filter((p) => p.label.trim().toLowerCase() === wanted).map((p) => Number(p.value));
  }

  /** The single value of a label; a clear `invalid` error naming the label when the tenant has none. */
  async valueByLabel(entity: string, field: string, label: string): Promise<number> {
    const values = await this.valuesByLabel(entity, field, label);
    if (values.length === 0) {
      throw new PsaError({
        kind: "invalid",
        provider: "autotask",
        operation: `${entity}.fields`,
        message: `This Autotask database has no ${entity} ${field} value labelled "${label}".`,
        hint: `Add or rename the "${label}" value in Autotask's ${field} list.`,
      });
    }
    return values[0]!;
  }
}

/** Empties cached metadata whose client cache key starts with `prefix` (all when omitted). */
export function clearMetadataCache(prefix?: string): void {
  for (const key of cache.keys()) if (!prefix || key.startsWith(prefix)) cache.delete(key);
}
