import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAccount, createCustomer, createPartner } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import {
  type CustomerCursor,
  getAccount,
  getCustomer,
  likePattern,
  listCustomerAccounts,
  listCustomers,
  searchAccountOptions,
  searchCustomerOptions,
} from "./customers";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

async function world() {
  const db = handle.db;
  const partner = await createPartner(db);
  const names = ["Delta", "alpha", "Charlie", "Bravo", "Echo", "Foxtrot", "Golf", "Delta", "100% Backup_Co"];
  const rows = [];
  for (const [i, name] of names.entries()) {
    rows.push(await createCustomer(db, { partnerId: partner.id, name, vendorCustomerId: `V${1000 + i}`, domain: `${name.toLowerCase().replace(/\W/g, "")}.example` }));
  }
  const delta = rows[0]!;
  await createAccount(db, { partnerId: partner.id, customerId: delta.id, kind: "server", accountNumber: "D-2" });
  await createAccount(db, { partnerId: partner.id, customerId: delta.id, kind: "server", accountNumber: "D-1" });
  await createAccount(db, { partnerId: partner.id, customerId: delta.id, kind: "mailbox_set", accountNumber: "D-3" });
  const other = await createPartner(db);
  const foreign = await createCustomer(db, { partnerId: other.id, name: "Alpha Foreign" });
  const foreignAccount = await createAccount(db, { partnerId: other.id, customerId: foreign.id, accountNumber: "F-1" });
  return { partner, rows, delta, other, foreign, foreignAccount };
}

/** The database's own order of (name, id), which the keyset follows. */
async function expectedOrder(partnerId: string) {
  const all = await listCustomers(handle.db, { partnerId, limit: 100 });
  return all.items.map((c) => c.id);
}

describe("listCustomers", () => {
  it("pages forward and back by (name, id) without gaps or overlaps", async () => {
    const w = await world();
    const order = await expectedOrder(w.partner.id);
    expect(order).toHaveLength(9);
    expect(new Set(order)).toEqual(new Set(w.rows.map((r) => r.id)));

    const forward: string[][] = [];
    let cursor: CustomerCursor | null = null;
    let last;
    do {
      last = await listCustomers(handle.db, { partnerId: w.partner.id, cursor, limit: 4 });
      forward.push(last.items.map((c) => c.id));
      cursor = last.nextCursor;
    } while (cursor);
    expect(forward.map((p) => p.length)).toEqual([4, 4, 1]);
    expect(forward.flat()).toEqual(order);

    // Back from the last page.
    const back: string[][] = [];
    let prev = last.prevCursor;
    while (prev) {
      const page = await listCustomers(handle.db, { partnerId: w.partner.id, cursor: prev, direction: "prev", limit: 4 });
      back.unshift(page.items.map((c) => c.id));
      expect(page.nextCursor).not.toBeNull();
      prev = page.prevCursor;
    }
    expect(back.flat()).toEqual(order.slice(0, 8));
  });

  it("counts accounts per kind and keeps the latest-event columns", async () => {
    const w = await world();
    const page = await listCustomers(handle.db, { partnerId: w.partner.id, search: "V1000", limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: w.delta.id, accountCounts: { server: 2, mailbox_set: 1 }, lastEventAt: null });
    const bravo = await listCustomers(handle.db, { partnerId: w.partner.id, search: "bravo", limit: 10 });
    expect(bravo.items[0]?.accountCounts).toEqual({});
  });

  it("searches name, vendor id and domain, case-insensitively, with wildcards taken literally", async () => {
    const w = await world();
    const names = async (search: string) =>
      (await listCustomers(handle.db, { partnerId: w.partner.id, search, limit: 20 })).items.map((c) => c.name).sort();
    expect(await names("ALPHA")).toEqual(["alpha"]);
    expect(await names("v1004")).toEqual(["Echo"]);
    expect(await names("golf.example")).toEqual(["Golf"]);
    expect(await names("100%")).toEqual(["100% Backup_Co"]);
    expect(await names("p_c")).toEqual(["100% Backup_Co"]);
    expect(await names("%")).toEqual(["100% Backup_Co"]);
    expect(await names("nothing-like-this")).toEqual([]);
    expect(likePattern("a%b_c\\")).toBe("%a\\%b\\_c\\\\%");
  });

  it("never shows another partner's customers or accounts", async () => {
    const w = await world();
    const all = await listCustomers(handle.db, { partnerId: w.partner.id, search: "alpha", limit: 20 });
    expect(all.items.map((c) => c.id)).not.toContain(w.foreign.id);
    expect(await getCustomer(handle.db, { partnerId: w.partner.id, id: w.foreign.id })).toBeNull();
    expect(await getCustomer(handle.db, { partnerId: w.other.id, id: w.foreign.id })).toMatchObject({ name: "Alpha Foreign" });
    expect(await listCustomerAccounts(handle.db, { partnerId: w.partner.id, customerId: w.foreign.id })).toEqual([]);
    expect(await getAccount(handle.db, { partnerId: w.partner.id, id: w.foreignAccount.id })).toBeNull();
    expect(await searchAccountOptions(handle.db, { partnerId: w.partner.id, search: "F-1", limit: 10 })).toEqual([]);
    expect((await searchCustomerOptions(handle.db, { partnerId: w.partner.id, search: "foreign", limit: 10 }))).toEqual([]);
  });
});

describe("accounts and pickers", () => {
  it("lists a customer's accounts by number and narrows the pickers", async () => {
    const w = await world();
    const accounts = await listCustomerAccounts(handle.db, { partnerId: w.partner.id, customerId: w.delta.id });
    expect(accounts.map((a) => a.accountNumber)).toEqual(["D-1", "D-2", "D-3"]);
    const options = await searchAccountOptions(handle.db, { partnerId: w.partner.id, customerId: w.delta.id, search: "d-2", limit: 10 });
    expect(options.map((a) => a.accountNumber)).toEqual(["D-2"]);
    const customers = await searchCustomerOptions(handle.db, { partnerId: w.partner.id, limit: 3 });
    expect(customers).toHaveLength(3);
    const picked = await searchCustomerOptions(handle.db, { partnerId: w.partner.id, search: "echo", limit: 3 });
    expect(picked.map((c) => c.name)).toEqual(["Echo"]);
  });
});
