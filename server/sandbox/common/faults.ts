import { z } from "zod";

/**
 * Fault injection for a sandbox tenant, set through the _admin endpoints (demo and test modes only):
 * added latency, a fraction of 429s with Retry-After, a fraction of 500s, and "fail after commit"
 * (the write is applied, then the answer is a 500 or the connection hangs until the client times out).
 */
export const faultConfigSchema = z.object({
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  throttleRate: z.number().min(0).max(1).default(0),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  errorRate: z.number().min(0).max(1).default(0),
  failAfterCommitRate: z.number().min(0).max(1).default(0),
  failAfterCommitMode: z.enum(["500", "timeout"]).default("500"),
  /** How long a "timeout" answer hangs before the sandbox gives up (the client should time out first). */
  hangMs: z.number().int().min(0).max(600_000).default(60_000),
  /** Apply faults only to requests whose path contains this text (case-insensitive), when set. */
  pathContains: z.string().max(200).optional(),
});

export type FaultConfig = z.infer<typeof faultConfigSchema>;

export const noFaults = (): FaultConfig => faultConfigSchema.parse({});

export type FaultDecision =
  | { kind: "none" }
  | { kind: "throttle"; retryAfterSeconds: number }
  | { kind: "error" }
  | { kind: "fail-after-commit"; mode: "500" | "timeout"; hangMs: number };

/**
 * Decides the fault for one request. Throttles and errors happen before the handler runs (nothing
 * is written); fail-after-commit only applies to writes and happens after the handler ran.
 */
export function decideFault(cfg: FaultConfig, req: { path: string; isWrite: boolean }, random: () => number = Math.random): FaultDecision {
  if (cfg.pathContains && !req.path.toLowerCase().includes(cfg.pathContains.toLowerCase())) return { kind: "none" };
  if (cfg.throttleRate > 0 && random() < cfg.throttleRate) return { kind: "throttle", retryAfterSeconds: cfg.retryAfterSeconds };
  if (cfg.errorRate > 0 && random() < cfg.errorRate) return { kind: "error" };
  if (req.isWrite && cfg.failAfterCommitRate > 0 && random() < cfg.failAfterCommitRate) {
    return { kind: "fail-after-commit", mode: cfg.failAfterCommitMode, hangMs: cfg.hangMs };
  }
  return { kind: "none" };
}
