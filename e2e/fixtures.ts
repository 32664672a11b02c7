import { randomUUID } from "node:crypto";

import { type APIRequestContext, test as base, expect, type Page } from "@playwright/test";

import { type DbHandle, openDb } from "~/db";
import { createApiKeyRow, createPartner, createUser } from "~/db/seed/factories";

import { e2eDatabaseUrl } from "./db-url";

/**
 * Each test gets its own partner (admin, technician, ingest API key), created through the shared
 * factories on a direct connection to the e2e database — so tests run in parallel and never see
 * each other's data.
 */
export type E2EUser = { id: string; email: string; password: string; name: string };
export type E2EPartner = { id: string; name: string; slug: string; admin: E2EUser; technician: E2EUser; apiKey: string };

export async function makePartner(db: DbHandle["db"], label = "E2E"): Promise<E2EPartner> {
  const tag = randomUUID().slice(0, 8);
  const partner = await createPartner(db, { name: `${label} Partner ${tag}`, slug: `e2e-${tag}`, timeZone: "UTC" });
  const admin = await createUser(db, {
    partnerId: partner.id,
    email: `admin-${tag}@e2e.test`,
    name: `Admin ${tag}`,
    password: `admin-password-${tag}`,
    role: "admin",
  });
  const technician = await createUser(db, {
    partnerId: partner.id,
    email: `tech-${tag}@e2e.test`,
    name: `Tech ${tag}`,
    password: `tech-password-${tag}`,
    role: "technician",
  });
  const key = await createApiKeyRow(db, { partnerId: partner.id, name: "E2E key", createdByUserId: admin.id });
  const user = (u: typeof admin): E2EUser => ({ id: u.id, email: u.email, password: u.password, name: u.name });
  return { id: partner.id, name: partner.name, slug: partner.slug, admin: user(admin), technician: user(technician), apiKey: key.key };
}

export const test = base.extend<{ partner: E2EPartner }, { db: DbHandle["db"] }>({
  db: [
    async ({}, provide) => {
      const handle = await openDb({ url: e2eDatabaseUrl(), poolSize: 2 });
      await provide(handle.db);
      await handle.close();
    },
    { scope: "worker" },
  ],
  partner: async ({ db }, provide) => {
    await provide(await makePartner(db));
  },
});

export { expect };

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 30_000 });
}

/** Calls the ingest API over HTTP with a partner's key, as the vendor platform does. */
export async function ingest(
  request: APIRequestContext,
  apiKey: string,
  resource: "customers" | "accounts" | "events" | "usage",
  items: unknown[],
) {
  const method = resource === "events" ? "post" : "put";
  const res = await request[method](`/api/v1/${resource}`, {
    headers: { authorization: `Bearer ${apiKey}` },
    data: { [resource]: items },
  });
  expect(res.status(), `${method.toUpperCase()} /api/v1/${resource}: ${await res.text()}`).toBeLessThan(300);
  return res;
}
