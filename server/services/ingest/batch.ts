import type { z } from "zod";

import { AppError } from "~/server/errors/app-error";

import { MAX_BATCH } from "./schemas";

/** One failing field: `events[2].severity` and a sentence saying what is expected. */
export type Issue = { path: string; message: string };

/** Renders a zod path as `events[2].details.size`; the body itself is `body`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "body";
}

/** Every failing field of a zod error, in body order. */
export function issuesOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): Issue[] {
  return error.issues.map((i) => ({ path: formatPath([...prefix, ...i.path]), message: i.message }));
}

export function invalidRequest(message: string, issues: Issue[]): AppError {
  return new AppError("BAD_REQUEST", message, { issues });
}

/**
 * A validated request body: one object, or `{<key>: [...]}` with up to MAX_BATCH items.
 * `pathOf(i, field)` names a field of item i the way the client sent it (`events[3].accountNumber`
 * in a batch, `accountNumber` for a single object) for later errors (unknown references).
 */
export type Batch<T> = { items: T[]; batched: boolean; pathOf: (index: number, field: string) => string };

export function parseBatch<S extends z.ZodType>(body: unknown, key: string, noun: string, schema: S): Batch<z.output<S>> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidRequest(`Send one ${noun} as a JSON object, or {"${key}": [...]} with up to ${MAX_BATCH}.`, [
      { path: "body", message: `Expected a JSON object, got ${Array.isArray(body) ? "an array" : body === null ? "null" : typeof body}.` },
    ]);
  }
  const batched = Object.hasOwn(body, key);
  if (batched) {
    const list = (body as Record<string, unknown>)[key];
    if (!Array.isArray(list)) {
      throw invalidRequest(`"${key}" must be an array.`, [{ path: key, message: `Expected an array of up to ${MAX_BATCH} items.` }]);
    }
    if (list.length > MAX_BATCH) {
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `At most ${MAX_BATCH} items per request; this one has ${list.length}. Split it into smaller batches.`,
      );
    }
  }
  const raw = batched ? ((body as Record<string, unknown>)[key] as unknown[]) : [body];
  const items: z.output<S>[] = [];
  const issues: Issue[] = [];
  raw.forEach((item, i) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
    else issues.push(...issuesOf(parsed.error, batched ? [key, i] : []));
  });
  if (issues.length > 0) {
    const n = issues.length;
    throw invalidRequest(`${n} field${n === 1 ? " is" : "s are"} invalid; nothing was stored. See issues.`, issues);
  }
  return {
    items,
    batched,
    pathOf: (index, field) => (batched ? `${key}[${index}].${field}` : field),
  };
}

/** 422 naming every item that references something the partner does not have. */
export function unknownReferences(issues: Issue[]): AppError {
  const n = issues.length;
  return new AppError(
    "UNPROCESSABLE",
    `${n} item${n === 1 ? " references" : "s reference"} something that does not exist; nothing was stored. See issues.`,
    { issues },
  );
}
