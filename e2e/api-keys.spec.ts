import { randomUUID } from "node:crypto";

import { expect, signIn, test } from "./fixtures";

const customer = (tag: string) => ({ customers: [{ id: `k${tag}`, name: `Key Test Customer ${tag}` }] });

test("an admin creates a key (shown once), the vendor platform uses it, and after revoking it gets 401", async ({ page, partner, request }) => {
  const tag = randomUUID().slice(0, 6);
  await signIn(page, partner.admin.email, partner.admin.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings/);
  await page.goto("/settings/api-keys");

  await page.getByLabel("Key name").fill(`Vendor platform ${tag}`);
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByLabel("New API key");
  await expect(shown).toHaveValue(/^psar_/);
  const key = await shown.inputValue();
  await expect(page.getByText("This key will not be shown again")).toBeVisible();

  const accepted = await request.put("/api/v1/customers", { headers: { authorization: `Bearer ${key}` }, data: customer(tag) });
  expect(accepted.status(), await accepted.text()).toBe(200);

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByLabel("New API key")).toHaveCount(0);
  // The list shows only the key's prefix, never the key.
  await expect(page.getByRole("main")).not.toContainText(key);
  const row = page.getByRole("row").filter({ hasText: `Vendor platform ${tag}` });
  await expect(row).toContainText(key.slice(0, 11));
  await expect(row).toContainText("Active");

  await row.getByRole("button", { name: `Revoke Vendor platform ${tag}` }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("Revoked");

  const refused = await request.put("/api/v1/customers", { headers: { authorization: `Bearer ${key}` }, data: customer(tag) });
  expect(refused.status()).toBe(401);
  // The partner's other key still works.
  const other = await request.put("/api/v1/customers", { headers: { authorization: `Bearer ${partner.apiKey}` }, data: customer(tag) });
  expect(other.status()).toBe(200);
});

test("a technician sees the keys but cannot create or revoke them", async ({ page, partner }) => {
  await signIn(page, partner.technician.email, partner.technician.password);
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("row").filter({ hasText: "E2E key" })).toContainText("Active");
  await expect(page.getByText("Only an admin of your partner account can create or revoke keys.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  // Nor through the API.
  const res = await page.request.post("/api/trpc/apiKeys.create", { data: { json: { name: "sneaky" } } });
  expect(res.status()).toBe(403);
});
