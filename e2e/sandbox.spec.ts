import { expect, signIn, test } from "./fixtures";
import { connectAutotask } from "./psa-setup";
import { type AutotaskTenant, sandboxAdminHeaders } from "./sandbox-tenants";

/**
 * The Sandbox page shows one page of each list at a time, with a search per list; both live in
 * the address, so Back and a shared link return to the same view.
 */
test("Sandbox: a tenant's contracts are paged and searched on the server, with the state in the address", async ({ page, partner, request, db, baseURL }) => {
  test.slow(); // seven page loads and a PSA connection; well under a minute on an idle machine
  const tag = partner.slug.slice(4);
  const customers = Array.from({ length: 30 }, (_, i) => `Paging Customer ${String(i + 1).padStart(2, "0")} ${tag}`);
  const res = await request.post("/sandbox/autotask/_admin/tenants", { headers: sandboxAdminHeaders, data: { name: `Sandbox Paging MSP ${tag}`, customerNames: customers } });
  expect(res.status(), await res.text()).toBe(201);
  const tenant = (await res.json()) as AutotaskTenant;

  await connectAutotask(db, partner, tenant, baseURL!);
  await signIn(page, partner.admin.email, partner.admin.password);
  await page.goto(`/sandbox?provider=autotask&tenant=${encodeURIComponent(tenant.tenantId)}`);

  const contracts = page.getByRole("region", { name: /^Contracts \(\d+\)$/ });
  await expect(contracts).toBeVisible();
  const total = Number((await contracts.getByRole("heading").first().innerText()).match(/\((\d+)\)/)![1]);
  expect(total).toBeGreaterThan(25);
  const rows = contracts.getByRole("table", { name: "Contracts" }).locator("tbody tr");
  await expect(rows).toHaveCount(25);
  await expect(contracts).toContainText(`Showing 1–25 of ${total}.`);

  // Next: the second page, from the server, with the page in the address.
  const pager = contracts.getByRole("navigation", { name: "Pages of contracts" });
  await pager.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/contracts\.page=2/);
  await expect(pager).toContainText("Page 2 of 2");
  await expect(rows).toHaveCount(total - 25);

  // A search starts again at page 1 and keeps only the matching contracts.
  await contracts.getByRole("searchbox", { name: "Search contracts" }).fill(`Customer 07 ${tag}`);
  await contracts.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/contracts\.q=/);
  await expect(page).not.toHaveURL(/contracts\.page=/);
  await expect(rows.first()).toContainText(customers[6]!);
  for (const row of await rows.all()) await expect(row).toContainText(customers[6]!);
  await expect(contracts).toContainText(`matching “Customer 07 ${tag}”`);

  // The address alone restores the view; other lists keep their first page.
  await page.reload();
  await expect(rows.first()).toContainText(customers[6]!);
  await expect(contracts.getByRole("searchbox", { name: "Search contracts" })).toHaveValue(`Customer 07 ${tag}`);

  // A search that matches nothing says so and offers to clear it.
  await contracts.getByRole("searchbox", { name: "Search contracts" }).fill("no such contract anywhere");
  await contracts.getByRole("button", { name: "Search" }).click();
  await expect(contracts).toContainText("No contracts match “no such contract anywhere”");
  await contracts.getByRole("button", { name: "Clear" }).click();
  await expect(rows).toHaveCount(25);

  // The page stays a readable length: lists are paged, not thousands of rows.
  const height = await page.evaluate(() => document.scrollingElement!.scrollHeight);
  expect(height).toBeLessThan(20_000);
});
