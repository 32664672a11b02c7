import { randomUUID } from "node:crypto";

import type { APIRequestContext, Browser, Locator, Page } from "@playwright/test";

import { type E2EPartner, expect, ingest, signIn, test } from "./fixtures";
import { configureBilling, connectAutotask, createCustomerWithServer, mapToCompany } from "./psa-setup";
import { type ConnectWiseTenant, nav, seedAutotask, seedConnectWise } from "./sandbox-tenants";

/**
 * Billing sync, end to end: an admin connects the PSA sandbox, maps the vendor's billable items to
 * PSA services / products on Integration Setup, maps a customer with its contract / agreement on
 * the Customer Map; the vendor platform sends the customer's usage through the ingest API; the
 * Billing page's "Sync all now" previews the changes. Autotask ("Always approve"): a technician
 * sees them read-only, the admin rejects one and approves the rest; ConnectWise ("Automatic", with
 * invoice descriptions): they are written at once. The Sandbox page shows the new quantities, the
 * customer's audit trail the writes, and the reconciliation a difference of 0; a second sync
 * writes nothing. Each test seeds its own sandbox tenant over HTTP and gets its own partner. Jobs
 * run inline in the e2e server, so a run completes within seconds.
 */
test.describe.configure({ timeout: 180_000 });



const today = () => new Date().toISOString().slice(0, 10);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function connectConnectWise(page: Page, tenant: ConnectWiseTenant, baseURL: string) {
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
}

/**
 * Picks the PSA service / product whose option starts with `serviceName` followed by its price
 * ("Name — $price"); ids differ per sandbox tenant, so the option's value is read from the list.
 */
async function chooseService(select: Locator, serviceName: string) {
  const option = select.locator("option").filter({ hasText: new RegExp(`^${escapeRegExp(serviceName)} — \\$\\d`) });
  await expect(option).toHaveCount(1);
  await select.selectOption((await option.getAttribute("value"))!);
  await expect(select.locator("option:checked")).toHaveText(new RegExp(`^${escapeRegExp(serviceName)} — `));
}

/**
 * Billing settings on Integration Setup: retrieve the services list, map each item, pick the write
 * mode, turn billing on and save; the saved choices survive a reload.
 */
async function saveBillingSettings(
  page: Page,
  opts: { word: "service" | "product"; mappings: [itemName: string, serviceName: string][]; writeMode: string; invoiceDescriptions?: boolean },
) {
  const form = page.getByRole("form", { name: "Billing settings" });
  await page.getByRole("button", { name: "Retrieve services list" }).click();
  await expect(page.getByText(/^\d+ services? retrieved/)).toBeVisible();
  for (const [item, service] of opts.mappings) await chooseService(form.getByLabel(`PSA ${opts.word} for ${item}`, { exact: true }), service);
  await form.getByRole("radio", { name: opts.writeMode, exact: true }).check();
  await form.getByLabel("Billing sync on").check();
  if (opts.invoiceDescriptions) await form.getByRole("group", { name: "ConnectWise options" }).getByLabel("Update invoice descriptions").check();
  await form.getByRole("button", { name: "Save billing settings" }).click();
  await expect(page.getByText("Billing settings saved.")).toBeVisible();
  await page.reload();
  const reloaded = page.getByRole("form", { name: "Billing settings" });
  await expect(reloaded.getByLabel("Billing sync on")).toBeChecked();
  await expect(reloaded.getByRole("radio", { name: opts.writeMode, exact: true })).toBeChecked();
  if (opts.invoiceDescriptions) await expect(reloaded.getByLabel("Update invoice descriptions")).toBeChecked();
  for (const [item, service] of opts.mappings) {
    await expect(reloaded.getByLabel(`PSA ${opts.word} for ${item}`, { exact: true }).locator("option:checked")).toContainText(service);
  }
}

/** Vendor-side customer with one server account, through the ingest API as the vendor platform sends them. */
async function createCustomer(request: APIRequestContext, partner: E2EPartner, tag: string, name: string) {
  const customer = { id: `81${tag}`, name, domain: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example` };
  const account = { accountNumber: `${customer.id}-001`, customerId: customer.id, kind: "server", name: `SRV-${tag}` };
  await ingest(request, partner.apiKey, "customers", [customer]);
  await ingest(request, partner.apiKey, "accounts", [account]);
  return { customer, account };
}

/** Today's usage of the customer's account, per item code. */
async function sendUsage(request: APIRequestContext, partner: E2EPartner, customerId: string, accountNumber: string, quantities: Record<string, number>) {
  const rows = Object.entries(quantities).map(([item, quantity]) => ({ customerId, accountNumber, item, quantity, period: today() }));
  await ingest(request, partner.apiKey, "usage", rows);
}

/** Customer Map: map the customer to its PSA company and that company's "Managed Services" contract / agreement. */
async function mapCustomer(page: Page, customerName: string): Promise<string> {
  await nav(page, "Customer Map");
  await expect(page.getByRole("heading", { level: 1, name: "Customer Map" })).toBeVisible();
  await page.getByRole("button", { name: `Edit mapping of ${customerName}` }).click();
  const editor = page.getByRole("form", { name: `Mapping of ${customerName}` });
  await editor.getByRole("combobox", { name: "PSA company" }).fill(customerName.slice(0, 14));
  await editor.getByRole("option", { name: new RegExp(escapeRegExp(customerName)) }).click();
  await expect(editor.getByText(`Selected: ${customerName} (id `)).toBeVisible();
  const contract = editor.getByRole("combobox", { name: /^(Contract|Agreement)$/ });
  await expect(contract).toBeEnabled();
  const managed = contract.locator("option", { hasText: "Managed Services" });
  await expect(managed).toHaveCount(1);
  const contractName = (await managed.innerText()).split(" · ")[0]!.trim();
  await contract.selectOption((await managed.getAttribute("value"))!);
  await editor.getByRole("button", { name: "Save mapping" }).click();
  await expect(page.getByRole("region", { name: "What changed" })).toContainText(`Mapping of ${customerName} saved`);
  await expect(page.getByRole("row").filter({ hasText: customerName }).first()).toContainText(contractName);
  return contractName;
}

/** Billing page: "Sync all now", confirm, and wait for the run to complete with `result` in its progress line. */
async function syncAllNow(page: Page, result: RegExp) {
  await nav(page, "Billing");
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await page.getByRole("button", { name: "Sync all now" }).click();
  const dialog = page.getByRole("dialog", { name: "Sync all customers now?" });
  await expect(dialog).toContainText("1 mapped customer is compared with");
  await dialog.getByRole("button", { name: "Start the sync" }).click();
  await expect(dialog).toBeHidden();
  await expectRun(page, "Sync now: all mapped customers", result);
}

/** The "Latest sync" section shows the run `title` completed, with `result` in its progress line. */
async function expectRun(page: Page, title: string, result: RegExp) {
  const latest = page.getByRole("region", { name: "Latest sync" });
  await expect(latest).toContainText(title);
  await expect(latest.getByText("Completed", { exact: true }).first()).toBeVisible({ timeout: 60_000 });
  await expect(latest.getByRole("progressbar", { name: "Sync progress" })).toHaveAttribute("aria-valuetext", "1 of 1 customers done");
  await expect(latest).toContainText(result);
}

/** A row of a table (by accessible name) that contains every text. */
function rowOf(scope: Page | Locator, table: string, ...texts: string[]): Locator {
  let row = scope.getByRole("table", { name: table, exact: true }).getByRole("row");
  for (const text of texts) row = row.filter({ hasText: text });
  return row;
}

/** The Sandbox page on this tenant (sandbox state lives in the portal process, so it shows what the sync wrote). */
async function openSandbox(page: Page, provider: "autotask" | "connectwise", tenantId: string) {
  await page.goto(`/sandbox?provider=${provider}&tenant=${encodeURIComponent(tenantId)}`);
  await expect(page.getByRole("heading", { level: 1, name: "Sandbox" })).toBeVisible();
}

/** A technician of the same partner, in a browser of its own: the Billing page without any admin action. */
async function expectTechnicianReadOnly(browser: Browser, baseURL: string, partner: E2EPartner, pendingRow: string) {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await signIn(page, partner.technician.email, partner.technician.password);
    await nav(page, "Billing");
    await expect(page.getByText("Only an admin can start a sync or approve changes. You can read everything here.")).toBeVisible();
    // The technician sees what waits, but cannot decide it nor start a sync.
    await expect(rowOf(page, "Pending changes", pendingRow)).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Sync all now" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Approve/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Reject/ })).toHaveCount(0);
    await expect(page.getByRole("checkbox")).toHaveCount(0);
  } finally {
    await context.close();
  }
}

test("Autotask: Sync now previews the changes, the admin rejects one and approves the rest, the contract gets the new units and the audit trail records them", async ({
  page,
  partner,
  request,
  baseURL,
  browser,
  db,
}) => {
  const tag = randomUUID().slice(0, 6);
  const customerName = `Acme Logistics ${tag}`;
  const tenant = await seedAutotask(request, "E2E Billing MSP", tag, customerName);
  // Connection, billing settings and mapping are seeded through the services the pages call (their
  // own UI is covered by the integration-setup flow and the ConnectWise flow below): the contract's
  // "Cloud Backup - Server" bills local backup servers; email archiving and email security have
  // services the customer's contract does not hold yet.
  await connectAutotask(db, partner, tenant, baseURL!);
  await configureBilling(db, partner, {
    writeMode: "approve",
    mappings: [
      ["local_backup_servers", "Cloud Backup - Server"],
      ["email_archiving_mailboxes", "Email Archiving (per mailbox)"],
      ["email_security_mailboxes", "Email Security (per mailbox)"],
    ],
  });
  const { customer, account } = await createCustomerWithServer(db, partner, { vendorId: `81${tag}`, name: customerName, accountNumber: `81${tag}-001`, accountName: `SRV-${tag}` });
  const { contractName } = await mapToCompany(db, partner, customer.id, customerName);
  expect(contractName).not.toBeNull();
  // The sandbox seeds 1–40 units of Cloud Backup - Server on the contract: 57 is always an increase.
  await sendUsage(request, partner, customer.vendorCustomerId, account.accountNumber, { local_backup_servers: 57, email_archiving_mailboxes: 25, email_security_mailboxes: 12 });
  await signIn(page, partner.admin.email, partner.admin.password);

  // Sync all now: nothing is written, the three changes wait for approval.
  await syncAllNow(page, /1 with changes waiting · 0 writes to the PSA/);
  await expect(page.getByRole("table", { name: "Pending changes" }).getByRole("row")).toHaveCount(4);
  const increase = rowOf(page, "Pending changes", customerName, "Local backup, servers");
  await expect(increase).toContainText("Cloud Backup - Server");
  await expect(increase).toContainText(contractName!);
  await expect(increase.getByRole("cell").nth(4)).toHaveText(/^\d+ → 57/);
  await expect(increase.getByRole("cell").nth(8)).toHaveText(today());
  const created = rowOf(page, "Pending changes", customerName, "Email archiving, mailboxes");
  await expect(created).toContainText("service will be added");
  await expect(created.getByRole("cell").nth(4)).toHaveText(/→ 25/);
  await expect(created.getByRole("cell").nth(5)).toHaveText("new");
  const before = Number((await increase.getByRole("cell").nth(4).innerText()).split("→")[0]!.trim());
  expect(before).toBeGreaterThanOrEqual(1);
  expect(before).toBeLessThan(57);

  // The reconciliation shows the differences waiting.
  const recLine = rowOf(page, "Reconciliation", customerName, "Local backup, servers");
  await expect(recLine.getByRole("cell").nth(4)).toHaveText(`+${57 - before}`);
  await expect(recLine).toContainText("Waits for approval");

  // A technician sees the same page read-only.
  await expectTechnicianReadOnly(browser, baseURL!, partner, "Local backup, servers");

  // Reject the email security change: nothing is written for it.
  await page.getByRole("checkbox", { name: `Select change for ${customerName} Email security, mailboxes` }).check();
  await page.getByRole("button", { name: "Reject selected (1)" }).click();
  await page.getByRole("dialog", { name: "Reject 1 change?" }).getByRole("button", { name: "Reject", exact: true }).click();
  await expect(page.getByText("1 change rejected; nothing was written to the PSA.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Pending changes" }).getByRole("row")).toHaveCount(3);
  const rejectedLine = rowOf(page, "Reconciliation", customerName, "Email security, mailboxes");
  await expect(rejectedLine.getByRole("cell").nth(4)).toHaveText("+12");
  await expect(rejectedLine).toContainText("Rejected");
  await expect(rejectedLine).not.toContainText("Waits for approval");

  // Approve all pending: one approval run writes the other two.
  await page.getByRole("button", { name: "Approve all pending (2)" }).click();
  const confirm = page.getByRole("dialog", { name: "Approve all 2 pending changes?" });
  await confirm.getByRole("button", { name: "Approve and write to the PSA" }).click();
  await expect(page.getByText("2 changes approved — writing to the PSA now.")).toBeVisible();
  await expectRun(page, "Applying 2 approved changes", /2 writes to the PSA/);
  await expect(page.getByText("Nothing waits for approval")).toBeVisible();

  // Reconciliation: the PSA now holds the vendor quantities of the approved items.
  for (const [item, quantity] of [
    ["Local backup, servers", "57"],
    ["Email archiving, mailboxes", "25"],
  ] as const) {
    const line = rowOf(page, "Reconciliation", customerName, item);
    await expect(line.getByRole("cell").nth(2)).toContainText(quantity);
    await expect(line.getByRole("cell").nth(3)).toContainText(quantity);
    await expect(line.getByRole("cell").nth(4)).toHaveText("0");
    await expect(line).toContainText("Applied");
  }
  await expect(rowOf(page, "Reconciliation", customerName, "Local backup, servers").getByRole("cell").nth(3)).toContainText(`was ${before}`);
  await expect(rowOf(page, "Reconciliation", customerName, "Email security, mailboxes").getByRole("cell").nth(4)).toHaveText("+12");

  // The customer's page: its audit trail records both writes, approved by the admin, and the rejection.
  await rowOf(page, "Reconciliation", customerName, "Local backup, servers").getByRole("link", { name: customerName }).click();
  await expect(page.getByRole("heading", { name: customerName })).toBeVisible();
  await expect(page.getByRole("table", { name: "Audit trail" }).getByRole("row")).toHaveCount(4);
  const adjusted = rowOf(page, "Audit trail", "Local backup, servers");
  await expect(adjusted.getByRole("cell").nth(1)).toHaveText(`approved by ${partner.admin.name}`);
  await expect(adjusted.getByRole("cell").nth(3)).toHaveText(new RegExp(`^${before} → 57`));
  await expect(adjusted.getByRole("cell").nth(5)).toHaveText(today());
  await expect(adjusted.getByRole("cell").nth(6)).toHaveText(/^ContractServiceAdjustment:\d+$/);
  await expect(adjusted.getByRole("cell").nth(7)).toContainText("Applied");
  const added = rowOf(page, "Audit trail", "Email archiving, mailboxes");
  await expect(added.getByRole("cell").nth(1)).toHaveText(`approved by ${partner.admin.name}`);
  await expect(added.getByRole("cell").nth(3)).toHaveText(/→ 25/);
  await expect(added.getByRole("cell").nth(6)).toHaveText(/^ContractService(Adjustment)?:\d+$/);
  const rejected = rowOf(page, "Audit trail", "Email security, mailboxes");
  await expect(rejected.getByRole("cell").nth(1)).toHaveText(`rejected by ${partner.admin.name}`);
  await expect(rejected.getByRole("cell").nth(6)).toHaveText("—");
  await expect(rejected.getByRole("cell").nth(7)).toContainText("Rejected");

  // The Sandbox page: the contract's services bill the new units from today; nothing for the rejected item.
  await openSandbox(page, "autotask", tenant.tenantId);
  const serverRow = rowOf(page, "Contract services", customerName, "Cloud Backup - Server");
  await expect(serverRow).toHaveCount(1);
  await expect(serverRow.getByRole("cell").nth(4)).toHaveText("57");
  await expect(serverRow.getByRole("cell").nth(5)).toContainText(`+${57 - before} from ${today()}`);
  const archiveRow = rowOf(page, "Contract services", customerName, "Email Archiving (per mailbox)");
  await expect(archiveRow).toHaveCount(1);
  await expect(archiveRow.getByRole("cell").nth(4)).toHaveText("25");
  await expect(rowOf(page, "Contract services", customerName, "Email Security (per mailbox)")).toHaveCount(0);

  // A second sync writes nothing: the approved items are in sync, the rejected one is proposed again.
  await syncAllNow(page, /1 with changes waiting · 0 writes to the PSA/);
  for (const item of ["Local backup, servers", "Email archiving, mailboxes"]) {
    const line = rowOf(page, "Reconciliation", customerName, item);
    await expect(line.getByRole("cell").nth(4)).toHaveText("0");
    await expect(line).toContainText("In sync");
  }
  await expect(rowOf(page, "Reconciliation", customerName, "Email security, mailboxes")).toContainText("Waits for approval");
  await expect(rowOf(page, "Pending changes", customerName, "Email security, mailboxes").getByRole("cell").nth(4)).toHaveText(/→ 12/);
});

test("ConnectWise: automatic write mode writes the addition's quantity and invoice description at Sync now, the reconciliation difference is 0, and a revert writes the old quantity back", async ({
  page,
  partner,
  request,
  baseURL,
}) => {
  const tag = randomUUID().slice(0, 6);
  const customerName = `Bolt Freight ${tag}`;
  const tenant = await seedConnectWise(request, "E2E CW Billing", tag, customerName);
  await signIn(page, partner.admin.email, partner.admin.password);
  await connectConnectWise(page, tenant, baseURL!);

  // The sandbox's agreements hold an addition of BACKUP-GB-BASIC: Online backup, Basic plan bills it.
  await saveBillingSettings(page, {
    word: "product",
    mappings: [["Online backup, Basic plan", "BACKUP-GB-BASIC - Online backup, Basic plan (per GB)"]],
    writeMode: "Automatic",
    invoiceDescriptions: true,
  });

  // Two accounts: 600.5 + 386.7 = 987.2 GB bills 988 whole GB.
  const { customer, account } = await createCustomer(request, partner, tag, customerName);
  const nas = { accountNumber: `${customer.id}-002`, customerId: customer.id, kind: "server", name: `NAS-${tag}` };
  await ingest(request, partner.apiKey, "accounts", [nas]);
  await mapCustomer(page, customerName);
  await sendUsage(request, partner, customer.id, account.accountNumber, { online_backup_gb_basic: 600.5 });
  await sendUsage(request, partner, customer.id, nas.accountNumber, { online_backup_gb_basic: 386.7 });

  await syncAllNow(page, /1 applied · 1 write to the PSA/);
  await expect(page.getByText("Nothing waits for approval")).toBeVisible();
  const line = rowOf(page, "Reconciliation", customerName, "Online backup, Basic plan");
  await expect(line.getByRole("cell").nth(2)).toContainText("988");
  await expect(line.getByRole("cell").nth(3)).toContainText("988");
  await expect(line.getByRole("cell").nth(4)).toHaveText("0");
  await expect(line).toContainText("Applied");

  // The audit trail: written at once by the admin's Sync now.
  await line.getByRole("link", { name: customerName }).click();
  const entry = rowOf(page, "Audit trail", "Online backup, Basic plan");
  await expect(entry).toHaveCount(1);
  await expect(entry.getByRole("cell").nth(1)).toHaveText(`automatic (Sync now by ${partner.admin.name})`);
  await expect(entry.getByRole("cell").nth(3)).toHaveText(/→ 988/);
  await expect(entry.getByRole("cell").nth(6)).toHaveText(/^Addition:\d+$/);
  const replaced = (await entry.getByRole("cell").nth(3).innerText()).split("→")[0]!.trim();

  // The customer's own Sync now (within 12 hours of the last one: forced) finds it in sync and writes nothing.
  const header = page.getByRole("region", { name: customerName });
  await header.getByRole("button", { name: "Sync now", exact: true }).click();
  await expect(header).toContainText("Sync now: 1 customer");
  await expect(header.getByText("Completed", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(header).toContainText("1 of 1 customer done · 1 in sync · 0 writes to the PSA");
  const quantities = rowOf(page, "Reconciliation", "Online backup, Basic plan");
  await expect(quantities.getByRole("cell").nth(3)).toHaveText("0");
  await expect(quantities).toContainText("In sync");

  // The Sandbox page: the agreement's addition carries the new quantity and the per-account usage.
  await openSandbox(page, "connectwise", tenant.companyId);
  const addition = rowOf(page, "Agreement additions", customerName, "BACKUP-GB-BASIC");
  await expect(addition).toHaveCount(1);
  await expect(addition.getByRole("cell").nth(3)).toHaveText("988");
  await expect(addition.getByRole("cell").nth(6)).toHaveText(
    `Online backup, Basic plan: 988 GB — SRV-${tag} (${account.accountNumber}) 600.5 GB; NAS-${tag} (${nas.accountNumber}) 386.7 GB`,
  );

  // Revert the Sync all now run: the addition goes back to the quantity it replaced.
  await nav(page, "Billing");
  await page.getByText("Recent syncs", { exact: true }).click();
  const recent = page.getByRole("table", { name: "Recent syncs" });
  await expect(recent.getByRole("button", { name: /^Revert the run of/ })).toHaveCount(1);
  await recent.getByRole("button", { name: /^Revert the run of/ }).click();
  const dialog = page.getByRole("dialog", { name: "Revert this run?" });
  await dialog.getByRole("button", { name: "Write the previous quantities back" }).click();
  await expect(dialog).toBeHidden();
  await expectRun(page, "Reverting 1 change", /1 applied · 1 write to the PSA/);
  await openSandbox(page, "connectwise", tenant.companyId);
  await expect(rowOf(page, "Agreement additions", customerName, "BACKUP-GB-BASIC").getByRole("cell").nth(3)).toHaveText(replaced);
});
