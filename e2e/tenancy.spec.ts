import { randomUUID } from "node:crypto";

import { and, eq } from "drizzle-orm";

import { customers, events } from "~/db/schema";

import { expect, ingest, makePartner, signIn, test } from "./fixtures";

const trpcGet = (path: string, input: unknown) => `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

test("one partner never sees another partner's customers or events, whatever ids are sent", async ({ page, partner: a, db, request }) => {
  const b = await makePartner(db, "Other");
  const tag = randomUUID().slice(0, 6);
  const seed = async (apiKey: string, prefix: string, name: string) => {
    await ingest(request, apiKey, "customers", [{ id: `${prefix}${tag}`, name: `${name} ${tag}` }]);
    await ingest(request, apiKey, "accounts", [{ accountNumber: `${prefix}${tag}-001`, customerId: `${prefix}${tag}`, kind: "server", name: `${name} server` }]);
    await ingest(request, apiKey, "events", [
      {
        id: `evt-${prefix}-${tag}`,
        accountNumber: `${prefix}${tag}-001`,
        type: "backup",
        severity: "error",
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        message: `${name} backup failed ${tag}`,
        details: {},
      },
    ]);
  };
  // The same vendor ids on both sides: tenancy never relies on ids being different.
  await seed(a.apiKey, "90", "Alpha Clinic");
  await seed(b.apiKey, "90", "Beta Bakery");

  const [aEvent] = await db.select().from(events).where(and(eq(events.partnerId, a.id), eq(events.vendorEventId, `evt-90-${tag}`)));
  const [aCustomer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.partnerId, a.id), eq(customers.vendorCustomerId, `90${tag}`)));
  expect(aEvent && aCustomer).toBeTruthy();

  await signIn(page, b.admin.email, b.admin.password);
  await page.goto("/event-log");
  await expect(page.getByRole("main")).toContainText(`Beta Bakery backup failed ${tag}`);
  await expect(page.getByRole("main")).not.toContainText("Alpha Clinic");

  await page.goto("/customers");
  await expect(page.getByRole("main")).toContainText(`Beta Bakery ${tag}`);
  await expect(page.getByRole("main")).not.toContainText("Alpha Clinic");

  for (const url of [`/event-log/${aEvent!.id}`, `/customers/${aCustomer!.id}`]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(page.locator("body")).not.toContainText("Alpha Clinic");
  }

  // B's own session calling the API with A's ids gets nothing.
  const getEvent = await page.request.get(trpcGet("events.get", { id: aEvent!.id }));
  expect(getEvent.status()).toBe(404);
  expect(await getEvent.text()).not.toContain("Alpha Clinic");
  const getCustomer = await page.request.get(trpcGet("customers.get", { id: aCustomer!.id }));
  expect(getCustomer.status()).toBe(404);
  expect(await getCustomer.text()).not.toContain("Alpha Clinic");
  const list = await page.request.get(trpcGet("events.list", { filters: { customerId: aCustomer!.id } }));
  expect(list.status()).toBe(200);
  const body = (await list.json()) as { result: { data: { json: { items: unknown[] } } } };
  expect(body.result.data.json.items).toEqual([]);

  // A still sees its own event through the same call.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, a.technician.email, a.technician.password);
  const own = await page.request.get(trpcGet("events.get", { id: aEvent!.id }));
  expect(own.status()).toBe(200);
  expect(await own.text()).toContain(`Alpha Clinic backup failed ${tag}`);
});

test("the API refuses a caller without a session", async ({ request, partner }) => {
  const res = await request.get(trpcGet("events.list", { filters: {} }));
  expect(res.status()).toBe(401);
  const ingestWithout = await request.post("/api/v1/events", { data: { events: [] } });
  expect(ingestWithout.status()).toBe(401);
  const ingestWrong = await request.post("/api/v1/events", { data: { events: [] }, headers: { authorization: `Bearer ${partner.apiKey}x` } });
  expect(ingestWrong.status()).toBe(401);
});
