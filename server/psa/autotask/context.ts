import type { z } from "zod";

import { isPsaError } from "../errors";
import { backoffDelay, sleep } from "../http/retry";

import type { AutotaskClient } from "./client";
import type { AutotaskMetadata } from "./metadata";
import { type AtFilter, idFilterSets } from "./query";

/** What the operation modules (tickets, billing) share: the client, cached metadata, clock, retry policy. */
export type AutotaskContext = {
  client: AutotaskClient;
  meta: AutotaskMetadata;
  now: () => Date;
  maxRetries: number;
  backoffBaseMs: number;
};

/**
 * Rows of `entity` whose `field` is one of `ids`, batched under the condition limit. `includeFields`
 * narrows what comes back (it must name `field` and `id`: paging past 500 rows needs the id).
 */
export async function queryByIds<T extends z.ZodTypeAny>(
  ctx: AutotaskContext,
  entity: string,
  field: string,
  ids: number[],
  schema: T,
  others: AtFilter[] = [],
  includeFields?: string[],
): Promise<z.infer<T>[]> {
  const rows: z.infer<T>[] = [];
  for (const set of idFilterSets(field, ids, others)) {
    const query = includeFields ? { IncludeFields: [...new Set(["id", field, ...includeFields])], filter: set.filter } : { filter: set.filter };
    const page = await ctx.client.query(entity, query, schema);
    for (const row of page) {
      if (!set.keep || set.keep.has(Number((row as Record<string, unknown>)[field]))) rows.push(row);
    }
  }
  return rows;
}

/**
 * A non-idempotent write (create) that survives "the write happened but the answer was lost":
 * when the create ends `unavailable`, `lookup` checks whether it landed before trying again.
 * (Throttled answers were refused before processing; the client retries those itself.)
 */
export async function createOnce<T>(ctx: AutotaskContext, create: () => Promise<T>, lookup: (() => Promise<T | null>) | null): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await create();
    } catch (err) {
      // Without a way to look the record up, a retry could create it twice: give up instead.
      if (!lookup || !isPsaError(err) || err.kind !== "unavailable" || attempt >= ctx.maxRetries) throw err;
      await sleep(backoffDelay(attempt, { baseMs: ctx.backoffBaseMs }));
      const landed = await lookup();
      if (landed !== null) return landed;
    }
  }
}
