import { z } from "zod";

/**
 * The sandbox is served in demo and test modes, and in production only when SANDBOX_ENABLED=1.
 * Its _admin endpoints (reset, log, faults) exist only in demo and test modes. Read per request
 * (not cached) with the same values server/env.ts validates, so a test can switch modes.
 */
const mode = () => z.enum(["production", "demo", "test"]).catch("production").parse(process.env.PSA_RELAY_MODE ?? "production");

export function autotaskSandboxEnabled(): boolean {
  const m = mode();
  return m === "demo" || m === "test" || process.env.SANDBOX_ENABLED === "1";
}

export function autotaskSandboxAdminEnabled(): boolean {
  const m = mode();
  return m === "demo" || m === "test";
}
