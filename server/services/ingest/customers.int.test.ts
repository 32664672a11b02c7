import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { setDbHandle } from "~/db";
import { accounts, customers } from "~/db/schema";
import { createTestDatabase } from "~/server/testing/test-db";

import { handlePutAccounts, handlePutCustomers } from "./handlers";
import { apiRequest, call, type ErrorBody, partnerWithKey } from "./test-kit";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let a: Awaited<ReturnType<typeof partnerWithKey>>;
let b: Awaited<ReturnType<typeof partnerWithKey>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  a = await partnerWithKey(handle);
  b = await partnerWithKey(handle);
});
afterAll(async () => {
  setDbHandle(undefined);
  await handle?.close();
});

const putCustomers = (body: unknown, key = a.key) => call(handlePutCustomers, apiRequest("PUT", "/api/v1/customers", { key, body }));
const putAccounts = (body: unknown, key = a.key) => call(handlePutAccounts, apiRequest("PUT", "/api/v1/accounts", { key, body }));
const customerRow = async (partnerId: string, vendorCustomerId: string) =>
  (
    await handle.db
      .select()
      .from(customers)
      .where(and(eq(customers.partnerId, partnerId), eq(customers.vendorCustomerId, vendorCustomerId)))
  )[0];
const accountRow = async (partnerId: string, accountNumber: string) =>
  (await handle.db.select().from(accounts).where(and(eq(accounts.partnerId, partnerId), eq(accounts.accountNumber, accountNumber))))[0];

describe("PUT /api/v1/customers", () => {
  it("creates, updates and leaves unchanged customers by vendor id", async () => {
    expect(await putCustomers({ id: "34826", name: "Acme Ltd", domain: "acme.example" })).toEqual({
      status: 200,
      body: { created: 1, updated: 0, unchanged: 0 },
    });
    const res = await putCustomers({
      customers: [
        { id: "34826", name: "Acme Limited" },
        { id: "50001", name: "Globex", domain: "globex.example" },
        { id: "50002", name: "Initech" },
      ],
    });
    expect(res).toEqual({ status: 200, body: { created: 2, updated: 1, unchanged: 0 } });
    // An omitted domain keeps the stored one; null clears it.
    expect(await customerRow(a.partner.id, "34826")).toMatchObject({ name: "Acme Limited", domain: "acme.example" });
    expect((await putCustomers({ customers: [{ id: "50001", name: "Globex", domain: "globex.example" }] })).body).toEqual({
      created: 0,
      updated: 0,
      unchanged: 1,
    });
    await putCustomers({ id: "34826", name: "Acme Limited", domain: null });
    expect((await customerRow(a.partner.id, "34826"))!.domain).toBeNull();
  });

  it("applies a customer repeated in one request once, with its last values", async () => {
    const res = await putCustomers({ customers: [{ id: "60000", name: "First" }, { id: "60000", name: "Second" }] });
    expect(res.body).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect((await customerRow(a.partner.id, "60000"))!.name).toBe("Second");
  });

  it("lists every invalid field with its path", async () => {
    const res = await putCustomers({ customers: [{ id: "1", name: "ok" }, { id: "", name: "" }, { name: "x", domain: "no domain" }] });
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody).error.issues!.map((i) => i.path)).toEqual([
      "customers[1].id",
      "customers[1].name",
      "customers[2].id",
      "customers[2].domain",
    ]);
    expect(await customerRow(a.partner.id, "1")).toBeUndefined();
  });

  it("keeps partners apart: the same vendor id is a different customer per partner", async () => {
    await putCustomers({ id: "34826", name: "B's own customer" }, b.key);
    expect((await customerRow(b.partner.id, "34826"))!.name).toBe("B's own customer");
    expect((await customerRow(a.partner.id, "34826"))!.name).toBe("Acme Limited");
  });
});

describe("PUT /api/v1/accounts", () => {
  it("creates and updates accounts and moves them between customers", async () => {
    await putCustomers({ customers: [{ id: "C-1", name: "One" }, { id: "C-2", name: "Two" }] });
    const res = await putAccounts({
      accounts: [
        { accountNumber: "ACC-1", customerId: "C-1", kind: "server", name: "FS01" },
        { accountNumber: "ACC-2", customerId: "C-1", kind: "mailbox_set" },
      ],
    });
    expect(res).toEqual({ status: 200, body: { created: 2, updated: 0, unchanged: 0 } });
    const moved = await putAccounts({ accountNumber: "ACC-1", customerId: "C-2", kind: "server" });
    expect(moved.body).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const row = await accountRow(a.partner.id, "ACC-1");
    expect(row).toMatchObject({ customerId: (await customerRow(a.partner.id, "C-2"))!.id, kind: "server", name: "FS01" });
    expect((await putAccounts({ accountNumber: "ACC-1", customerId: "C-2", kind: "server", name: "FS01" })).body).toMatchObject({ unchanged: 1 });
  });

  it("answers 422 naming every account whose customer is unknown, storing none of them", async () => {
    const res = await putAccounts({
      accounts: [
        { accountNumber: "ACC-10", customerId: "C-1", kind: "server" },
        { accountNumber: "ACC-11", customerId: "C-404", kind: "server" },
        { accountNumber: "ACC-12", customerId: "C-1", kind: "server" },
        { accountNumber: "ACC-13", customerId: "C-405", kind: "server" },
      ],
    });
    expect(res.status).toBe(422);
    const issues = (res.body as ErrorBody).error.issues!;
    expect(issues.map((i) => i.path)).toEqual(["accounts[1].customerId", "accounts[3].customerId"]);
    expect(issues[0]!.message).toContain("PUT /api/v1/customers first");
    expect(await accountRow(a.partner.id, "ACC-10")).toBeUndefined();
  });

  it("does not let partner B attach accounts to partner A's customers", async () => {
    const res = await putAccounts({ accountNumber: "B-ACC", customerId: "C-1", kind: "server" }, b.key);
    expect(res.status).toBe(422);
    expect((res.body as ErrorBody).error.issues).toEqual([{ path: "customerId", message: expect.stringContaining('"C-1"') }]);
    expect(await accountRow(b.partner.id, "B-ACC")).toBeUndefined();
    expect(await accountRow(a.partner.id, "B-ACC")).toBeUndefined();
  });

  it("validates the kind", async () => {
    const res = await putAccounts({ accounts: [{ accountNumber: "X", customerId: "C-1", kind: "laptop" }] });
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody).error.issues!.map((i) => i.path)).toEqual(["accounts[0].kind"]);
  });
});
