import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { users } from "~/db/schema";
import { createPartner, createUser } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { checkCredentials } from "./credentials";
import { delayAfterFailures, type SignInClient, THROTTLE_RULES } from "./throttle";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const browser = (id: string): SignInClient => ({ browserId: `browser-${id}-0123456789`, ip: null });
const at = (t0: Date, seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe("checkCredentials", () => {
  it("accepts the right password and rejects a wrong one or an unknown e-mail alike", async () => {
    const partner = await createPartner(handle.db);
    const user = await createUser(handle.db, { partnerId: partner.id, email: "Ann@Example.test", password: "correct horse battery" });
    const ok = await checkCredentials(handle.db, { email: "ann@example.test", password: "correct horse battery" });
    expect(ok).toMatchObject({ ok: true, user: { id: user.id, partnerId: partner.id, role: "admin" } });
    expect(await checkCredentials(handle.db, { email: "ann@example.test", password: "wrong" })).toEqual({ ok: false, reason: "invalid" });
    expect(await checkCredentials(handle.db, { email: "nobody@example.test", password: "x" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("slows the client that keeps failing, progressively, and never the user's own browser", async () => {
    const partner = await createPartner(handle.db);
    await createUser(handle.db, { partnerId: partner.id, email: "bob@example.test", password: "right password!" });
    const attacker = browser("attacker");
    const t0 = new Date("2026-01-01T10:00:00Z");
    const rule = THROTTLE_RULES.account;
    for (let i = 0; i < rule.freeFailures; i++) {
      expect(await checkCredentials(handle.db, { email: "bob@example.test", password: `nope-${i}`, client: attacker }, t0)).toMatchObject({ reason: "invalid" });
    }
    // The next failure earns the first delay; during it even the right password is refused to this client...
    expect(await checkCredentials(handle.db, { email: "bob@example.test", password: "nope", client: attacker }, t0)).toMatchObject({ reason: "invalid" });
    const locked = await checkCredentials(handle.db, { email: "bob@example.test", password: "right password!", client: attacker }, at(t0, 1));
    expect(locked).toMatchObject({ ok: false, reason: "throttled", retryAt: at(t0, rule.firstDelaySeconds) });
    // ...but the user's own browser, which has not failed, signs in at once.
    expect(await checkCredentials(handle.db, { email: "bob@example.test", password: "right password!", client: browser("bob") }, at(t0, 1))).toMatchObject({
      ok: true,
    });
    // After the delay the attacker may guess again, and the next failure doubles it.
    const t1 = at(t0, rule.firstDelaySeconds + 1);
    expect(await checkCredentials(handle.db, { email: "bob@example.test", password: "nope", client: attacker }, t1)).toMatchObject({ reason: "invalid" });
    const again = await checkCredentials(handle.db, { email: "bob@example.test", password: "nope", client: attacker }, at(t1, 1));
    expect(again).toMatchObject({ reason: "throttled", retryAt: at(t1, delayAfterFailures(rule, rule.freeFailures + 2)) });
    // Once the lock has ended the right password works, and clears the count.
    const t2 = at(t1, rule.maxDelaySeconds + 1);
    expect(await checkCredentials(handle.db, { email: "bob@example.test", password: "right password!", client: attacker }, t2)).toMatchObject({ ok: true });
    expect(await checkCredentials(handle.db, { email: "bob@example.test", password: "nope", client: attacker }, t2)).toMatchObject({ reason: "invalid" });
    expect(await checkCredentials(handle.db, { email: "bob@example.test", password: "right password!", client: attacker }, t2)).toMatchObject({ ok: true });
  });

  it("slows one client spraying a password across many e-mails; per address only behind a trusted proxy", async () => {
    const partner = await createPartner(handle.db);
    await createUser(handle.db, { partnerId: partner.id, email: "carol@example.test", password: "carol's password" });
    const t0 = new Date("2026-02-01T10:00:00Z");
    const sprayer = browser("sprayer");
    for (let i = 0; i <= THROTTLE_RULES.client.freeFailures; i++) {
      await checkCredentials(handle.db, { email: `user${i}@example.test`, password: "Summer2026!", client: sprayer }, t0);
    }
    expect(await checkCredentials(handle.db, { email: "user-next@example.test", password: "Summer2026!", client: sprayer }, t0)).toMatchObject({
      reason: "throttled",
    });
    // Another browser is not slowed by it.
    expect(await checkCredentials(handle.db, { email: "carol@example.test", password: "carol's password", client: browser("carol") }, t0)).toMatchObject({
      ok: true,
    });

    // Behind a trusted proxy the address counts: a fresh browser id from the same address does not help.
    const ip = "203.0.113.9";
    for (let i = 0; i <= THROTTLE_RULES.client.freeFailures; i++) {
      await checkCredentials(handle.db, { email: `ip-user${i}@example.test`, password: "Summer2026!", client: { browserId: `fresh-browser-${i}-abcdef`, ip } }, t0);
    }
    expect(
      await checkCredentials(handle.db, { email: "ip-next@example.test", password: "x", client: { browserId: "yet-another-browser-1234", ip } }, t0),
    ).toMatchObject({ reason: "throttled" });
    expect(
      await checkCredentials(handle.db, { email: "carol@example.test", password: "carol's password", client: { browserId: "carol-at-home-123456", ip: "198.51.100.4" } }, t0),
    ).toMatchObject({ ok: true });
  });

  it("rejects a disabled user", async () => {
    const partner = await createPartner(handle.db);
    const user = await createUser(handle.db, { partnerId: partner.id, password: "pw pw pw pw" });
    await handle.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect(await checkCredentials(handle.db, { email: user.email, password: "pw pw pw pw" })).toEqual({ ok: false, reason: "invalid" });
  });
});
