import { randomUUID } from "node:crypto";

import type { APIRequestContext, Page } from "@playwright/test";

import { expect, signIn, test } from "./fixtures";
import { sandboxAdminHeaders } from "./sandbox-tenants";

/**
 * Integration Setup against the PSA sandboxes the e2e portal serves (PSA_RELAY_MODE=test). Each
 * test seeds its own sandbox tenant through the sandbox's _admin endpoints over HTTP — the sandbox
 * state lives in the portal process — with the sandbox admin token (or as the signed-in admin, which
 * makes the tenant the partner's), and makes its own partner.
 */
type AutotaskTenant = { tenantId: string; name: string; credentials: { username: string; secret: string; integrationCode: string } };
type ConnectWiseTenant = { companyId: string; companyName: string; codebase: string; publicKey: string; privateKey: string; clientId: string };

async function seedAutotask(request: APIRequestContext, name: string): Promise<AutotaskTenant> {
  const res = await request.post("/sandbox/autotask/_admin/tenants", { headers: sandboxAdminHeaders, data: { name } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as AutotaskTenant;
}

/** Without the token's header: as the signed-in user of `request` (a page's), so the tenant is that partner's. */
async function seedConnectWise(request: APIRequestContext, companyName: string, headers: Record<string, string> = sandboxAdminHeaders): Promise<ConnectWiseTenant> {
  const res = await request.post("/sandbox/connectwise/_admin/tenants", { headers, data: { companyName } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as ConnectWiseTenant;
}

const connectionForm = (page: Page) => page.getByRole("form", { name: "PSA connection" });
const currentStatus = (page: Page) => page.getByRole("region", { name: "Current status" });

async function openIntegrationSetup(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Integration Setup" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Integration Setup" })).toBeVisible();
}

test("an admin connects to the Autotask sandbox: a wrong secret is refused precisely, the right one shows the account", async ({
  page,
  partner,
  request,
  baseURL,
}) => {
  const tenant = await seedAutotask(request, `E2E Autotask MSP ${randomUUID().slice(0, 8)}`);
  await signIn(page, partner.admin.email, partner.admin.password);
  await openIntegrationSetup(page);
  await expect(currentStatus(page)).toContainText("Not connected");

  const form = connectionForm(page);
  await expect(form.getByRole("radio", { name: "Autotask" })).toBeChecked();
  await form.getByLabel("API username").fill(tenant.credentials.username);
  await form.getByLabel("Secret", { exact: true }).fill("not-the-right-secret");
  await form.getByLabel("API tracking identifier").fill(tenant.credentials.integrationCode);
  await form.getByText("Advanced").click();
  await expect(form.getByLabel("Zone discovery URL")).toHaveValue("https://webservices.autotask.net/atservicesrest");
  await form.getByLabel("Zone discovery URL").fill(`${baseURL}/sandbox/autotask/atservicesrest`);
  await form.getByRole("button", { name: "Test and Save" }).click();

  const failure = page.getByRole("alert").filter({ hasText: "The credentials were rejected" });
  await expect(failure).toContainText("The API user was rejected: check the username and secret");
  await expect(failure).toContainText("Nothing was saved");
  await expect(currentStatus(page)).toContainText("Not connected");

  await form.getByLabel("Secret", { exact: true }).fill(tenant.credentials.secret);
  await form.getByRole("button", { name: "Test and Save" }).click();
  const success = page.getByRole("region", { name: `Connected to ${tenant.name}` });
  // The zone URL the sandbox's zone discovery answered with (its own base URL).
  await expect(success).toContainText(/Zone URLhttps?:\/\/[^/]+\/sandbox\/autotask\/atservicesrest\//);
  await expect(success).toContainText("Web URL");
  await expect(failure).toHaveCount(0);
  await expect(currentStatus(page)).toContainText("Connected");
  await expect(currentStatus(page)).toContainText(`Autotask — ${tenant.name}`);

  // After a reload the secret is shown as saved, never sent back.
  await page.reload();
  const secret = connectionForm(page).getByLabel("Secret", { exact: true });
  await expect(secret).toHaveValue("");
  await expect(secret).toHaveAttribute("placeholder", "Saved — leave blank to keep it");
  await expect(connectionForm(page).getByLabel("API username")).toHaveValue(tenant.credentials.username);
  // The saved connection never carries the secret back. (The page does show it on the Sandbox
  // credentials card: the tenant is this partner's own, and the viewer is its admin.)
  const saved = await page.request.get("/api/trpc/integration.get");
  expect(saved.status()).toBe(200);
  expect(await saved.text()).not.toContain(tenant.credentials.secret);
});

test("an admin connects to the ConnectWise sandbox: a wrong private key is refused precisely, the right one shows the account", async ({
  page,
  partner,
  request,
  baseURL,
}) => {
  const tenant = await seedConnectWise(request, `E2E CW MSP ${randomUUID().slice(0, 8)}`);
  await signIn(page, partner.admin.email, partner.admin.password);
  await openIntegrationSetup(page);

  const form = connectionForm(page);
  await form.getByRole("radio", { name: "ConnectWise Manage" }).check();
  await form.getByLabel("Site URL").fill(`${baseURL}/sandbox/connectwise`);
  await form.getByLabel("Company ID").fill(tenant.companyId);
  await form.getByLabel("Public key").fill(tenant.publicKey);
  await form.getByLabel("Private key", { exact: true }).fill("not-the-right-private-key");
  await form.getByLabel("Client ID").fill(tenant.clientId);
  await form.getByLabel("Management solution name").fill("PSA Relay E2E");
  await form.getByRole("button", { name: "Test and Save" }).click();

  const failure = page.getByRole("alert").filter({ hasText: "The credentials were rejected" });
  await expect(failure).toContainText("The API keys were rejected: check the public and private key");
  await expect(currentStatus(page)).toContainText("Not connected");

  await form.getByLabel("Private key", { exact: true }).fill(tenant.privateKey);
  await form.getByRole("button", { name: "Test and Save" }).click();
  const success = page.getByRole("region", { name: `Connected to ${tenant.companyName}` });
  await expect(success).toContainText(`${baseURL}/sandbox/connectwise/`);
  await expect(success).toContainText("Codebase");
  await expect(success).toContainText(tenant.codebase);
  await expect(currentStatus(page)).toContainText(`ConnectWise Manage — ${tenant.companyName}`);
  expect(await page.content()).not.toContain(tenant.privateKey);
});

test("field errors name the field, and the partner's own sandbox credentials connect and can be removed after confirming", async ({ page, partner }) => {
  await signIn(page, partner.admin.email, partner.admin.password);
  // Created by the signed-in admin (no token): the tenant is this partner's, so the card offers it.
  const own = await seedConnectWise(page.request, `E2E Own CW ${randomUUID().slice(0, 8)}`, {});
  await openIntegrationSetup(page);
  const form = connectionForm(page);

  // Nothing entered: the server's validation messages appear under the fields.
  await form.getByRole("button", { name: "Test and Save" }).click();
  // Exact: the summary at the top repeats each message after the field's label, as a link to the field.
  await expect(form.getByText("Enter the API user's username.", { exact: true })).toBeVisible();
  await expect(form.getByText("Enter the API tracking identifier.", { exact: true })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "2 fields need attention" })).toBeVisible();

  // Only this partner's sandbox tenants: not the demo partners'.
  const card = page.getByRole("region", { name: "Sandbox credentials" });
  await expect(card.getByRole("button", { name: /^Use these/ })).toHaveCount(1);
  await expect(card).not.toContainText("Contoso Cloud Services");
  await card.getByRole("button", { name: `Use these: ${own.companyName}` }).click();
  await expect(form.getByRole("radio", { name: "ConnectWise Manage" })).toBeChecked();
  await form.getByRole("button", { name: "Test and Save" }).click();
  await expect(page.getByRole("region", { name: `Connected to ${own.companyName}` })).toBeVisible();
  await expect(form.getByLabel("Private key", { exact: true })).toHaveAttribute("placeholder", "Saved — leave blank to keep it");

  await currentStatus(page).getByRole("button", { name: "Remove connection" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove the PSA connection?" });
  await expect(dialog).toContainText("ConnectWise Manage");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(currentStatus(page)).toContainText("Connected");

  await currentStatus(page).getByRole("button", { name: "Remove connection" }).click();
  await dialog.getByRole("button", { name: "Remove connection" }).click();
  await expect(dialog).toBeHidden();
  await expect(currentStatus(page)).toContainText("Not connected");
});

test("a saved secret is asked for again once the site URL changes: it only goes to the host it was saved for", async ({ page, partner, request, baseURL }) => {
  const tenant = await seedConnectWise(request, `E2E CW MSP ${randomUUID().slice(0, 8)}`);
  await signIn(page, partner.admin.email, partner.admin.password);
  const saved = await page.request.post("/api/trpc/integration.testAndSave", {
    data: {
      json: {
        provider: "connectwise",
        siteUrl: `${baseURL}/sandbox/connectwise`,
        companyId: tenant.companyId,
        publicKey: tenant.publicKey,
        privateKey: tenant.privateKey,
        clientId: tenant.clientId,
      },
    },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  await openIntegrationSetup(page);
  const form = connectionForm(page);
  const privateKey = form.getByLabel("Private key", { exact: true });
  await expect(privateKey).toHaveAttribute("placeholder", "Saved — leave blank to keep it");

  // Pointing the connection elsewhere: before any submit, the form asks for the key again.
  await form.getByLabel("Site URL").fill("http://127.0.0.1:9/elsewhere");
  await expect(form.getByText("Type the private key again: it is only sent to the host it was saved for.")).toBeVisible();
  await expect(privateKey).not.toHaveAttribute("placeholder", /Saved/);
  await expect(privateKey).toHaveAttribute("required", "");
  await expect(form.getByRole("button", { name: /Keep the saved private key|Replace the saved private key/ })).toHaveCount(0);
  await form.getByRole("button", { name: "Test and Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "One field needs attention" })).toBeVisible();
  await expect(privateKey).toHaveAttribute("aria-invalid", "true");

  // The server refuses it too, naming the field, when the form is bypassed.
  const bypass = await page.request.post("/api/trpc/integration.testAndSave", {
    data: { json: { provider: "connectwise", siteUrl: "http://127.0.0.1:9/elsewhere", companyId: tenant.companyId, publicKey: tenant.publicKey, clientId: tenant.clientId } },
  });
  expect(bypass.status()).toBe(400);
  expect(await bypass.text()).toContain("Type the private key again");

  // Back to the saved site: the saved key is reused again.
  await form.getByLabel("Site URL").fill(`${baseURL}/sandbox/connectwise`);
  await expect(privateKey).toHaveAttribute("placeholder", "Saved — leave blank to keep it");
  await form.getByRole("button", { name: "Test and Save" }).click();
  await expect(page.getByRole("region", { name: `Connected to ${tenant.companyName}` })).toBeVisible();
});

test("a technician sees the connection read-only and cannot change it", async ({ page, partner, request, browser, baseURL }) => {
  const tenant = await seedAutotask(request, `E2E Autotask MSP ${randomUUID().slice(0, 8)}`);
  const input = {
    provider: "autotask",
    username: tenant.credentials.username,
    secret: tenant.credentials.secret,
    integrationCode: tenant.credentials.integrationCode,
    zoneDiscoveryUrl: `${baseURL}/sandbox/autotask/atservicesrest`,
  };

  // The partner's admin connects it first (through the same API the page uses).
  const adminContext = await browser.newContext({ baseURL });
  try {
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, partner.admin.email, partner.admin.password);
    const saved = await adminPage.request.post("/api/trpc/integration.testAndSave", { data: { json: input } });
    expect(saved.status(), await saved.text()).toBe(200);
    expect(((await saved.json()) as { result: { data: { json: { ok: boolean } } } }).result.data.json.ok).toBe(true);
  } finally {
    await adminContext.close();
  }

  await signIn(page, partner.technician.email, partner.technician.password);
  await openIntegrationSetup(page);
  await expect(currentStatus(page)).toContainText(`Autotask — ${tenant.name}`);
  await expect(page.getByText("Only an admin can change the PSA connection.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Test and Save" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Remove connection" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Replace/ })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Sandbox credentials" })).toHaveCount(0);

  const form = connectionForm(page);
  await expect(form.getByRole("radio", { name: "Autotask" })).toBeDisabled();
  await expect(form.getByLabel("API username")).toBeDisabled();
  await expect(form.getByLabel("API username")).toHaveValue(tenant.credentials.username);
  await expect(form.getByLabel("Secret", { exact: true })).toBeDisabled();
  await expect(form.getByLabel("Secret", { exact: true })).toHaveValue("");
  // No sandbox credentials reach a technician's browser at all (not even hidden in the page's data):
  // neither the partner's own tenant's secret nor the demo tenants'.
  const html = await page.content();
  for (const secret of [tenant.credentials.secret, "CwDemoContosoPrivate", "Northwind-Sandbox-Secret-2026", "CwTestPrivateKey"]) expect(html).not.toContain(secret);

  // The server refuses too.
  const change = await page.request.post("/api/trpc/integration.testAndSave", { data: { json: { ...input, username: "someone@else.test" } } });
  expect(change.status()).toBe(403);
  const removal = await page.request.post("/api/trpc/integration.remove", { data: { json: null } });
  expect(removal.status()).toBe(403);
  await page.reload();
  await expect(currentStatus(page)).toContainText("Connected");
});

test("billing currency is picked from the PSA's currencies, and Save shows its steps", async ({ page, partner, request, baseURL }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const tenant = await seedAutotask(request, `E2E Currency MSP ${randomUUID().slice(0, 8)}`);
  await signIn(page, partner.admin.email, partner.admin.password);
  await openIntegrationSetup(page);
  const form = connectionForm(page);
  await form.getByLabel("API username").fill(tenant.credentials.username);
  await form.getByLabel("Secret", { exact: true }).fill(tenant.credentials.secret);
  await form.getByLabel("API tracking identifier").fill(tenant.credentials.integrationCode);
  await form.getByText("Advanced").click();
  await form.getByLabel("Zone discovery URL").fill(`${baseURL}/sandbox/autotask/atservicesrest`);
  await form.getByRole("button", { name: "Test and Save" }).click();
  await expect(page.getByRole("region", { name: `Connected to ${tenant.name}` })).toBeVisible();

  const billing = page.getByRole("form", { name: "Billing settings" });
  const currency = billing.getByRole("combobox", { name: "Currency" });
  // A select of the currencies set up in Autotask: nothing to type, so "dollars" cannot become "DOL".
  await expect(currency).toBeEnabled();
  await expect(currency.locator("option")).toHaveText(["USD — US Dollar (Autotask's home currency)", "CAD — Canadian Dollar", "EUR — Euro", "GBP — Pound Sterling"]);
  await expect(currency).toHaveValue("USD");
  await currency.selectOption("EUR");

  await page.getByRole("button", { name: "Retrieve services list" }).click();
  await expect(page.getByText(/^\d+ services retrieved in \d+\.\d s/)).toBeVisible();
  const item = billing.getByLabel("PSA service for Local backup, servers", { exact: true });
  await item.selectOption({ label: (await item.locator("option", { hasText: "Cloud Backup - Server" }).innerText()).trim() });
  await billing.getByRole("button", { name: "Save billing settings" }).click();
  const steps = page.getByRole("list", { name: "Saving the billing settings" });
  await expect(steps.getByRole("listitem").nth(0)).toContainText("1/2 Check 1 chosen service and the currency EUR in Autotask");
  await expect(steps.getByRole("listitem").nth(0)).toContainText("all in the list just retrieved");
  await expect(steps.getByRole("listitem").nth(1)).toContainText("(done)");
  await expect(page.getByText("Billing settings saved.")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("form", { name: "Billing settings" }).getByRole("combobox", { name: "Currency" })).toHaveValue("EUR");
});
