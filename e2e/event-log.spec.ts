import { randomUUID } from "node:crypto";

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
