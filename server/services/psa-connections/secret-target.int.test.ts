import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { psaConnections } from "~/db/schema";
import { createPartner, createUser } from "~/db/seed/factories";
import { AppError } from "~/server/errors/app-error";
import { createConnector } from "~/server/psa/factory";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { autotaskZoneDiscoveryUrl, handleAutotaskSandbox, seedAutotaskTenant } from "~/server/sandbox/autotask";
import { handleConnectWiseSandbox, seedConnectWiseTenant } from "~/server/sandbox/connectwise";
import { createTestDatabase } from "~/server/testing/test-db";

import { connectionInputSchema } from "./schemas";
import { getConnectionRow, testAndSaveConnection } from "./service";

/**
 * Secrets follow the host they were saved for: a blank secret reuses the saved one only while the
 * target (Autotask: username + zone discovery URL; ConnectWise: site URL + company id + public key)
 * is unchanged. Every host here records what it was sent, so "nothing was sent" is observed, not assumed.
 * A failed test is told in PSA Relay's words, never with the host's own answer.
 */
type Recorded = { path: string; secret: string | null; authorization: string | null };
type Host = { url: string; requests: Recorded[]; close: () => Promise<void> };

const MARKER = "REMOTE-BODY-7f3a-do-not-echo";

async function recordingHost(handler: (req: Request, origin: string) => Promise<Response>): Promise<Host> {
  const requests: Recorded[] = [];
  const served = await serveFetchHandler(async (req) => {
    const url = new URL(req.url);
    requests.push({ path: url.pathname, secret: req.headers.get("secret"), authorization: req.headers.get("authorization") });
    return handler(req, url.origin);
  });
  return { url: served.url, requests, close: served.close };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let atSandbox: Host;
let cwSandbox: Host;
/** Answers like Autotask zone discovery, then refuses every API call with a body that must not reach the browser. */
let atStranger: Host;
/** Answers like ConnectWise's companyinfo, then refuses every API call with a body that must not reach the browser. */
let cwStranger: Host;

beforeAll(async () => {
  handle = await createTestDatabase();
  atSandbox = await recordingHost((req) => handleAutotaskSandbox(req));
  cwSandbox = await recordingHost((req) => handleConnectWiseSandbox(req));
  atStranger = await recordingHost(async (req, origin) =>
    /zoneinformation/i.test(new URL(req.url).pathname)
      ? json({ zoneName: "Elsewhere", url: `${origin}/atservicesrest/`, webUrl: origin, ci: 1 })
      : json({ errors: [MARKER] }, 500),
  );
  cwStranger = await recordingHost(async (req) =>
    /\/login\/companyinfo\//i.test(new URL(req.url).pathname)
      ? json({ CompanyName: "Elsewhere", Codebase: "v1/", VersionCode: "v2025.1", VersionNumber: "v2025.1", CompanyID: "x", IsCloud: true })
      : json({ code: "InvalidObject", message: MARKER, errors: [{ message: MARKER }] }, 400),
  );
});
afterAll(async () => {
  await Promise.all([atSandbox, cwSandbox, atStranger, cwStranger].map((h) => h?.close()));
  await handle?.close();
});

async function admin() {
  const partner = await createPartner(handle.db);
  const user = await createUser(handle.db, { partnerId: partner.id, role: "admin" });
  return { partnerId: partner.id, userId: user.id };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function inMode<T>(mode: string | undefined, fn: () => Promise<T> | T): Promise<T> {
  const before = process.env.PSA_RELAY_MODE;
  if (mode === undefined) delete process.env.PSA_RELAY_MODE;
  else process.env.PSA_RELAY_MODE = mode;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.PSA_RELAY_MODE;
    else process.env.PSA_RELAY_MODE = before;
  }
}

describe("Autotask: the saved secret goes only to the username and zone discovery URL it was saved for", () => {
  it("refuses a changed zone discovery URL or username without the secret, sends nothing there, and reuses it for the same target", async () => {
    const ctx = await admin();
    const tenant = seedAutotaskTenant();
    const other = seedAutotaskTenant();
    const base = {
      provider: "autotask" as const,
      username: tenant.credentials.username,
      integrationCode: tenant.credentials.integrationCode,
      zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(atSandbox.url),
    };
    expect((await testAndSaveConnection(handle.db, ctx, { ...base, secret: tenant.credentials.secret })).ok).toBe(true);
    const savedRow = await getConnectionRow(handle.db, ctx.partnerId);

    // Another host: refused with a field error on the secret; the other host hears nothing.
    const elsewhere = await refusal(testAndSaveConnection(handle.db, ctx, { ...base, zoneDiscoveryUrl: `${atStranger.url}/atservicesrest` }));
    expect(elsewhere.code).toBe("BAD_REQUEST");
    expect(elsewhere.details).toEqual({ field: "secret" });
    expect(elsewhere.message).toMatch(/^Type the secret again: it is only sent to the host it was saved for/);
    expect(atStranger.requests).toHaveLength(0);

    // Another user on the same host: refused too, before any request.
    const sent = atSandbox.requests.length;
    const otherUser = await refusal(testAndSaveConnection(handle.db, ctx, { ...base, username: other.credentials.username }));
    expect(otherUser.details).toEqual({ field: "secret" });
    expect(atSandbox.requests).toHaveLength(sent);
    // Nothing about the saved connection changed.
    expect(await getConnectionRow(handle.db, ctx.partnerId)).toEqual(savedRow);

    // The same target (a trailing slash is the same URL): the saved secret is reused.
    const same = await testAndSaveConnection(handle.db, ctx, { ...base, zoneDiscoveryUrl: `${base.zoneDiscoveryUrl}/`, integrationCode: base.integrationCode });
    expect(same.ok).toBe(true);
    const authenticated = atSandbox.requests.slice(sent).filter((r) => r.secret !== null);
    expect(authenticated.length).toBeGreaterThan(0);
    expect(authenticated.every((r) => r.secret === tenant.credentials.secret)).toBe(true);
  });

  it("with the secret typed again it goes to the new host (only that one), and the host's answer never comes back", async () => {
    const ctx = await admin();
    const tenant = seedAutotaskTenant();
    const base = { provider: "autotask" as const, username: tenant.credentials.username, integrationCode: tenant.credentials.integrationCode };
    expect((await testAndSaveConnection(handle.db, ctx, { ...base, secret: tenant.credentials.secret, zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(atSandbox.url) })).ok).toBe(
      true,
    );
    atStranger.requests.length = 0;
    const result = await testAndSaveConnection(handle.db, ctx, { ...base, secret: "typed-for-the-stranger", zoneDiscoveryUrl: `${atStranger.url}/atservicesrest` });
    expect(result.ok).toBe(false);
    expect(atStranger.requests.length).toBeGreaterThan(0);
    expect(atStranger.requests.filter((r) => r.secret !== null).every((r) => r.secret === "typed-for-the-stranger")).toBe(true);
    expect(JSON.stringify(result)).not.toContain(MARKER);
    expect(result.ok ? "" : result.message).toMatch(/^The host answered 500 Internal Server Error/);
    const row = await getConnectionRow(handle.db, ctx.partnerId);
    expect(row?.lastError).not.toContain(MARKER);
    expect(row?.settings.zoneDiscoveryUrl).toBe(autotaskZoneDiscoveryUrl(atSandbox.url));
  });
});

describe("ConnectWise: the saved private key goes only to the site URL, company id and public key it was saved for", () => {
  it("refuses each changed target field without the private key, sends nothing, and reuses it for the same target", async () => {
    const ctx = await admin();
    const tenant = seedConnectWiseTenant();
    const other = seedConnectWiseTenant();
    const base = {
      provider: "connectwise" as const,
      siteUrl: `${cwSandbox.url}/sandbox/connectwise`,
      companyId: tenant.companyId,
      publicKey: tenant.publicKey,
      clientId: tenant.clientId,
    };
    expect((await testAndSaveConnection(handle.db, ctx, { ...base, privateKey: tenant.privateKey })).ok).toBe(true);

    const sent = cwSandbox.requests.length;
    for (const change of [{ siteUrl: `${cwStranger.url}/sandbox/connectwise` }, { companyId: other.companyId }, { publicKey: other.publicKey }]) {
      const err = await refusal(testAndSaveConnection(handle.db, ctx, { ...base, ...change }));
      expect(err.details, JSON.stringify(change)).toEqual({ field: "privateKey" });
      expect(err.message).toMatch(/^Type the private key again: it is only sent to the host it was saved for/);
    }
    expect(cwStranger.requests).toHaveLength(0);
    expect(cwSandbox.requests).toHaveLength(sent);

    // A change elsewhere (client id, management solution name) keeps the saved key.
    const same = await testAndSaveConnection(handle.db, ctx, { ...base, siteUrl: `${base.siteUrl}/`, managementSolutionName: "Renamed" });
    expect(same.ok).toBe(true);
    const key = `Basic ${Buffer.from(`${tenant.companyId}+${tenant.publicKey}:${tenant.privateKey}`).toString("base64")}`;
    const authenticated = cwSandbox.requests.slice(sent).filter((r) => r.authorization !== null);
    expect(authenticated.length).toBeGreaterThan(0);
    expect(authenticated.every((r) => r.authorization === key)).toBe(true);
  });

  it("a host's error body never reaches the result or the stored last error", async () => {
    const ctx = await admin();
    const tenant = seedConnectWiseTenant();
    const base = { provider: "connectwise" as const, companyId: tenant.companyId, publicKey: tenant.publicKey, clientId: tenant.clientId };
    expect((await testAndSaveConnection(handle.db, ctx, { ...base, privateKey: tenant.privateKey, siteUrl: `${cwSandbox.url}/sandbox/connectwise` })).ok).toBe(true);
    const result = await testAndSaveConnection(handle.db, ctx, { ...base, privateKey: "typed-again", siteUrl: cwStranger.url });
    expect(result).toMatchObject({ ok: false, kind: "invalid" });
    expect(result.ok ? "" : result.message).toMatch(/^The host answered 400 Bad Request/);
    expect(JSON.stringify(result)).not.toContain(MARKER);
    expect((await getConnectionRow(handle.db, ctx.partnerId))?.lastError).not.toContain(MARKER);
  });
});

describe("outbound PSA URLs are https outside demo and test modes", () => {
  const cw = {
    provider: "connectwise" as const,
    siteUrl: "http://cw.example.test",
    companyId: "acme",
    publicKey: "pub",
    privateKey: "priv",
    clientId: "6f1f2c9e-5b1a-4a57-9f3e-2f0c1d7a9b10",
  };
  const at = { provider: "autotask" as const, username: "api@acme.test", secret: "s", integrationCode: "CODE", zoneDiscoveryUrl: "http://zone.example.test/atservicesrest" };

  it("the form input names the field in production and allows http in demo and test", async () => {
    for (const mode of [undefined, "production"]) {
      await inMode(mode, () => {
        const cwParsed = connectionInputSchema.safeParse(cw);
        expect(cwParsed.success).toBe(false);
        expect(cwParsed.error?.flatten().fieldErrors).toEqual({ siteUrl: ["Enter an https:// URL: PSA Relay sends PSA credentials over https only."] });
        const atParsed = connectionInputSchema.safeParse(at);
        expect(atParsed.error?.flatten().fieldErrors).toHaveProperty("zoneDiscoveryUrl");
        expect(connectionInputSchema.safeParse({ ...cw, siteUrl: "https://cw.example.test" }).success).toBe(true);
      });
    }
    for (const mode of ["demo", "test"]) {
      await inMode(mode, () => {
        expect(connectionInputSchema.safeParse(cw).success).toBe(true);
        expect(connectionInputSchema.safeParse(at).success).toBe(true);
      });
    }
  });

  it("the service refuses with a field error and the connector factory refuses too (second line)", async () => {
    const ctx = await admin();
    await inMode("production", async () => {
      const err = await refusal(testAndSaveConnection(handle.db, ctx, cw));
      expect(err.details).toEqual({ field: "siteUrl" });
      const atErr = await refusal(testAndSaveConnection(handle.db, ctx, at));
      expect(atErr.details).toEqual({ field: "zoneDiscoveryUrl" });
      expect(() => createConnector({ provider: "connectwise", credentials: cw })).toThrow(/https/);
      expect(() => createConnector({ provider: "autotask", credentials: at })).toThrow(/https/);
      expect(() => createConnector({ provider: "connectwise", credentials: { ...cw, siteUrl: "https://cw.example.test" } })).not.toThrow();
    });
    expect(await handle.db.select().from(psaConnections).then((rows) => rows.filter((r) => r.partnerId === ctx.partnerId))).toHaveLength(0);
    await inMode("demo", () => {
      expect(() => createConnector({ provider: "connectwise", credentials: cw })).not.toThrow();
    });
  });

  it("a zone URL that zone discovery answers with must be https in production", async () => {
    const requests: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      const url = String(input instanceof Request ? input.url : input);
      requests.push(url);
      return /zoneinformation/i.test(url) ? json({ zoneName: "Z", url: "http://plain.example.test/atservicesrest/", webUrl: "x", ci: 1 }) : json({}, 500);
    };
    await inMode("production", async () => {
      const connector = createConnector(
        { provider: "autotask", credentials: { ...at, zoneDiscoveryUrl: "https://zone.example.test/atservicesrest" } },
        { fetch: fakeFetch, maxRetries: 0 },
      );
      await expect(connector.testConnection()).rejects.toMatchObject({ kind: "invalid", message: expect.stringMatching(/not https/) });
    });
    expect(requests.every((u) => u.startsWith("https://zone.example.test/"))).toBe(true);
  });
});
