import { afterEach, describe, expect, it, vi } from "vitest";

import { safeErrorMessage } from "./safe-error";

/** Fresh modules per case: server/env.ts caches the environment on first read. */
async function loadMode(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  (globalThis as { __psaRelayJobsAnnounced?: boolean }).__psaRelayJobsAnnounced = undefined;
  return import("./mode");
}

afterEach(() => {
  vi.unstubAllEnvs();
  (globalThis as { __psaRelayJobsAnnounced?: boolean }).__psaRelayJobsAnnounced = undefined;
});

describe("announceJobsMode", () => {
  it("says once, clearly, that jobs run inline when no Inngest server is configured", async () => {
    const mode = await loadMode({ INNGEST_DEV: undefined, INNGEST_EVENT_KEY: undefined });
    const logger = { info: vi.fn() };
    mode.announceJobsMode(logger);
    mode.announceJobsMode(logger);
    expect(mode.jobsMode()).toBe("inline");
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      "[jobs] inline mode: no Inngest server configured (set INNGEST_DEV or INNGEST_EVENT_KEY to use one); functions and crons run in this process — for demo and development only",
    );
  });

  it("names the Inngest server without printing the event key", async () => {
    const mode = await loadMode({ INNGEST_DEV: undefined, INNGEST_EVENT_KEY: "evt-secret-key-123" });
    const logger = { info: vi.fn() };
    mode.announceJobsMode(logger);
    expect(mode.jobsMode()).toBe("inngest");
    expect(logger.info).toHaveBeenCalledWith("[jobs] sending events to Inngest (Inngest Cloud)");

    const dev = await loadMode({ INNGEST_DEV: "1", INNGEST_EVENT_KEY: undefined });
    const devLogger = { info: vi.fn() };
    dev.announceJobsMode(devLogger);
    expect(devLogger.info).toHaveBeenCalledWith("[jobs] sending events to Inngest (Dev Server at http://localhost:8288)");
  });
});

describe("safeErrorMessage", () => {
  it("masks Inngest keys and caps the length", () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "evt-secret-key-123");
    expect(safeErrorMessage(new Error("POST https://inn.gs/e/evt-secret-key-123 failed"))).toBe("POST https://inn.gs/e/[redacted] failed");
    expect(safeErrorMessage("x".repeat(400), 10)).toBe(`${"x".repeat(9)}…`);
  });
});
