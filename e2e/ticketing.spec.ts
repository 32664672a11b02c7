import { randomUUID } from "node:crypto";

import type { APIRequestContext, Locator, Page } from "@playwright/test";

import { type E2EPartner, expect, ingest, signIn, test } from "./fixtures";
import { connectAutotask, createCustomerWithServer, createTicketRule as seedTicketRule, mapToCompany } from "./psa-setup";
import { nav, seedAutotask, seedConnectWise } from "./sandbox-tenants";

/**
 * Tickets from events, end to end: an admin connects the PSA sandbox, sets the ticket settings,
 * maps a customer and creates an "Open a ticket" rule; a failure sent through the ingest API opens
 * exactly one ticket (Event Log outcome → Sandbox page), the recovery completes it, and reprocessing
 * the failure never opens a second one. Each test seeds its own sandbox tenant over HTTP (sandbox
 * state lives in the portal process) and gets its own partner. Jobs run inline in the e2e server.
 */
test.describe.configure({ timeout: 180_000 });



const settingsForm = (page: Page) => page.getByRole("form", { name: "Ticket settings" });

/** A select's option by its visible text (ids differ per sandbox tenant). */
async function choose(select: Locator, label: string) {
  await expect(select.locator("option", { hasText: label }).first()).toBeAttached();
  await select.selectOption({ label });
}

/** Vendor-side customer with one server account, through the ingest API as the vendor platform sends them. */
async function createCustomer(request: APIRequestContext, partner: E2EPartner, tag: string, name: string) {
  const customer = { id: `80${tag}`, name, domain: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example` };
  const account = { accountNumber: `${customer.id}-001`, customerId: customer.id, kind: "server", name: `SRV-${tag}` };
  await ingest(request, partner.apiKey, "customers", [customer]);
  await ingest(request, partner.apiKey, "accounts", [account]);
  return { customer, account };
}

function backupEvent(id: string, accountNumber: string, severity: "ok" | "error", message: string) {
  return { id, accountNumber, type: "backup", severity, occurredAt: new Date().toISOString(), message, details: { jobName: "Nightly image" } };
}

/** Customer Map: open the row's editor, search the PSA company by name, pick it and save. */
async function mapCustomer(page: Page, customerName: string, companyName: string) {
  await nav(page, "Customer Map");
  await expect(page.getByRole("heading", { level: 1, name: "Customer Map" })).toBeVisible();
  await page.getByRole("button", { name: `Edit mapping of ${customerName}` }).click();
  const editor = page.getByRole("form", { name: `Mapping of ${customerName}` });
  const combo = editor.getByRole("combobox", { name: "PSA company" });
  await combo.fill(companyName.slice(0, 14));
  await editor.getByRole("option", { name: new RegExp(companyName) }).click();
  await expect(editor.getByText(`Selected: ${companyName} (id `)).toBeVisible();
  // The company's contracts load from the PSA (the row widens as they arrive); pick its managed services one.
  const contract = editor.getByRole("combobox", { name: /^(Contract|Agreement)$/ });
  await expect(contract).toBeEnabled();
  await expect(contract.locator("option").first()).toHaveText(/^No (contract|agreement)$/);
  const managed = contract.locator("option", { hasText: "Managed Services" }).first();
  const contractName = (await managed.count()) ? (await managed.innerText()).split(" · ")[0]!.trim() : null;
  if (contractName) await contract.selectOption((await managed.getAttribute("value"))!);
  await editor.getByRole("button", { name: "Save mapping" }).click();
  const summary = page.getByRole("region", { name: "What changed" });
  await expect(summary).toContainText(`Mapping of ${customerName} saved`);
  await expect(summary).toContainText(companyName);
  const row = page.getByRole("row").filter({ hasText: customerName }).first();
  await expect(row).toContainText(companyName);
  if (contractName) await expect(row).toContainText(contractName);
}

/** Partner Notifications: a new "Open a ticket" rule with the defaults (all types, warning and error). */
async function createTicketRule(page: Page, psaName: string, name: string) {
  await nav(page, "Notifications");
  await expect(page.getByRole("heading", { level: 1, name: "Partner Notifications" })).toBeVisible();
  await page.getByRole("button", { name: "New rule" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await expect(page.getByLabel("Action")).toHaveValue("ticket");
  await page.getByRole("button", { name: "Create rule" }).click();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(`Open a ticket in ${psaName}`);
  await expect(row).toContainText("All types");
  await expect(page.getByText("Tickets will not be opened yet.")).toHaveCount(0);
}

/**
 * The event's detail page, reloaded until its ticket outcome shows `detail` (e.g. "opened"); returns
 * the PSA ticket number it shows.
 */
async function waitForOutcome(page: Page, eventMessage: string, detail: string): Promise<string> {
  await nav(page, "Event Log");
  const row = page.getByRole("row").filter({ hasText: eventMessage });
  await expect(row).toHaveCount(1);
  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("backup");
  const outcome = page.getByRole("region", { name: "Outcomes" }).getByRole("row").filter({ hasText: "Ticket" }).last();
  await expect(async () => {
    await page.reload();
    await expect(outcome).toContainText(detail, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(outcome).toContainText("Succeeded");
  return (await outcome.getByRole("cell").nth(2).innerText()).trim();
}

/** The Sandbox page on this tenant; the tickets of `companyName`, after a refresh. */
async function sandboxTickets(page: Page, provider: "autotask" | "connectwise", tenantId: string, companyName: string) {
  await page.goto(`/sandbox?provider=${provider}&tenant=${encodeURIComponent(tenantId)}`);
  await expect(page.getByRole("heading", { level: 1, name: "Sandbox" })).toBeVisible();
  return page.getByRole("article").filter({ hasText: `Company: ${companyName}` });
}

test("Autotask: a failure opens one ticket, the recovery completes it, and reprocessing never duplicates it", async ({ page, partner, request, baseURL, db }) => {
  const tag = randomUUID().slice(0, 6);
  const customerName = `Acme Logistics ${tag}`;
  const tenant = await seedAutotask(request, "E2E Tickets MSP", tag, customerName);
  // The connection, the customer's mapping and the rule are seeded through the services the pages
  // call (their UI is covered by the integration-setup flow and the ConnectWise flow below).
  await connectAutotask(db, partner, tenant, baseURL!);
  const { customer, account } = await createCustomerWithServer(db, partner, { vendorId: `80${tag}`, name: customerName, accountNumber: `80${tag}-001`, accountName: `SRV-${tag}` });
  await mapToCompany(db, partner, customer.id, customerName);
  await seedTicketRule(db, partner, `Backup failures ${tag}`);
  await signIn(page, partner.admin.email, partner.admin.password);
  await nav(page, "Integration Setup");

  // Ticket settings: retrieve the lists from Autotask, choose, save.
  await page.getByRole("button", { name: "Retrieve from Autotask" }).click();
  await expect(page.getByText(/\d+ queues and \d+ priorities retrieved\./)).toBeVisible();
  const form = settingsForm(page);
  await form.getByLabel("Subject prefix (optional)").fill("[Backup]");
  await choose(form.getByLabel("Queue", { exact: true }), "Backup Alerts");
  await choose(form.getByLabel("Default priority"), "Medium");
  await choose(form.getByLabel("Status for new tickets"), "New");
  await choose(form.getByLabel("Status for completed tickets"), "Complete");
  await choose(form.getByLabel("Error: priority"), "High");
  await form.getByLabel("Error: days until due").fill("1");
  await choose(form.getByLabel("Warning: priority"), "Medium");
  await form.getByRole("button", { name: "Save ticket settings" }).click();
  await expect(page.getByText("Ticket settings saved.")).toBeVisible();
  await page.reload();
  await expect(settingsForm(page).getByLabel("Queue", { exact: true }).locator("option:checked")).toHaveText("Backup Alerts");

  // A failure: one ticket, its number in the Event Log, the ticket on the Sandbox page.
  const failure = `Backup failed: VSS snapshot could not be created ${tag}`;
  await ingest(request, partner.apiKey, "events", [backupEvent(`fail-${tag}`, account.accountNumber, "error", failure)]);
  const ticketNumber = await waitForOutcome(page, failure, "opened");
  expect(ticketNumber).toMatch(/^T\d{8}\.\d{4}$/);
  // The ticket number links to the Sandbox page, which opens on the tenant the partner is connected to.
  await page.getByRole("region", { name: "Outcomes" }).getByRole("link", { name: ticketNumber }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sandbox" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Sandbox tenants" }).locator("a[aria-current=page]")).toContainText(tenant.tenantId);
  const ticket = page.getByRole("article", { name: `Ticket ${ticketNumber}` });
  await expect(page.getByRole("article").filter({ hasText: `Company: ${customerName}` })).toHaveCount(1);
  await expect(ticket).toContainText(`[Backup] ${customerName}`);
  await expect(ticket).toContainText("Queue: Backup Alerts");
  await expect(ticket).toContainText("Status: New");
  await expect(ticket).toContainText("Priority: High");

  // The recovery completes it.
  const recovery = `Backup completed successfully ${tag}`;
  await ingest(request, partner.apiKey, "events", [backupEvent(`ok-${tag}`, account.accountNumber, "ok", recovery)]);
  expect(await waitForOutcome(page, recovery, "completed")).toBe(ticketNumber);
  let tickets = await sandboxTickets(page, "autotask", tenant.tenantId, customerName);
  await expect(tickets).toHaveCount(1);
  await expect(ticket).toContainText("Status: Complete");
  await expect(ticket).toContainText("Completed:");

  // Reprocessing the failure from its detail page opens no second ticket.
  await nav(page, "Event Log");
  await page.getByRole("row").filter({ hasText: failure }).getByRole("link").first().click();
  const outcomes = page.getByRole("region", { name: "Outcomes" });
  await expect(outcomes.getByRole("row").filter({ hasText: "Ticket" }).last().getByRole("cell").nth(4)).toHaveText("1");
  await outcomes.getByRole("button", { name: "Reprocess" }).click();
  await expect(outcomes.getByRole("status")).toContainText("Queued for reprocessing");
  // The second attempt counts as soon as it starts: wait for its result too (the page does not poll).
  await expect(async () => {
    await page.reload();
    await expect(outcomes.getByRole("row").filter({ hasText: "Ticket" }).last().getByRole("cell").nth(4)).toHaveText("2", { timeout: 1_000 });
    // The failure is older than the recovery: the completed ticket is neither reopened nor duplicated.
    await expect(outcomes).toContainText("superseded: a later OK event already cleared this condition", { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(outcomes).toContainText(ticketNumber);
  tickets = await sandboxTickets(page, "autotask", tenant.tenantId, customerName);
  await expect(tickets).toHaveCount(1);
  await expect(ticket).toContainText("Status: Complete");
});

test("ConnectWise: board, statuses and mapping chosen on the pages, and a failure opens a ticket on the board", async ({ page, partner, request, baseURL }) => {
  const tag = randomUUID().slice(0, 6);
  const customerName = `Bolt Freight ${tag}`;
  const tenant = await seedConnectWise(request, "E2E CW MSP", tag, customerName);
  await signIn(page, partner.admin.email, partner.admin.password);

  await nav(page, "Integration Setup");
  const connection = page.getByRole("form", { name: "PSA connection" });
  await connection.getByRole("radio", { name: "ConnectWise Manage" }).check();
  await connection.getByLabel("Site URL").fill(`${baseURL}/sandbox/connectwise`);
  await connection.getByLabel("Company ID").fill(tenant.companyId);
  await connection.getByLabel("Public key").fill(tenant.publicKey);
  await connection.getByLabel("Private key", { exact: true }).fill(tenant.privateKey);
  await connection.getByLabel("Client ID").fill(tenant.clientId);
  await connection.getByLabel("Management solution name").fill("PSA Relay E2E");
  await connection.getByRole("button", { name: "Test and Save" }).click();
  await expect(page.getByRole("region", { name: `Connected to ${tenant.companyName}` })).toBeVisible();

  await page.getByRole("button", { name: "Retrieve from ConnectWise" }).click();
  await expect(page.getByText(/\d+ boards and \d+ priorities retrieved\./)).toBeVisible();
  const form = settingsForm(page);
  await choose(form.getByLabel("Board", { exact: true }), "Alerts");
  // Statuses come from the chosen board.
  await choose(form.getByLabel("Status for new tickets"), "New");
  await choose(form.getByLabel("Status for completed tickets"), "Resolved");
  await choose(form.getByLabel("Default priority"), "Priority 3 - Normal Response");
  await choose(form.getByLabel("Error: priority"), "Priority 2 - Quick Response");
  await form.getByRole("button", { name: "Save ticket settings" }).click();
  await expect(page.getByText("Ticket settings saved.")).toBeVisible();

  const { account } = await createCustomer(request, partner, tag, customerName);
  await mapCustomer(page, customerName, customerName);
  await createTicketRule(page, "ConnectWise", `All failures ${tag}`);

  const failure = `Backup failed: target unreachable ${tag}`;
  await ingest(request, partner.apiKey, "events", [backupEvent(`cw-fail-${tag}`, account.accountNumber, "error", failure)]);
  const ticketNumber = await waitForOutcome(page, failure, "opened");
  expect(ticketNumber).toMatch(/^\d+$/);
  const tickets = await sandboxTickets(page, "connectwise", tenant.companyId, customerName);
  await expect(tickets).toHaveCount(1);
  const ticket = page.getByRole("article", { name: `Ticket #${ticketNumber}` });
  await expect(ticket).toContainText(customerName);
  await expect(ticket).toContainText("Board: Alerts");
  await expect(ticket).toContainText("Status: New");
  await expect(ticket).toContainText("Priority: Priority 2 - Quick Response");
});
