import { expect, signIn, test } from "./fixtures";
import { nav } from "./sandbox-tenants";

/**
 * Partner Notifications at 1440 x 900: OK is one of the severities (no second switch), a new rule
 * appears in the list as soon as it is created, and a rule an earlier "all types" rule already
 * covers is named as shadowed — in the form before saving and on the list after.
 */
test.use({ viewport: { width: 1440, height: 900 } });

test("a new rule shows up at once, and one under an 'all types' rule says which rule wins", async ({ page, partner }) => {
  await signIn(page, partner.admin.email, partner.admin.password);
  await nav(page, "Notifications");
  await expect(page.getByRole("heading", { level: 1, name: "Partner Notifications" })).toBeVisible();

  await page.getByRole("button", { name: "New rule" }).click();
  const form = page.getByRole("form", { name: "Notification rule" });
  await expect(form.getByText("Subscribe to OK events")).toHaveCount(0);
  await expect(form.getByRole("group", { name: "Severities" }).getByRole("checkbox")).toHaveCount(3);
  await form.getByLabel("Name").fill("All failures");
  await form.getByRole("button", { name: "Create rule" }).click();
  const rules = page.getByRole("table");
  const row = (name: string) => rules.getByRole("row").filter({ has: page.getByRole("checkbox", { name: `Rule "${name}" is on` }) });
  await expect(row("All failures")).toBeVisible();

  await page.getByRole("button", { name: "New rule" }).click();
  await form.getByLabel("Name").fill("Backup errors");
  await form.getByLabel("Subscribe to all event types").uncheck();
  await form.getByLabel("Another event type").fill("backup_failed");
  await form.getByRole("button", { name: "Add type" }).click();
  await form.getByRole("group", { name: "Severities" }).getByRole("checkbox", { name: /Warning/ }).uncheck();
  // Before saving: the form says the earlier rule already acts on these events.
  await expect(form.getByText(/Shadowed by rule “All failures”/)).toBeVisible();
  // OK is not among the earlier rule's severities: with OK checked this rule would act on OK events.
  await form.getByRole("group", { name: "Severities" }).getByRole("checkbox", { name: /OK/ }).check();
  await expect(form.getByText(/Shadowed by rule/)).toHaveCount(0);
  await form.getByRole("group", { name: "Severities" }).getByRole("checkbox", { name: /OK/ }).uncheck();
  await form.getByRole("button", { name: "Create rule" }).click();

  const backup = row("Backup errors");
  await expect(backup).toBeVisible();
  await expect(backup).toContainText("Shadowed by rule “All failures”");
  await expect(row("All failures")).not.toContainText("Shadowed");

  // Switching the earlier rule off lets the later one act.
  // The switch follows the saved rule: it turns off once the server has switched it.
  await page.getByRole("checkbox", { name: 'Rule "All failures" is on' }).click();
  await expect(page.getByRole("checkbox", { name: 'Rule "All failures" is on' })).not.toBeChecked();
  await expect(backup).not.toContainText("Shadowed");
});
