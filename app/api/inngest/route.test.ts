import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

/** Fresh modules per case: server/env.ts caches the environment on first read. */
async function loadRoute(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return import("./route");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("/api/inngest", () => {
  it("answers 503 with what to set when jobs run inline", async () => {
    const route = await loadRoute({ INNGEST_DEV: undefined, INNGEST_EVENT_KEY: undefined });
    const res = await route.GET(new NextRequest("http://localhost:3000/api/inngest"), {});
    expect(res.status).toBe(503);
    expect((await res.json()).message).toContain("INNGEST_DEV");
  });

  it("serves the app's functions to an Inngest Dev Server", async () => {
    const route = await loadRoute({ INNGEST_DEV: "1", INNGEST_EVENT_KEY: undefined });
    const res = await route.GET(new NextRequest("http://localhost:3000/api/inngest"), {});
    expect(res.status).toBe(200);
    const { functions } = await import("~/inngest/functions");
    // Inngest registers an onFailure handler as a function of its own.
    const expected = functions.length + functions.filter((f) => f.opts.onFailure).length;
    expect(await res.json()).toMatchObject({ function_count: expected, mode: "dev" });
  });
});
