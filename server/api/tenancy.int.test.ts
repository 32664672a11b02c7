import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { setDbHandle } from "~/db";
import {
  createAccount,
  createApiKeyRow,
  createCustomer,
  createEvent,
  createPartner,
  createUser,
} from "~/db/seed/factories";
import { psaConnections } from "~/db/schema";
import { sealSecret } from "~/server/crypto/secrets";
import { authenticateApiKey } from "~/server/services/api-keys/service";
import { getConnectionView } from "~/server/services/psa-connections/service";
import { createTestDatabase } from "~/server/testing/test-db";

import { appRouter, createCaller } from "./root";
import { createTRPCContext } from "./trpc";

/**
 * Partner B, signed in as an admin, tries every procedure of the app router against partner A's
 * records by id and must get nothing. A procedure added to the router without a case here fails
 * the "every procedure is covered" test, so new procedures cannot skip this check.
 */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let a: Awaited<ReturnType<typeof seedPartner>>;
let b: Awaited<ReturnType<typeof seedPartner>>;
let asB: ReturnType<typeof createCaller>;
let anonymous: ReturnType<typeof createCaller>;

async function seedPartner(name: string) {
  const partner = await createPartner(handle.db, { name });
  const admin = await createUser(handle.db, { partnerId: partner.id, role: "admin" });
  const customer = await createCustomer(handle.db, { partnerId: partner.id, name: `${name} Customer` });
  const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id, name: `${name} Server` });
  const event = await createEvent(handle.db, {
    partnerId: partner.id,
    customerId: customer.id,
    accountId: account.id,
    type: `${name.toLowerCase()}_only_type`,
    occurredAt: new Date(Date.now() - 60_000),
  });
  const apiKey = await createApiKeyRow(handle.db, { partnerId: partner.id, name: `${name} key` });
  await handle.db.insert(psaConnections).values({
    partnerId: partner.id,
    provider: "autotask",
    settings: { username: `api@${name.toLowerCase()}.test`, integrationCode: `${name}-CODE`, zoneDiscoveryUrl: "http://127.0.0.1:9/atservicesrest" },
    sealedSecrets: sealSecret(JSON.stringify({ secret: `${name}-secret` }), `${partner.id}:psa-connection`),
    status: "connected",
  });
  return { partner, admin, customer, account, event, apiKey };
}

async function expectNotFound(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  expect((err as TRPCError).code).toBe("NOT_FOUND");
}

async function withMode(mode: string, fn: () => Promise<void>) {
  const before = process.env.PSA_RELAY_MODE;
  process.env.PSA_RELAY_MODE = mode;
  try {
    await fn();
  } finally {
    if (before === undefined) delete process.env.PSA_RELAY_MODE;
    else process.env.PSA_RELAY_MODE = before;
  }
}

const allOf = (filters: Record<string, unknown>) => ({ filters, limit: 100 });

/** One case per procedure path: B reaching for A's data. */
const cases: Record<string, () => Promise<void>> = {
  "session.me": async () => {
    const me = await asB.session.me();
    expect(me.partner.id).toBe(b.partner.id);
    expect(me.user.id).toBe(b.admin.id);
  },
  "customers.list": async () => {
    const all = await asB.customers.list({ limit: 100 });
    expect(all.items.map((c) => c.id)).toEqual([b.customer.id]);
    const searched = await asB.customers.list({ search: "Alpha", limit: 100 });
    expect(searched.items).toEqual([]);
  },
  "customers.get": async () => {
    await expectNotFound(asB.customers.get({ id: a.customer.id }));
  },
  "events.list": async () => {
    for (const filters of [{}, { customerId: a.customer.id }, { accountId: a.account.id }, { type: a.event.type }]) {
      const page = await asB.events.list(allOf(filters));
      expect(page.items.map((e) => e.id)).not.toContain(a.event.id);
    }
    expect((await asB.events.list(allOf({ customerId: a.customer.id }))).items).toEqual([]);
  },
  "events.newerCount": async () => {
    const result = await asB.events.newerCount({ filters: { customerId: a.customer.id } });
    expect(JSON.stringify(result)).not.toMatch(/[1-9]/);
  },
  "events.get": async () => {
    await expectNotFound(asB.events.get({ id: a.event.id }));
  },
  "events.histogram": async () => {
    const result = await asB.events.histogram({ filters: { accountId: a.account.id } });
    expect(result.points).toEqual([]);
  },
  "events.filterOptions": async () => {
    const options = await asB.events.filterOptions({ customerId: a.customer.id, accountId: a.account.id, customerSearch: "Alpha" });
    const ids = JSON.stringify(options);
    expect(ids).not.toContain(a.customer.id);
    expect(ids).not.toContain(a.account.id);
    expect(options.types).not.toContain(a.event.type);
  },
  "apiKeys.list": async () => {
    const keys = await asB.apiKeys.list();
    expect(keys.map((k) => k.id)).not.toContain(a.apiKey.id);
    expect(JSON.stringify(keys)).not.toContain(a.apiKey.prefix);
  },
  "apiKeys.create": async () => {
    const created = await asB.apiKeys.create({ name: "B's new key" });
    const auth = await authenticateApiKey(handle.db, created.key);
    expect(auth?.partnerId).toBe(b.partner.id);
  },
  "integration.get": async () => {
    const result = await asB.integration.get();
    expect(result.connection?.settings.username).toBe("api@bravo.test");
    expect(JSON.stringify(result)).not.toMatch(/alpha/i);
    expect(JSON.stringify(result)).not.toContain("Bravo-secret");
  },
  "integration.testAndSave": async () => {
    const result = await asB.integration.testAndSave({
      provider: "connectwise",
      siteUrl: "http://127.0.0.1:9/sandbox/connectwise",
      companyId: "x",
      publicKey: "p",
      privateKey: "k",
      clientId: "c",
    });
    expect(result.ok).toBe(false);
    expect((await getConnectionView(handle.db, a.partner.id))?.settings.username).toBe("api@alpha.test");
  },
  "integration.remove": async () => {
    await asB.integration.remove();
    expect(await getConnectionView(handle.db, a.partner.id)).not.toBeNull();
    expect(await getConnectionView(handle.db, b.partner.id)).toBeNull();
  },
  // The sandboxes are global test doubles, not partner data: B sees the sandbox tenants (never a
  // partner's records), and outside demo/test mode nothing at all.
  "sandbox.tenants": async () => {
    const tenants = await asB.sandbox.tenants();
    expect(tenants.map((t) => `${t.provider}:${t.id}`)).toEqual(expect.arrayContaining(["autotask:northwind-autotask", "connectwise:contosocloud"]));
    expect(JSON.stringify(tenants)).not.toMatch(/alpha|bravo/i);
    expect(JSON.stringify(tenants)).not.toContain(a.partner.id);
    await withMode("production", () => expectNotFound(asB.sandbox.tenants()));
  },
  "sandbox.tenant": async () => {
    const autotask = await asB.sandbox.tenant({ provider: "autotask", id: "northwind-autotask" });
    expect(autotask.view.tenant.name).toBe("Northwind Managed IT");
    const connectwise = await asB.sandbox.tenant({ provider: "connectwise", id: "contosocloud" });
    expect(connectwise.view.tenant.name).toBe("Contoso Cloud Services");
    for (const view of [autotask, connectwise]) {
      expect(JSON.stringify(view)).not.toMatch(/alpha|bravo/i);
      expect(JSON.stringify(view)).not.toContain(a.partner.id);
    }
    // A partner id is not a sandbox tenant id.
    await expectNotFound(asB.sandbox.tenant({ provider: "autotask", id: a.partner.id }));
    await withMode("production", () => expectNotFound(asB.sandbox.tenant({ provider: "autotask", id: "northwind-autotask" })));
  },
  "apiKeys.revoke": async () => {
    await expectNotFound(asB.apiKeys.revoke({ id: a.apiKey.id }));
    const stillValid = await authenticateApiKey(handle.db, a.apiKey.key);
    expect(stillValid?.partnerId).toBe(a.partner.id);
  },
};

beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
  a = await seedPartner("Alpha");
  b = await seedPartner("Bravo");
  asB = createCaller(await createTRPCContext({ session: { user: { id: b.admin.id } }, db: handle.db }));
  anonymous = createCaller(await createTRPCContext({ session: null, db: handle.db }));
});

afterAll(async () => {
  setDbHandle(undefined);
  await handle?.close();
});

describe("tenancy: partner B against partner A's records", () => {
  const paths = Object.keys(appRouter._def.procedures);

  it("has a case for every procedure of the router", () => {
    expect(paths.filter((p) => !(p in cases))).toEqual([]);
  });

  for (const path of Object.keys(cases)) {
    it(`${path} gives B nothing of A`, async () => {
      expect(paths).toContain(path);
      await cases[path]!();
    });
  }

  it("every procedure refuses a caller without a session", async () => {
    for (const path of paths) {
      const [area, verb] = path.split(".") as [string, string];
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const fn = (anonymous as any)[area][verb] as (input?: unknown) => Promise<unknown>;
      const err = await fn({}).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, path).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code, path).toBe("UNAUTHORIZED");
    }
  });

  it("a session of a deleted user is refused", async () => {
    const ghost = createCaller(await createTRPCContext({ session: { user: { id: "00000000-0000-4000-8000-000000000000" } }, db: handle.db }));
    await expect(ghost.session.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
