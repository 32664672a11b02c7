import { count, eq } from "drizzle-orm";

import type { DbHandle } from "~/db";
import { apiKeys } from "~/db/schema";
import { createAccount, createCustomer, createEvent } from "~/db/seed/factories";

import { E2E_BASE_URL, E2E_PORT } from "./db-url";
import { type E2EPartner, expect, signIn, test } from "./fixtures";

/** The headers every answer carries, page or API. */
function expectStaticHeaders(headers: Record<string, string>, what: string) {
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
  // Served over plain http here (and no trusted proxy says otherwise): no HSTS.
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

const MAIN_PAGES = ["/event-log", "/customers", "/customer-map", "/billing", "/integration-setup", "/notifications", "/settings/api-keys"];

async function keyCount(db: DbHandle["db"], partner: E2EPartner): Promise<number> {
  const [row] = await db.select({ n: count() }).from(apiKeys).where(eq(apiKeys.partnerId, partner.id));
  return row?.n ?? 0;
}

test("security headers on a page, a tRPC answer and an ingest answer; API errors carry no stack or path", async ({ request, partner }) => {
  const page = await request.get("/sign-in");
  expect(page.status()).toBe(200);
  expectStaticHeaders(page.headers(), "page");
  expect(page.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);

  const trpc = await request.get("/api/trpc/session.me");
  expect(trpc.status()).toBe(401);
  expectStaticHeaders(trpc.headers(), "tRPC");
  expect(trpc.headers()["content-security-policy"]).toContain("default-src 'none'");

  const ingest = await request.put("/api/v1/customers", {
    headers: { authorization: `Bearer ${partner.apiKey}` },
    data: { customers: [{ id: "sec-1", name: "Security Test Customer" }] },
  });
  expect(ingest.status(), await ingest.text()).toBe(200);
  expectStaticHeaders(ingest.headers(), "ingest");

  // Errors: a malformed input, an unknown procedure, a batch over the limit — none leaks internals.
  const bad = await request.get(`/api/trpc/events.get?input=${encodeURIComponent("{not json")}`);
  const unknown = await request.get("/api/trpc/nope.nothing");
  const batch = await request.get(`/api/trpc/${Array(21).fill("session.me").join(",")}?batch=1`);
  expect(batch.status()).toBe(400);
  const authRoute = await request.get("/api/auth/not-an-action");
  expectStaticHeaders(authRoute.headers(), "auth route");
  const unknownPage = await request.get("/no-such-page");
  expect(unknownPage.status()).toBe(404);
  for (const res of [trpc, bad, unknown, batch, authRoute, unknownPage]) {
    const body = await res.text();
    expect(body).not.toMatch(/"stack"|\bat \w+ \(|node_modules|\/work\/|\.next|\.ts:\d+/);
  }
});

test("no CSP violation while signing in and visiting the main pages, and the pages hydrate", async ({ page, partner }) => {
  // Seven full page loads: on a busy machine each can take several seconds.
  test.slow();
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(msg.text())) violations.push(msg.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await signIn(page, partner.admin.email, partner.admin.password);
  for (const path of MAIN_PAGES) {
    await page.goto(path);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  }
  // A button that only works once React has hydrated: create a key through tRPC (a same-origin JSON mutation).
  await page.getByLabel("Key name").fill("Hydration check");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByLabel("New API key")).toHaveValue(/^psar_/);
  expect(violations).toEqual([]);
});

test("a cross-site form, a foreign Origin or a non-JSON body cannot run a mutation with the user's cookie", async ({ page, partner, db }) => {
  await signIn(page, partner.admin.email, partner.admin.password);
  const before = await keyCount(db, partner);
  const mutation = `${E2E_BASE_URL}/api/trpc/apiKeys.create`;

  // The reported attack: a page on another port of the same host posts a multipart form. The browser
  // sends the session cookie (same site) and Sec-Fetch-Site: same-site.
  const attacker = `http://127.0.0.1:${E2E_PORT + 1}/attack`;
  await page.route(attacker, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><form id="f" method="post" enctype="multipart/form-data" action="${mutation}">
        <input name="json" value='{"name":"csrf"}'></form><script>document.getElementById("f").submit()</script>`,
    }),
  );
  const answered = page.waitForResponse((r) => r.url().startsWith(mutation));
  await page.goto(attacker);
  const refused = await answered;
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ error: { code: "FORBIDDEN", message: expect.stringContaining("Cross-site request refused") } });

  // The same through the user's cookie jar with forged browser headers.
  const json = { json: { name: "csrf" } };
  const foreignOrigin = await page.request.post(mutation, { headers: { origin: "http://127.0.0.1:9" }, data: json });
  expect(foreignOrigin.status()).toBe(403);
  const crossSite = await page.request.post(mutation, { headers: { "sec-fetch-site": "cross-site" }, data: json });
  expect(crossSite.status()).toBe(403);
  const multipart = await page.request.post(mutation, { multipart: { json: JSON.stringify({ name: "csrf" }) } });
  expect(multipart.status()).toBe(415);
  const textPlain = await page.request.post(mutation, { headers: { "content-type": "text/plain" }, data: JSON.stringify(json) });
  expect(textPlain.status()).toBe(415);
  expect(await keyCount(db, partner)).toBe(before);

  // The portal's own same-origin JSON call works.
  await page.goto("/settings/api-keys");
  const status = await page.evaluate(async () => {
    const res = await fetch("/api/trpc/apiKeys.create", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { name: "same-origin" } }),
    });
    return res.status;
  });
  expect(status).toBe(200);
  expect(await keyCount(db, partner)).toBe(before + 1);
});

test("a signed-out visit to an event's deep link returns to it after signing in", async ({ page, partner, db }) => {
  const customer = await createCustomer(db, { partnerId: partner.id });
  const account = await createAccount(db, { partnerId: partner.id, customerId: customer.id });
  const event = await createEvent(db, { partnerId: partner.id, customerId: customer.id, accountId: account.id, message: "Deep link target event" });

  await page.goto(`/event-log/${event.id}`);
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?callbackUrl=%2Fevent-log%2F${event.id}$`));
  await page.getByLabel("E-mail").fill(partner.technician.email);
  await page.getByLabel("Password").fill(partner.technician.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/event-log/${event.id}$`));
  await expect(page.getByText("Deep link target event").first()).toBeVisible();
});

test("signing out ends the session on the server: the copied cookie is refused afterwards", async ({ browser, page, partner }) => {
  await signIn(page, partner.admin.email, partner.admin.password);
  const copied = await page.context().cookies();
  expect((await page.request.get("/api/trpc/session.me")).status()).toBe(200);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  const replay = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    await replay.addCookies(copied);
    expect((await replay.request.get("/api/trpc/session.me")).status()).toBe(401);
    const replayed = await replay.newPage();
    await replayed.goto("/event-log");
    await expect(replayed).toHaveURL(/\/sign-in/);
  } finally {
    await replay.close();
  }
});

test("the portal works at localhost as well as 127.0.0.1: sign-in, hydration and a mutation", async ({ page, partner }) => {
  const base = `http://localhost:${E2E_PORT}`;
  await page.goto(`${base}/settings/api-keys`);
  await expect(page).toHaveURL(`${base}/sign-in?callbackUrl=%2Fsettings%2Fapi-keys`);
  await page.getByLabel("E-mail").fill(partner.admin.email);
  await page.getByLabel("Password").fill(partner.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${base}/settings/api-keys`);
  await page.getByLabel("Key name").fill("From localhost");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByLabel("New API key")).toHaveValue(/^psar_/);
});
