import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPartner, createUser } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { checkCredentials } from "./credentials";
import { THROTTLE_RULES } from "./throttle";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("checkCredentials", () => {
  it("accepts the right password and rejects a wrong one or an unknown e-mail alike", async () => {
    const partner = await createPartner(handle.db);
    const user = await createUser(handle.db, { partnerId: partner.id, email: "Ann@Example.test", password: "correct horse battery" });
    const ok = await checkCredentials(handle.db, { email: "ann@example.test", password: "correct horse battery" });
    expect(ok).toMatchObject({ ok: true, user: { id: user.id, partnerId: partner.id, role: "admin" } });
    expect(await checkCredentials(handle.db, { email: "ann@example.test", password: "wrong" })).toEqual({ ok: false, reason: "invalid" });
    expect(await checkCredentials(handle.db, { email: "nobody@example.test", password: "x" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks an e-mail after repeated failures, even for the right password, until the lock ends", async () => {
    const partner = await createPartner(handle.db);
    await createUser(handle.db, { partnerId: partner.id, email: "bob@example.test", password: "right password!" });
    const t0 = new Date("2026-01-01T10:00:00Z");
    for (let i = 0; i < THROTTLE_RULES.email.limit; i++) {
      await checkCredentials(handle.db, { email: "bob@example.test", password: "nope" }, t0);
    }
    const locked = await checkCredentials(handle.db, { email: "bob@example.test", password: "right password!" }, t0);
    expect(locked).toMatchObject({ ok: false, reason: "throttled" });
    const later = new Date(t0.getTime() + (THROTTLE_RULES.email.lockMinutes + 1) * 60_000);
    expect(await checkCredentials(handle.db, { email: "bob@example.test", password: "right password!" }, later)).toMatchObject({ ok: true });
  });

  it("rejects a disabled user", async () => {
    const partner = await createPartner(handle.db);
    const user = await createUser(handle.db, { partnerId: partner.id, password: "pw pw pw pw" });
    const { users } = await import("~/db/schema");
    const { eq } = await import("drizzle-orm");
    await handle.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect(await checkCredentials(handle.db, { email: user.email, password: "pw pw pw pw" })).toEqual({ ok: false, reason: "invalid" });
  });
});
