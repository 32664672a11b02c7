import { randomUUID } from "node:crypto";

import { ticketConditions } from "~/db/schema";
import { createAccount, createCustomer, createEvents } from "~/db/seed/factories";

import { expect, makePartner, signIn, test } from "./fixtures";

/**
 * Sign-in lands on the Overview; each card counts one problem and links to where it is fixed,
 * with the right filters. A partner without problems sees the all-clear.
 */
test("lands on the Overview after sign-in, and each card links to where its problem is fixed", async ({ page, partner, db }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const tag = randomUUID().slice(0, 6);
  const mapped = await createCustomer(db, { partnerId: partner.id, name: `Contoso ${tag}` });
  await createCustomer(db, { partnerId: partner.id, name: `Unmapped Ltd ${tag}` });
  const account = await createAccount(db, { partnerId: partner.id, customerId: mapped.id });
  const base = { partnerId: partner.id, customerId: mapped.id, accountId: account.id, status: "processed" as const, occurredAt: new Date(Date.now() - 60_000) };
  await createEvents(db, [
    { ...base, outcomeStatus: "failed", message: `Delivery failed ${tag}` },
    { ...base, outcomeStatus: "pending", message: `Delivery waiting ${tag}` },
    { ...base, outcomeStatus: "succeeded", message: `Delivered ${tag}` },
  ]);
  await db.insert(ticketConditions).values({
    partnerId: partner.id,
    customerId: mapped.id,
    accountId: account.id,
    eventType: "backup",
    correlationKey: `overview-${tag}`,
    state: "open",
    psaTicketId: "77",
    psaTicketNumber: `T2026${tag}.0007`,
    lastSeverity: "error",
    openedAt: new Date(),
  });

  await signIn(page, partner.technician.email, partner.technician.password);
  await expect(page).toHaveURL(/\/overview$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link").first()).toHaveText("Overview");
  await expect(page.getByRole("heading", { name: "All clear" })).toHaveCount(0);

  const card = (title: string) => page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: title, exact: true }) });
  await expect(card("Failed deliveries")).toContainText("1");
  await expect(card("Queued or retrying deliveries")).toContainText("1");
  await expect(card("Customers not mapped")).toContainText("2");
  await expect(page.getByRole("region", { name: /Open tickets we raised \(1\)/ })).toContainText(`T2026${tag}.0007`);
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth)).toBe(true);

  await card("Failed deliveries").getByRole("link").click();
  await expect(page).toHaveURL(/\/event-log\?failed=1$/);
  await expect(page.getByRole("row").filter({ hasText: tag })).toHaveCount(1);
  await expect(page.getByRole("row").filter({ hasText: tag })).toContainText(`Delivery failed ${tag}`);

  await page.goBack();
  await expect(page).toHaveURL(/\/overview$/);
  await card("Queued or retrying deliveries").getByRole("link").click();
  await expect(page).toHaveURL(/\/event-log\?pending=1$/);
  await expect(page.getByRole("row").filter({ hasText: tag })).toHaveCount(1);
  await expect(page.getByRole("row").filter({ hasText: tag })).toContainText(`Delivery waiting ${tag}`);
  await expect(page.getByLabel("Only events whose notifications are queued or waiting for a retry")).toBeChecked();

  await page.goto("/overview");
  await card("Customers not mapped").getByRole("link").click();
  await expect(page).toHaveURL(/\/customer-map$/);

  // The root sends a signed-in user to the Overview too.
  await page.goto("/");
  await expect(page).toHaveURL(/\/overview$/);
});

test("a partner with nothing to fix sees the all-clear", async ({ browser, db }) => {
  const quiet = await makePartner(db, "Quiet");
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, quiet.admin.email, quiet.admin.password);
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByRole("heading", { name: "All clear" })).toBeVisible();
  await expect(page.getByRole("region", { name: /Open tickets we raised \(0\)/ })).toContainText("No open tickets");
  await page.close();
});
