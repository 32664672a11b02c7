import type { Page } from "@playwright/test";

import { THROTTLE_RULES } from "~/server/auth/throttle";

import { E2E_BASE_URL } from "./db-url";
import { expect, signIn, test } from "./fixtures";

/** The sign-in form's own message (Next's route announcer is an empty alert of its own). */
const formAlert = (page: Page) => page.locator("form").getByRole("alert");

/** One submission of the form, waiting for the server's answer (the form resets after each). */
async function attempt(page: Page, email: string, password: string) {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await answered;
  // React resets the form once the action's result is rendered; typing before that would be lost.
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
}

test("a wrong password shows an error and stays signed out", async ({ page, partner }) => {
  await page.goto("/sign-in");
  await attempt(page, partner.admin.email, "not-the-password");
  await expect(formAlert(page)).toContainText("Wrong e-mail or password");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/event-log");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("link", { name: "Event Log" })).toHaveCount(0);
});

test("the right password lands in the portal; signing out ends the session", async ({ page, partner }) => {
  await signIn(page, partner.admin.email, partner.admin.password);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Event Log" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Customers" })).toBeVisible();
  await expect(page.getByText(partner.name)).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  for (const path of ["/event-log", "/customers", "/settings/api-keys"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in/);
  }
  const me = await page.request.get("/api/trpc/session.me");
  expect(me.status()).toBe(401);
});

test("repeated failures slow this browser with a 'too many' message, even for the right password; another browser signs in", async ({
  browser,
  page,
  partner,
}) => {
  await page.goto("/sign-in");
  for (let i = 0; i <= THROTTLE_RULES.account.freeFailures; i++) {
    await attempt(page, partner.technician.email, `wrong-${i}`);
    await expect(formAlert(page)).toContainText(/Wrong e-mail or password|Too many/);
  }
  await attempt(page, partner.technician.email, partner.technician.password);
  await expect(formAlert(page)).toContainText("Too many failed sign-ins");
  await expect(page).toHaveURL(/\/sign-in/);
  // The user's own browser, which has not failed, is not locked out by those guesses...
  const own = await browser.newPage({ baseURL: E2E_BASE_URL });
  try {
    await signIn(own, partner.technician.email, partner.technician.password);
  } finally {
    await own.close();
  }
  // ...and another user in this browser is not affected either.
  await signIn(page, partner.admin.email, partner.admin.password);
});
