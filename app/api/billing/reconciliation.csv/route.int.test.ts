import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { setDbHandle } from "~/db";
import { billingLines, users } from "~/db/schema";
import { createCustomer, createPartner, createUser } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

const session = vi.hoisted(() => ({ current: null as { user: { id: string } } | null }));
vi.mock("~/server/auth/config", () => ({ auth: async () => session.current }));

const { GET } = await import("./route");

/** The CSV export answers only to a session, for that session's partner, with the filter of the page. */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let alpha: { userId: string; disabledId: string };
beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
  const db = handle.db;
  const a = await createPartner(db, { name: "Alpha", timeZone: "UTC" });
  const user = await createUser(db, { partnerId: a.id, role: "technician" });
  const disabled = await createUser(db, { partnerId: a.id });
  await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
  const contoso = await createCustomer(db, { partnerId: a.id, name: "Contoso", vendorCustomerId: "V-1" });
  const fabrikam = await createCustomer(db, { partnerId: a.id, name: "Fabrikam", vendorCustomerId: "V-2" });
  const b = await createPartner(db, { name: "Bravo" });
  const foreign = await createCustomer(db, { partnerId: b.id, name: "Bravo Secret Co", vendorCustomerId: "V-B" });
  await db.insert(billingLines).values([
    { partnerId: a.id, customerId: contoso.id, kind: "mapped", itemCode: "local_backup_servers", vendorQuantity: 3, psaQuantity: 1, unitPrice: 10, status: "pending_approval" },
    { partnerId: a.id, customerId: fabrikam.id, kind: "mapped", itemCode: "local_backup_servers", vendorQuantity: 2, psaQuantity: 2, unitPrice: 10, status: "in_sync" },
    { partnerId: b.id, customerId: foreign.id, kind: "mapped", itemCode: "local_backup_servers", vendorQuantity: 9, psaQuantity: 1, unitPrice: 10, status: "failed" },
  ]);
  alpha = { userId: user.id, disabledId: disabled.id };
});
afterAll(async () => {
  setDbHandle(undefined);
  await handle?.close();
});

const get = (query = "") => GET(new Request(`http://localhost/api/billing/reconciliation.csv${query}`));

describe("GET /api/billing/reconciliation.csv", () => {
  it("refuses a request without a session or of a disabled user", async () => {
    session.current = null;
    const anonymous = await get();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toMatch(/Sign in again/);
    session.current = { user: { id: alpha.disabledId } };
    expect((await get()).status).toBe(401);
  });

  it("exports the session partner's reconciliation (any role) as a CSV download", async () => {
    session.current = { user: { id: alpha.userId } };
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="reconciliation-\d{4}-\d{2}-\d{2}\.csv"$/);
    const body = await res.text();
    expect(body).toContain("Contoso,V-1");
    expect(body).toContain("Fabrikam,V-2");
    expect(body).not.toContain("Bravo");
    expect(res.headers.get("x-rows")).toBe("2");
  });

  it("applies the page's filters and rejects ones that do not parse", async () => {
    session.current = { user: { id: alpha.userId } };
    const differences = await (await get("?status=differences&item=local_backup_servers")).text();
    expect(differences).toContain("Contoso");
    expect(differences).not.toContain("Fabrikam");
    expect(await (await get("?q=fab")).text()).not.toContain("Contoso");
    const bad = await get("?status=everything");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Pick a status/);
  });
});
