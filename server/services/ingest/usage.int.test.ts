import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { setDbHandle } from "~/db";
import { usage } from "~/db/schema";
import { createAccount, createCustomer } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { handleGetOpenApi, handlePutUsage } from "./handlers";
import { apiRequest, call, type ErrorBody, partnerWithKey } from "./test-kit";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let ctx: Awaited<ReturnType<typeof partnerWithKey>>;
let acme: { id: string };
let globex: { id: string };
let fs01: { id: string };

beforeAll(async () => {
  handle = await createTestDatabase();
  ctx = await partnerWithKey(handle);
  acme = await createCustomer(handle.db, { partnerId: ctx.partner.id, vendorCustomerId: "ACME" });
  globex = await createCustomer(handle.db, { partnerId: ctx.partner.id, vendorCustomerId: "GLOBEX" });
  fs01 = await createAccount(handle.db, { partnerId: ctx.partner.id, customerId: acme.id, accountNumber: "FS01" });
  await createAccount(handle.db, { partnerId: ctx.partner.id, customerId: globex.id, accountNumber: "GX01" });
});
afterAll(async () => {
  setDbHandle(undefined);
  await handle?.close();
});

const put = (body: unknown, key = ctx.key) => call(handlePutUsage, apiRequest("PUT", "/api/v1/usage", { key, body }));
const rowsOf = (customerId: string) =>
  handle.db
    .select({ accountId: usage.accountId, item: usage.itemCode, quantity: usage.quantity, period: usage.period })
    .from(usage)
    .where(and(eq(usage.partnerId, ctx.partner.id), eq(usage.customerId, customerId)))
    .orderBy(usage.itemCode, usage.period);

describe("PUT /api/v1/usage", () => {
  it("inserts quantities and replaces them on a repeat, with and without an account", async () => {
    const first = await put({
      usage: [
        { customerId: "ACME", item: "online_backup_gb_standard", quantity: 120.5, period: "2026-03-01" },
        { customerId: "ACME", accountNumber: "FS01", item: "local_backup_servers", quantity: 1, period: "2026-03-01" },
      ],
    });
    expect(first).toEqual({ status: 200, body: { upserted: 2 } });
    const second = await put({
      usage: [
        { customerId: "ACME", item: "online_backup_gb_standard", quantity: 130, period: "2026-03-01" },
        { customerId: "ACME", accountNumber: "FS01", item: "local_backup_servers", quantity: 2, period: "2026-03-01" },
        { customerId: "ACME", accountNumber: "FS01", item: "local_backup_servers", quantity: 3, period: "2026-03-01" },
      ],
    });
    expect(second).toEqual({ status: 200, body: { upserted: 2 } });
    expect(await rowsOf(acme.id)).toEqual([
      { accountId: fs01.id, item: "local_backup_servers", quantity: 3, period: "2026-03-01" },
      { accountId: null, item: "online_backup_gb_standard", quantity: 130, period: "2026-03-01" },
    ]);
  });

  it("answers 400 naming unknown item codes and listing the valid ones, together with other invalid fields", async () => {
    const res = await put({
      usage: [
        { customerId: "ACME", item: "gigabytes", quantity: 1, period: "2026-03-01" },
        { customerId: "ACME", item: "local_backup_servers", quantity: -2, period: "03/01/2026" },
      ],
    });
    expect(res.status).toBe(400);
    const issues = (res.body as ErrorBody).error.issues!;
    expect(issues.map((i) => i.path)).toEqual(["usage[0].item", "usage[1].quantity", "usage[1].period"]);
    expect(issues[0]!.message).toContain("online_backup_gb_basic");
    expect(issues[0]!.message).toContain("email_security_mailboxes");
  });

  it("answers 400 naming implausible or impossible days (year 0000, 30 February, the future), never a 500", async () => {
    const future = new Date(Date.now() + 3 * 24 * 3600_000).toISOString().slice(0, 10);
    const row = { customerId: "ACME", item: "local_backup_servers", quantity: 1 };
    const res = await put({
      usage: [
        { ...row, period: "2026-03-01" },
        { ...row, period: "0000-01-01" },
        { ...row, period: "2026-02-30" },
        { ...row, period: future },
        { ...row, period: "1999-12-31", quantity: 1e15 },
      ],
    });
    expect(res.status).toBe(400);
    const issues = (res.body as ErrorBody).error.issues!;
    expect(issues.map((i) => i.path)).toEqual(["usage[1].period", "usage[2].period", "usage[3].period", "usage[4].quantity", "usage[4].period"]);
    expect(issues[0]!.message).toContain("from 2000-01-01");
  });

  it("answers 422 for unknown customers, unknown accounts and accounts of another customer", async () => {
    const res = await put({
      usage: [
        { customerId: "NOPE", item: "local_backup_servers", quantity: 1, period: "2026-03-01" },
        { customerId: "ACME", accountNumber: "NOPE-ACC", item: "local_backup_servers", quantity: 1, period: "2026-03-01" },
        { customerId: "ACME", accountNumber: "GX01", item: "local_backup_servers", quantity: 1, period: "2026-03-01" },
        { customerId: "GLOBEX", item: "local_backup_servers", quantity: 7, period: "2026-03-02" },
      ],
    });
    expect(res.status).toBe(422);
    const issues = (res.body as ErrorBody).error.issues!;
    expect(issues.map((i) => i.path)).toEqual(["usage[0].customerId", "usage[1].accountNumber", "usage[2].accountNumber"]);
    expect(issues[2]!.message).toContain('belongs to customer "GLOBEX"');
    expect(await rowsOf(globex.id)).toEqual([]);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("serves the OpenAPI document with this portal's billable item codes", async () => {
    const res = await handleGetOpenApi();
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; components: { schemas: { Usage: { properties: { item: { enum: string[] } } } } } };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.schemas.Usage.properties.item.enum).toContain("local_backup_servers");
    // The configured time window shows in the document.
    expect(JSON.stringify(doc)).toContain("Accepted from 2000-01-01T00:00:00.000Z to 5 minutes ahead of the server's clock");
  });
});
