import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { psaConnections } from "~/db/schema";
import { createPartner, createUser } from "~/db/seed/factories";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { autotaskZoneDiscoveryUrl, handleAutotaskSandbox, seedAutotaskTenant } from "~/server/sandbox/autotask";
import { handleConnectWiseSandbox, seedConnectWiseTenant } from "~/server/sandbox/connectwise";
import { createTestDatabase } from "~/server/testing/test-db";

import { connectorForPartner, getConnectionView, removeConnection, testAndSaveConnection } from "./service";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let at: Awaited<ReturnType<typeof serveFetchHandler>>;
let cw: Awaited<ReturnType<typeof serveFetchHandler>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  at = await serveFetchHandler(handleAutotaskSandbox);
  cw = await serveFetchHandler(handleConnectWiseSandbox);
});
afterAll(async () => {
  await at?.close();
  await cw?.close();
  await handle?.close();
});

async function admin() {
  const partner = await createPartner(handle.db);
  const user = await createUser(handle.db, { partnerId: partner.id, role: "admin" });
  return { partnerId: partner.id, userId: user.id };
}

describe("Test and Save against the Autotask sandbox", () => {
  it("refuses a wrong secret with a precise message and saves nothing, then saves working credentials sealed", async () => {
    const ctx = await admin();
    const tenant = seedAutotaskTenant();
    const base = {
      provider: "autotask" as const,
      username: tenant.credentials.username,
      integrationCode: tenant.credentials.integrationCode,
      zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(at.url),
    };
    const wrong = await testAndSaveConnection(handle.db, ctx, { ...base, secret: "not-the-secret" });
    expect(wrong).toMatchObject({ ok: false, kind: "auth" });
    expect(wrong.ok ? "" : wrong.message).toMatch(/rejected/i);
    expect(JSON.stringify(wrong)).not.toContain("not-the-secret");
    expect(await getConnectionView(handle.db, ctx.partnerId)).toBeNull();

    const unknownUser = await testAndSaveConnection(handle.db, ctx, { ...base, username: "nobody@nowhere.test", secret: tenant.credentials.secret });
    expect(unknownUser).toMatchObject({ ok: false });

    const right = await testAndSaveConnection(handle.db, ctx, { ...base, secret: tenant.credentials.secret });
    expect(right.ok).toBe(true);
    const view = await getConnectionView(handle.db, ctx.partnerId);
    expect(view).toMatchObject({ provider: "autotask", status: "connected", savedSecrets: ["secret"] });
    expect(view?.accountInfo?.baseUrl).toContain(at.url);
    expect(JSON.stringify(view)).not.toContain(tenant.credentials.secret);
    const [row] = await handle.db.select().from(psaConnections);
    expect(row!.sealedSecrets).not.toContain(tenant.credentials.secret);

    // A blank secret keeps the saved one.
    const again = await testAndSaveConnection(handle.db, ctx, { ...base, secret: undefined });
    expect(again.ok).toBe(true);
    const connector = await connectorForPartner(handle.db, ctx.partnerId);
    await expect(connector!.listQueues()).resolves.not.toHaveLength(0);
  });

  it("asks for the secret when none is saved", async () => {
    const ctx = await admin();
    await expect(
      testAndSaveConnection(handle.db, ctx, { provider: "autotask", username: "a@b.test", integrationCode: "X", zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(at.url) }),
    ).rejects.toThrow(/secret/);
  });
});

describe("Test and Save against the ConnectWise sandbox", () => {
  it("reports a wrong private key and an unknown company, then connects and can be removed", async () => {
    const ctx = await admin();
    const tenant = seedConnectWiseTenant();
    const base = {
      provider: "connectwise" as const,
      siteUrl: `${cw.url}/sandbox/connectwise`,
      companyId: tenant.companyId,
      publicKey: tenant.publicKey,
      clientId: tenant.clientId,
    };
    const wrongKey = await testAndSaveConnection(handle.db, ctx, { ...base, privateKey: "wrong" });
    expect(wrongKey).toMatchObject({ ok: false, kind: "auth" });
    const wrongCompany = await testAndSaveConnection(handle.db, ctx, { ...base, companyId: "nosuchcompany", privateKey: tenant.privateKey });
    expect(wrongCompany.ok).toBe(false);
    expect(wrongCompany.ok ? "" : wrongCompany.message).toMatch(/company id/i);
    const deadSite = await testAndSaveConnection(handle.db, ctx, { ...base, siteUrl: "http://127.0.0.1:9", privateKey: tenant.privateKey });
    expect(deadSite).toMatchObject({ ok: false, kind: "unavailable" });

    const right = await testAndSaveConnection(handle.db, ctx, { ...base, privateKey: tenant.privateKey });
    expect(right.ok).toBe(true);
    expect(JSON.stringify(await getConnectionView(handle.db, ctx.partnerId))).not.toContain(tenant.privateKey);
    expect(await removeConnection(handle.db, ctx.partnerId)).toEqual({ removed: true });
    expect(await getConnectionView(handle.db, ctx.partnerId)).toBeNull();
  });

  it("a sealed secret copied to another partner's row does not open", async () => {
    const a = await admin();
    const b = await admin();
    const tenant = seedConnectWiseTenant();
    const input = {
      provider: "connectwise" as const,
      siteUrl: `${cw.url}/sandbox/connectwise`,
      companyId: tenant.companyId,
      publicKey: tenant.publicKey,
      privateKey: tenant.privateKey,
      clientId: tenant.clientId,
    };
    expect((await testAndSaveConnection(handle.db, a, input)).ok).toBe(true);
    const [rowA] = await handle.db.select().from(psaConnections);
    await handle.db.insert(psaConnections).values({ ...rowA!, id: undefined, partnerId: b.partnerId });
    await expect(connectorForPartner(handle.db, b.partnerId)).rejects.toThrow(/could not be decrypted/);
  });
});
