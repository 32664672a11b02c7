import { randomUUID } from "node:crypto";

import { saveTicketOutcome } from "~/db/queries/tickets";
import { createAccount, createCustomer, createEvents } from "~/db/seed/factories";

import { expect, ingest, signIn, test } from "./fixtures";

/** "YYYY-MM-DDTHH:mm" in UTC (the test partners' time zone), as a datetime-local input takes it. */
const local = (d: Date) => d.toISOString().slice(0, 16);

test("finds one event with the filters, opens it, and shows the customer with its accounts", async ({ page, partner, request }) => {
  const tag = randomUUID().slice(0, 6);
  const acme = { id: `70${tag}`, name: `Acme Dental ${tag}`, domain: `acme-${tag}.example` };
  const other = { id: `71${tag}`, name: `Bolt Freight ${tag}`, domain: `bolt-${tag}.example` };
  await ingest(request, partner.apiKey, "customers", [acme, other]);
  await ingest(request, partner.apiKey, "accounts", [
    { accountNumber: `${acme.id}-001`, customerId: acme.id, kind: "server", name: "ACME-DC01" },
    { accountNumber: `${acme.id}-002`, customerId: acme.id, kind: "workstation", name: "ACME-LT-JSMITH" },
    { accountNumber: `${other.id}-001`, customerId: other.id, kind: "server", name: "BOLT-FS01" },
  ]);

  const hour = 3_600_000;
  const at = new Date(Math.floor(Date.now() / hour) * hour - 50 * hour + 15 * 60_000);
  const event = (id: string, accountNumber: string, type: string, severity: string, when: Date, message: string, details = {}) => ({
    id: `${id}-${tag}`,
    accountNumber,
    type,
    severity,
    occurredAt: when.toISOString(),
    message,
    details,
  });
  const target = event("target", `${acme.id}-001`, "backup", "error", at, `Backup failed: VSS snapshot could not be created ${tag}`, {
    jobName: `Nightly system state ${tag}`,
    errorCode: "E2031",
    durationSeconds: 312,
  });
  await ingest(request, partner.apiKey, "events", [
    target,
    // Each of these differs from the target in exactly one filter.
    event("ok", `${acme.id}-001`, "backup", "ok", new Date(at.getTime() + 5 * 60_000), `Backup completed ${tag}`),
    event("type", `${acme.id}-001`, "disk_usage", "error", new Date(at.getTime() - 5 * 60_000), `Volume D: is 98% full ${tag}`),
    event("customer", `${other.id}-001`, "backup", "error", at, `Backup failed at Bolt ${tag}`),
    event("time", `${acme.id}-002`, "backup", "error", new Date(at.getTime() - 6 * hour), `Backup failed earlier ${tag}`),
  ]);

  await signIn(page, partner.technician.email, partner.technician.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Event Log" }).click();
  await expect(page).toHaveURL(/\/event-log/);
  const rows = page.getByRole("row").filter({ hasText: tag });
  await expect(rows).toHaveCount(5);

  await page.getByLabel("Customer", { exact: true }).selectOption({ label: `${acme.name} (${acme.id})` });
  await expect(rows).toHaveCount(4);
  await page.getByRole("group", { name: "Severity" }).getByLabel("Error").check();
  await expect(rows).toHaveCount(3);
  await page.getByLabel("Type", { exact: true }).selectOption("backup");
  await expect(rows).toHaveCount(2);
  await page.getByLabel("From", { exact: true }).fill(local(new Date(at.getTime() - 30 * 60_000)));
  await page.getByLabel("To", { exact: true }).fill(local(new Date(at.getTime() + 30 * 60_000)));
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(target.message);

  // The filters live in the URL: a reload shows the same single event.
  await page.reload();
  await expect(rows).toHaveCount(1);

  await rows.first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/event-log\/\d+$/);
  const main = page.getByRole("main");
  await expect(main).toContainText(target.message);
  await expect(main).toContainText(acme.name);
  await expect(main).toContainText(`${acme.id}-001`);
  await expect(main).toContainText("backup");
  await expect(main).toContainText(`Nightly system state ${tag}`);
  await expect(main).toContainText("E2031");
  await expect(main).toContainText(`target-${tag}`);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
  await expect(page).toHaveURL(/\/customers/);
  await page.getByRole("link", { name: acme.name }).click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("main")).toContainText(acme.name);
  for (const a of ["-001", "-002"]) await expect(page.getByRole("main")).toContainText(`${acme.id}${a}`);
  await expect(page.getByRole("main")).toContainText("ACME-DC01");
  await expect(page.getByRole("main")).not.toContainText(`${other.id}-001`);
});

/**
 * At 1440 x 900 (and 1024) the Event Log fits the page with its notifications column on screen,
 * shows each event's ticket number, finds events by words of the message or by ticket number,
 * and a Reprocess that records no ticket keeps the earlier attempt's number visible.
 */
test("fits 1440 px, shows ticket numbers, searches, and keeps the earlier ticket after a reprocess", async ({ page, partner, db }) => {
  test.slow();
  await page.setViewportSize({ width: 1440, height: 900 });
  const tag = randomUUID().slice(0, 6);
  const customer = await createCustomer(db, { partnerId: partner.id, name: `Northwind Traders International Holdings ${tag}` });
  const account = await createAccount(db, { partnerId: partner.id, customerId: customer.id, name: `NORTHWIND-FILESERVER-PRIMARY-${tag}` });
  const base = { partnerId: partner.id, customerId: customer.id, accountId: account.id, status: "processed" as const, processedAt: new Date() };
  const longMessage = `Backup completed after the storage quota was raised; ${"the job verified every volume snapshot and replicated it offsite ".repeat(4)}${tag}`;
  const [recovery, other] = await createEvents(db, [
    { ...base, severity: "ok", message: longMessage, occurredAt: new Date(Date.now() - 60_000) },
    { ...base, severity: "warning", message: `Replication lagging behind schedule ${tag}`, occurredAt: new Date(Date.now() - 120_000) },
  ]);
  // Autotask's shape: T, a date, a sequence number (unique per test).
  const number = `T2026${String(parseInt(tag, 16) % 10_000).padStart(4, "0")}.${String(Date.now() % 10_000).padStart(4, "0")}`;
  // Attempt 1 completed the ticket (as the ticket lifecycle records it).
  await saveTicketOutcome(db, { partnerId: partner.id, eventId: recovery!.id }, { status: "succeeded", detail: "completed", psaTicketId: "901", psaTicketNumber: number });

  await signIn(page, partner.technician.email, partner.technician.password);
  await page.goto("/event-log");
  const rows = page.getByRole("row").filter({ hasText: tag });
  await expect(rows).toHaveCount(2);

  const overflow = () => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  const recoveryRow = rows.filter({ hasText: "Backup completed after" });
  await expect(recoveryRow).toContainText(number);
  await expect(recoveryRow).toContainText("Succeeded");
  // The notifications column is on screen, not scrolled off to the right.
  const cell = recoveryRow.getByRole("cell").last();
  const box = await cell.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(1440);

  await page.setViewportSize({ width: 1024, height: 800 });
  await expect.poll(overflow).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1440, height: 900 });

  // Search by ticket number (a prefix of it), then by words of a message; the search is in the URL.
  const search = page.getByRole("searchbox", { name: "Search" });
  await search.fill(number.slice(0, 9));
  await search.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]q=${number.slice(0, 9)}`));
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(number);
  await search.fill(`replication LAGGING ${tag}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`Replication lagging behind schedule ${tag}`);
  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue(`replication LAGGING ${tag}`);
  expect(other).toBeTruthy();

  // Reprocess the recovery: ticketing is off for this partner, so the new attempt records no ticket.
  await page.goto(`/event-log/${recovery!.id}`);
  const outcomes = page.getByRole("region", { name: "Outcomes" });
  await outcomes.getByRole("button", { name: "Reprocess" }).click();
  const attempts = page.getByRole("region", { name: "Attempts" });
  await expect(async () => {
    await page.reload();
    await expect(attempts.getByRole("row").filter({ hasText: "#2" })).toContainText("Skipped", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(attempts.getByRole("row").filter({ hasText: "#2" })).toContainText(`Reprocess by ${partner.technician.name}`);
  const first = attempts.getByRole("row").filter({ hasText: "#1" });
  await expect(first).toContainText("Original processing");
  await expect(first).toContainText("completed");
  await expect(first).toContainText(number);

  // The list shows the latest attempt and keeps attempt 1's ticket number visible.
  await page.goto(`/event-log?q=${encodeURIComponent(tag)}`);
  const reprocessed = page.getByRole("row").filter({ hasText: "Backup completed after" });
  await expect(reprocessed).toContainText("Skipped");
  await expect(reprocessed).toContainText(number);
  await expect(reprocessed).toContainText("(attempt 1)");
});
