import { randomUUID } from "node:crypto";

import type { Page } from "@playwright/test";

import { customerMappings } from "~/db/schema";
import { createCustomer } from "~/db/seed/factories";

import { expect, signIn, test } from "./fixtures";
import { type AutotaskTenant, nav, seedAutotask } from "./sandbox-tenants";

/**
 * Customer Map at 1440 x 900 against an Autotask sandbox tenant: accepting a suggestion fills the
 * company's contract too, a mapping without a contract is flagged (and found by the problems
 * filter), and "Import one company" never offers a company that is already mapped. Customers and
 * the contract-less mapping are seeded through the factories; only the flows under test are clicked.
 */
test.use({ viewport: { width: 1440, height: 900 } });
test.describe.configure({ timeout: 90_000 });

async function connectAutotask(page: Page, tenant: AutotaskTenant, baseURL: string) {
  await nav(page, "Integration Setup");
  const connection = page.getByRole("form", { name: "PSA connection" });
  await connection.getByLabel("API username").fill(tenant.credentials.username);
  await connection.getByLabel("Secret", { exact: true }).fill(tenant.credentials.secret);
  await connection.getByLabel("API tracking identifier").fill(tenant.credentials.integrationCode);
  await connection.getByText("Advanced").click();
  await connection.getByLabel("Zone discovery URL").fill(`${baseURL}/sandbox/autotask/atservicesrest`);
  await connection.getByRole("button", { name: "Test and Save" }).click();
  await expect(page.getByRole("region", { name: `Connected to ${tenant.name}` })).toBeVisible();
}

test("accepting a suggestion fills the contract, a missing contract is flagged, and Import offers only unmapped companies", async ({
  page,
  partner,
  request,
  baseURL,
  db,
}) => {
  const tag = randomUUID().slice(0, 6);
  const harbor = `Harbor Clinic ${tag}`;
  const lakeside = `Lakeside Books ${tag}`;
  const cobalt = `Cobalt Works ${tag}`;
  const tenant = await seedAutotask(request, "E2E Map MSP", tag, cobalt);
  await createCustomer(db, { partnerId: partner.id, name: harbor, domain: null });
  const noContract = await createCustomer(db, { partnerId: partner.id, name: `Lakeside vendor ${tag}`, domain: null });
  await db.insert(customerMappings).values({ partnerId: partner.id, customerId: noContract.id, psaCompanyId: "990001", psaCompanyName: lakeside });

  await signIn(page, partner.admin.email, partner.admin.password);
  await connectAutotask(page, tenant, baseURL!);
  await nav(page, "Customer Map");
  await expect(page.getByRole("heading", { level: 1, name: "Customer Map" })).toBeVisible();

  const table = page.getByRole("table");
  const lakesideRow = table.getByRole("row", { name: new RegExp(`Lakeside vendor ${tag}`) });
  await expect(lakesideRow).toContainText("No contract");
  await expect(lakesideRow).toContainText("Billing skips this customer");

  // Accept the exact-name suggestion: the company's single Recurring Service contract comes with it.
  await page.getByRole("button", { name: `Accept ${harbor} for ${harbor}` }).click();
  await expect(page.getByText("1 suggestion accepted")).toBeVisible();
  const harborRow = table.getByRole("row", { name: new RegExp(harbor) });
  await expect(harborRow).not.toContainText("Unmapped");
  await expect(harborRow).not.toContainText("No contract");
  // The summary lists the contract it filled in.
  await expect(page.getByRole("listitem").filter({ hasText: `${harbor} · Contract: none →` })).toBeVisible();

  // Only the rows with problems: the contract-less mapping, not the customer just mapped with its contract.
  await page.getByLabel(/Only rows with problems/).check();
  await expect(table.getByRole("row", { name: new RegExp(`Lakeside vendor ${tag}`) })).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(harbor) })).toHaveCount(0);
  await page.getByLabel(/Only rows with problems/).uncheck();

  // Import one company: the mapped company is not offered; an unmapped one is, once.
  const importForm = page.getByRole("form", { name: "Import one company" });
  const picker = importForm.getByRole("combobox", { name: "One company" });
  await picker.fill(harbor);
  await expect(importForm.getByText("No company matches.")).toBeVisible();
  await expect(importForm.getByText(/1 company is not listed: already mapped to a customer/)).toBeVisible();
  await picker.fill(cobalt);
  await importForm.getByRole("option", { name: new RegExp(cobalt) }).click();
  await importForm.getByRole("button", { name: "Import company" }).click();
  await expect(page.getByText(`Imported ${cobalt} as customer psa-autotask-`)).toBeVisible();
  await picker.fill(cobalt);
  await expect(importForm.getByText("No company matches.")).toBeVisible();
});
