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
  return Boolean(e.INNGEST_DEV || e.INNGEST_EVENT_KEY);
}
