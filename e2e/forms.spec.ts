import type { Locator, Page } from "@playwright/test";

import { expect, signIn, test } from "./fixtures";
import { nav } from "./sandbox-tenants";

/**
 * Forms report every problem at once: each message beside its field (aria-invalid, and
 * aria-describedby naming the message), and a summary at the top that links to each field and
 * focuses the first invalid one.
 */

/** The field is marked invalid and its description includes the message. */
async function expectInvalid(page: Page, field: Locator, message: string) {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(describedBy.split(/\s+/).filter(Boolean).map((id) => page.locator(`[id="${id}"]`).innerText()));
  expect(texts.join(" ")).toContain(message);
}

test("Integration Setup: two empty fields get both messages, both marked, and the summary links to each", async ({ page, partner }) => {
  test.slow(); // two round trips through Test and Save; minutes on a machine as busy as CI's
  await signIn(page, partner.admin.email, partner.admin.password);
  await nav(page, "Integration Setup");
  const form = page.getByRole("form", { name: "PSA connection" });
  await form.getByRole("button", { name: "Test and Save" }).click();

  const username = form.getByLabel("API username");
  const code = form.getByLabel("API tracking identifier");
  await expectInvalid(page, username, "Enter the API user's username.");
  await expectInvalid(page, code, "Enter the API tracking identifier.");

  const summary = form.getByTestId("error-summary");
  await expect(summary).toContainText("2 fields need attention");
  // The summary comes first in the form, and the first invalid field has the focus.
  await expect(username).toBeFocused();
  await summary.getByRole("link", { name: /API tracking identifier/ }).click();
  await expect(code).toBeFocused();

  // Correcting one field leaves only the other one flagged after the next try.
  await username.fill("api-user@example.com");
  await form.getByRole("button", { name: "Test and Save" }).click();
  await expect(summary).toContainText("One field needs attention");
  await expect(username).not.toHaveAttribute("aria-invalid", "true");
  await expectInvalid(page, code, "Enter the API tracking identifier.");
});

test("sign-in: an empty e-mail and password are both reported, each beside its field", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectInvalid(page, page.getByLabel("E-mail"), "Enter a valid e-mail address.");
  await expectInvalid(page, page.getByLabel("Password"), "Enter your password.");
  await expect(page.getByTestId("error-summary")).toContainText("2 fields need attention");
  await expect(page.getByLabel("E-mail")).toBeFocused();
});

test("Notifications: a rule without a name or a severity reports both", async ({ page, partner }) => {
  await signIn(page, partner.admin.email, partner.admin.password);
  await nav(page, "Notifications");
  await page.getByRole("button", { name: /New rule/ }).click();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create rule" }) });
  const severities = form.getByRole("group", { name: "Severities" }).getByRole("checkbox");
  for (const box of await severities.all()) if (await box.isChecked()) await box.uncheck();
  await form.getByRole("button", { name: "Create rule" }).click();
  await expectInvalid(page, form.getByLabel("Name", { exact: true }), "Give the rule a name.");
  await expectInvalid(page, severities.first(), "Choose at least one severity.");
  await expect(form.getByTestId("error-summary")).toContainText("2 fields need attention");
});
