import type { InlineEvent, InlineLogger } from "./types";

/**
 * A function's `concurrency` option as inline slots. Keys of the form `event.data.<path>` (the
 * common case, e.g. one PSA connection at a time) are evaluated; any other expression is treated
 * as a single key for the whole function, which is stricter, never looser.
 */
type ConcurrencyOption = { limit: number; key?: string; scope?: "fn" | "env" | "account" };

const warned = new Set<string>();

/** The value of an `event.data.<path>` key expression (JSON), or undefined for other expressions. */
export function keyValue(event: InlineEvent, expression: string): string | undefined {
  const match = /^event\.data((?:\.[A-Za-z_$][\w$]*)+)$/.exec(expression.trim());
  if (!match) return undefined;
  let value: unknown = event.data;
  for (const part of match[1]!.slice(1).split(".")) {
    value = value && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
  }
  return JSON.stringify(value ?? null);
}

export function concurrencySlots(
  fnId: string,
  option: unknown,
  event: InlineEvent,
  logger: InlineLogger,
): { key: string; limit: number }[] {
  if (option === undefined || option === null) return [];
  const list: ConcurrencyOption[] = (Array.isArray(option) ? option : [option]).map((o) =>
    typeof o === "number" ? { limit: o } : (o as ConcurrencyOption),
  );
  const slots: { key: string; limit: number }[] = [];
  for (const o of list) {
    if (!o || !(o.limit > 0)) continue;
    const scope = o.scope ?? "fn";
    const prefix = scope === "fn" ? `fn:${fnId}` : scope;
    if (!o.key) {
      slots.push({ key: prefix, limit: o.limit });
      continue;
    }
    const value = keyValue(event, o.key);
    if (value === undefined && !warned.has(`${fnId}:${o.key}`)) {
      warned.add(`${fnId}:${o.key}`);
      logger.warn(`[jobs] ${fnId}: concurrency key "${o.key}" is not evaluated inline; one slot pool is used for all its runs`);
    }
    slots.push({ key: `${prefix}:${o.key}=${value ?? "*"}`, limit: o.limit });
  }
  return slots;
}
