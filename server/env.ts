import { z } from "zod";

/**
 * The validated environment. Read lazily (first call), so library code and tests never need to
 * fake variables they do not use.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  /** Secret for session tokens. Demo and tests generate one; production must set it. */
  AUTH_SECRET: z.string().min(16).optional(),
  /** Public origin of the portal, used in links (e.g. from PSA tickets back to the Event Log). */
  APP_URL: z.string().url().default("http://localhost:3000"),
  /** "demo" seeds data and enables demo-only surfaces; "test" is set by the test harness. */
  PSA_RELAY_MODE: z.enum(["production", "demo", "test"]).default("production"),
  INNGEST_DEV: z.string().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  /** Session lifetime in seconds (default 8 hours). */
  SESSION_MAX_AGE: z.coerce.number().int().positive().default(8 * 60 * 60),
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** 32-byte key (hex or base64) that seals PSA secrets at rest; demo and test create a local one. */
  SECRETS_KEY: z.string().optional(),
  /** Serve the PSA sandboxes outside demo and test modes. */
  SANDBOX_ENABLED: z.enum(["0", "1"]).default("0"),
  /** Ingest API: the earliest event time (and usage day) accepted; older ones get a 400. */
  INGEST_MIN_OCCURRED_AT: z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], {
      error: "Must be an ISO 8601 date-time such as 2000-01-01T00:00:00Z, or a date such as 2000-01-01 (UTC midnight).",
    })
    .default("2000-01-01T00:00:00Z"),
  /** Ingest API: how far ahead of the server's clock an event time may be (sender clock skew). */
  INGEST_MAX_FUTURE_SKEW_SECONDS: z.coerce.number().int().min(0).max(24 * 60 * 60).default(300),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid environment: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** True when an Inngest server (Dev Server or Cloud) is configured; otherwise jobs run inline. */
export function inngestServerConfigured(): boolean {
  const e = env();
  const dev = e.INNGEST_DEV?.trim().toLowerCase();
  return Boolean((dev && dev !== "0" && dev !== "false") || e.INNGEST_EVENT_KEY);
}

/**
 * Whether X-Forwarded-For can be trusted for the client's address (set TRUST_PROXY=1 behind a
 * reverse proxy that overwrites it). Without it, per-IP sign-in throttling is off and only the
 * per-e-mail throttle applies, since a client could send any address.
 */
export function trustProxy(): boolean {
  return env().TRUST_PROXY === "1";
}
