import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { apiKeys } from "~/db/schema";
import { createPartner, createUser } from "~/db/seed/factories";
import { apiKeysRouter } from "~/server/api/routers/api-keys";
import { createCallerFactory } from "~/server/api/trpc";
import { AppError } from "~/server/errors/app-error";
import { createTestDatabase } from "~/server/testing/test-db";

import { hashApiKey } from "./keys";
import { authenticateApiKey, clearApiKeyCache, createApiKey, listApiKeys, revokeApiKey } from "./service";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const lastUsedOf = async (id: string) => (await handle.db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]!.lastUsedAt;

describe("api keys service", () => {
  it("creates a key shown once, stores only its hash and lists it without the hash", async () => {
    const partner = await createPartner(handle.db);
    const created = await createApiKey(handle.db, { partnerId: partner.id, name: "  Vendor platform ", createdByUserId: null });
    expect(created.key).toMatch(/^psar_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.name).toBe("Vendor platform");
    const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.keyHash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);
    const list = await listApiKeys(handle.db, { partnerId: partner.id });
    expect(list).toEqual([
      { id: created.id, name: "Vendor platform", prefix: created.prefix, createdAt: expect.any(Date), lastUsedAt: null, revokedAt: null, createdBy: null },
    ]);
    expect(JSON.stringify(list)).not.toContain(row!.keyHash);
    await expect(createApiKey(handle.db, { partnerId: partner.id, name: "   ", createdByUserId: null })).rejects.toThrow(AppError);
  });

  it("authenticates active keys, rejects unknown, malformed and revoked ones (also when cached)", async () => {
    const partner = await createPartner(handle.db);
    const { id, key } = await createApiKey(handle.db, { partnerId: partner.id, name: "k", createdByUserId: null });
    expect(await authenticateApiKey(handle.db, key)).toEqual({ partnerId: partner.id, apiKeyId: id });
    expect(await authenticateApiKey(handle.db, key)).toEqual({ partnerId: partner.id, apiKeyId: id });
    expect(await authenticateApiKey(handle.db, `${key}x`)).toBeNull();
    expect(await authenticateApiKey(handle.db, "not-a-key")).toBeNull();
    await revokeApiKey(handle.db, { partnerId: partner.id, id });
    expect(await authenticateApiKey(handle.db, key)).toBeNull();
    expect((await listApiKeys(handle.db, { partnerId: partner.id }))[0]!.revokedAt).toBeInstanceOf(Date);
  });

  it("refuses to revoke another partner's key", async () => {
    const a = await createPartner(handle.db);
    const b = await createPartner(handle.db);
    const { id, key } = await createApiKey(handle.db, { partnerId: a.id, name: "a", createdByUserId: null });
    await expect(revokeApiKey(handle.db, { partnerId: b.id, id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeApiKey(handle.db, { partnerId: b.id, id: "not-a-uuid" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await authenticateApiKey(handle.db, key)).toMatchObject({ partnerId: a.id });
  });

  it("writes last_used_at at most once a minute", async () => {
    clearApiKeyCache();
    const partner = await createPartner(handle.db);
    const { id, key } = await createApiKey(handle.db, { partnerId: partner.id, name: "k", createdByUserId: null });
    const t0 = new Date(Date.now() + 1_000);
    await authenticateApiKey(handle.db, key, t0);
    expect((await lastUsedOf(id))!.getTime()).toBe(t0.getTime());
    await authenticateApiKey(handle.db, key, new Date(t0.getTime() + 30_000));
    expect((await lastUsedOf(id))!.getTime()).toBe(t0.getTime());
    // After the cache entry expired the stored time is reread, still no write within the minute.
    await authenticateApiKey(handle.db, key, new Date(t0.getTime() + 45_000));
    expect((await lastUsedOf(id))!.getTime()).toBe(t0.getTime());
    const t1 = new Date(t0.getTime() + 61_000);
    await authenticateApiKey(handle.db, key, t1);
    expect((await lastUsedOf(id))!.getTime()).toBe(t1.getTime());
  });
});

describe("apiKeysRouter", () => {
  const createCaller = createCallerFactory(apiKeysRouter);

  it("lets admins create and revoke keys, technicians only list them", async () => {
    const partner = await createPartner(handle.db);
    const admin = await createUser(handle.db, { partnerId: partner.id, role: "admin", name: "Ada Admin" });
    const tech = await createUser(handle.db, { partnerId: partner.id, role: "technician" });
    const asAdmin = createCaller({ db: handle.db, session: { user: { id: admin.id } } });
    const asTech = createCaller({ db: handle.db, session: { user: { id: tech.id } } });

    const created = await asAdmin.create({ name: "Vendor platform" });
    expect(created.key).toMatch(/^psar_/);
    await expect(asTech.create({ name: "nope" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asAdmin.create({ name: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const listed = await asTech.list();
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: "Vendor platform", createdBy: "Ada Admin" })]);
    expect(listed[0]).not.toHaveProperty("keyHash");

    await expect(asTech.revoke({ id: created.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await asAdmin.revoke({ id: created.id });
    expect(await authenticateApiKey(handle.db, created.key)).toBeNull();

    const other = await createPartner(handle.db);
    const otherAdmin = await createUser(handle.db, { partnerId: other.id, role: "admin" });
    const asOther = createCaller({ db: handle.db, session: { user: { id: otherAdmin.id } } });
    expect(await asOther.list()).toEqual([]);
    const mine = await asAdmin.create({ name: "second" });
    await expect(asOther.revoke({ id: mine.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
