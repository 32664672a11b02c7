import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPartner, createUser } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { endSession, sessionActive, startSession } from "./sessions";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("server-side sessions", () => {
  it("a session is active until signed out or expired, and only for its own user", async () => {
    const partner = await createPartner(handle.db);
    const ann = await createUser(handle.db, { partnerId: partner.id });
    const bob = await createUser(handle.db, { partnerId: partner.id, email: "bob-sessions@example.test" });
    const t0 = new Date("2026-03-01T08:00:00Z");
    const first = await startSession(handle.db, ann.id, 3600, t0);
    const second = await startSession(handle.db, ann.id, 3600, t0);
    expect(await sessionActive(handle.db, first, ann.id, t0)).toBe(true);
    expect(await sessionActive(handle.db, first, bob.id, t0)).toBe(false);
    expect(await sessionActive(handle.db, first, ann.id, new Date(t0.getTime() + 3600_000))).toBe(false);

    await endSession(handle.db, first);
    expect(await sessionActive(handle.db, first, ann.id, t0)).toBe(false);
    // Signing out in one browser leaves the user's other sessions alone.
    expect(await sessionActive(handle.db, second, ann.id, t0)).toBe(true);

    for (const bad of [undefined, null, 42, "", "not-a-uuid"]) expect(await sessionActive(handle.db, bad, ann.id, t0)).toBe(false);
    await endSession(handle.db, "not-a-uuid");
  });
});
