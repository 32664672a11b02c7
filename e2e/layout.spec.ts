import type { Page } from "@playwright/test";
import { eq } from "drizzle-orm";

import { partners } from "~/db/schema";

import { expect, ingest, signIn, test } from "./fixtures";
import { connectAutotask } from "./psa-setup";
import { seedAutotask } from "./sandbox-tenants";

/**
 * The portal's frame at the two sizes a new user met it: a phone (390 x 844) has a Menu button and
 * no page scrolls sideways; a laptop (1440 x 900) keeps the header on one line with a long
 * partner name.
 */

/** Waits until the page's data has arrived (no skeleton, nothing busy, network quiet). */
async function settled(page: Page) {
  await expect(page.locator("main h1").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  // Customer Map's first answer waits on the PSA's suggestions (one batched request): give a busy machine time.
  await expect(page.locator('main [aria-busy="true"], main .animate-pulse')).toHaveCount(0, { timeout: 60_000 });
}

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
}

/** The widest elements sticking out of the viewport, to say which one overflows when the test fails. */
async function culprits(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const clipped = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== "visible") return true;
      }
      return false;
    };
    return [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 80)} right=${Math.round(el.getBoundingClientRect().right)}`);
  });
}

test.describe("phone, 390 x 844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("every main page fits the width, and the Menu button opens the nav and navigates", async ({ page, partner, request, db, baseURL }) => {
    // Nine pages in one test (each one's own check is a second or two).
    test.setTimeout(180_000);
    // Data that made the pages wide: customers with long names and domains, mapped and unmapped, on a connected PSA.
    const tag = partner.slug.slice(4);
    const tenant = await seedAutotask(request, "Layout MSP", tag, `Contoso Pharmaceuticals International Holdings ${tag}`);
    await ingest(
      request,
      partner.apiKey,
      "customers",
      Array.from({ length: 4 }, (_, i) => ({
        id: `layout-${tag}-${i}`,
        name: `Northwind Traders Regional Subsidiary Number ${i} ${tag}`,
        domain: `northwind-traders-regional-subsidiary-${i}-${tag}.example.com`,
      })),
    );
    const account = `layout-${tag}-0-001`;
    await ingest(request, partner.apiKey, "accounts", [{ accountNumber: account, customerId: `layout-${tag}-0`, kind: "server", name: `NORTHWIND-FILESERVER-${tag}` }]);
    await ingest(request, partner.apiKey, "events", [
      {
        id: `layout-${tag}-event-1`,
        accountNumber: account,
        type: "backup",
        severity: "warning",
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        message: `Backup completed with warnings: 3 files skipped on \\NORTHWIND-FILESERVER\\Departments\\Finance\\Quarterly-Reports ${tag}`,
      },
    ]);
    await connectAutotask(db, partner, tenant, baseURL!);
    await signIn(page, partner.admin.email, partner.admin.password);

    const menu = page.getByRole("button", { name: "Menu" });
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(menu).toBeVisible();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();

    // Escape closes the menu and gives focus back to the button.
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(nav).toBeVisible();
    await expect(nav.getByRole("link").first()).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();

    await menu.click();
    const hrefs = await nav.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    expect(hrefs).toEqual(expect.arrayContaining(["/event-log", "/customers", "/customer-map", "/billing", "/integration-setup", "/notifications", "/settings/api-keys", "/sandbox"]));
    await nav.getByRole("link", { name: "Customer Map", exact: true }).click();
    await expect(page).toHaveURL(/\/customer-map/);
    await expect(nav).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");

    for (const href of hrefs) {
      await page.goto(href);
      await settled(page);
      const size = await horizontalOverflow(page);
      expect.soft(size.scrollWidth, `${href} is ${size.scrollWidth} px wide: ${(await culprits(page)).join("; ")}`).toBeLessThanOrEqual(size.clientWidth);
    }
  });
});

test.describe("laptop, 1440 x 900", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("the header stays on one line with a 60-character partner name, and the nav has room for nine links", async ({ page, partner, db }) => {
    const longName = `Contoso Managed IT Services and Cloud Solutions ${partner.slug}`.padEnd(60, "x").slice(0, 60);
    expect(longName).toHaveLength(60);
    await db.update(partners).set({ name: longName }).where(eq(partners.id, partner.id));
    await signIn(page, partner.admin.email, partner.admin.password);

    const header = page.locator("header").first();
    const name = header.getByTestId("partner-name");
    await expect(name).toHaveText(longName);
    await expect(name).toHaveAttribute("title", longName);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeVisible();
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();

    const check = async () => {
      // One line: every link, the partner name and Sign out share one row.
      const tops = await nav.getByRole("link").evaluateAll((links) => links.map((a) => Math.round(a.getBoundingClientRect().top)));
      expect(new Set(tops).size).toBe(1);
      const nameBox = (await name.boundingBox())!;
      expect(nameBox.height).toBeLessThan(24);
      const signOut = (await page.getByRole("button", { name: "Sign out" }).boundingBox())!;
      const headerBox = (await header.boundingBox())!;
      expect(headerBox.height).toBeLessThan(80);
      expect(signOut.x + signOut.width).toBeLessThanOrEqual(page.viewportSize()!.width);
      // Room for a ninth link (about 110 px) when fewer are shown.
      const room = await nav.evaluate((el) => {
        const items = [...el.querySelectorAll("li")].map((li) => li.getBoundingClientRect());
        return { free: Math.floor(el.getBoundingClientRect().width - (items.at(-1)!.right - items[0]!.left)), count: items.length };
      });
      expect(room.free).toBeGreaterThanOrEqual(0);
      if (room.count < 9) expect(room.free).toBeGreaterThanOrEqual(110 * (9 - room.count));
    };
    await check();
    // The smallest width that still shows the links in the header.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
    await check();
  });
});
