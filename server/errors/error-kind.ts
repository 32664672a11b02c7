const SAFE_TOKEN_RE = /^[\w.$:-]{1,60}$/;

/**
 * The kind of an unexpected error, fit for a log line or a message a partner sees: the names and
 * codes along its cause chain, e.g. `DrizzleQueryError < PostgresError(22008)`. Messages are left
 * out on purpose: a failed query's message carries its SQL and parameters (customer data).
 */
export function errorKindOf(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const rawName = e instanceof Error ? e.name : e.constructor?.name;
    const name = typeof rawName === "string" && SAFE_TOKEN_RE.test(rawName) ? rawName : "Error";
    const code = (e as { code?: unknown }).code;
    parts.push(typeof code === "string" && SAFE_TOKEN_RE.test(code) ? `${name}(${code})` : name);
  }
  return parts.length > 0 ? parts.join(" < ") : typeof err;
}
