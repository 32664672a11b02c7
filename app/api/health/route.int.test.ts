import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { type Db, type DbHandle, setDbHandle } from "~/db";
import { createTestDatabase } from "~/server/testing/test-db";

import { GET } from "./route";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  setDbHandle(undefined);
  await handle?.close();
});

describe("GET /api/health", () => {
  it("reports the database driver, the inline job mode and (outside production) the processing backlog", async () => {
    setDbHandle(handle);
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: handle.driver, jobs: "inline", unfinishedEvents: 0 });
  });

  it("answers 503 when the database cannot be reached", async () => {
    const down: DbHandle = {
      db: { execute: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432")) } as unknown as Db,
      driver: "postgres",
      close: async () => {},
    };
    setDbHandle(down);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await GET();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, jobs: "inline", error: "The database is not reachable." });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("ECONNREFUSED"));
    logged.mockRestore();
  });
});
