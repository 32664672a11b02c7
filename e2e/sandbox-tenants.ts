import type { APIRequestContext, Page } from "@playwright/test";

import { E2E_SANDBOX_ADMIN_TOKEN } from "./db-url";
import { expect } from "./fixtures";

/**
 * Sandbox tenants for the e2e flows, seeded over HTTP through the sandboxes' _admin endpoints
 * (sandbox state lives in the portal process) with the sandbox admin token, as a script would.
 * Two filler customers come first — the seeds put a few tickets on the first two — so the test's
 * own customer starts clean.
 */
export type AutotaskTenant = { tenantId: string; name: string; credentials: { username: string; secret: string; integrationCode: string } };
export type ConnectWiseTenant = { companyId: string; companyName: string; codebase: string; publicKey: string; privateKey: string; clientId: string };

/** `Authorization: Bearer <sandbox admin token>`: scripts reach the sandboxes' _admin endpoints with it. */
export const sandboxAdminHeaders = { authorization: `Bearer ${E2E_SANDBOX_ADMIN_TOKEN}` };

export const fillers = (tag: string) => [`Harbor Clinic ${tag}`, `Lakeside Books ${tag}`];

export async function seedAutotask(request: APIRequestContext, mspName: string, tag: string, customerName: string): Promise<AutotaskTenant> {
  const res = await request.post("/sandbox/autotask/_admin/tenants", {
    headers: sandboxAdminHeaders,
    data: { name: `${mspName} ${tag}`, customerNames: [...fillers(tag), customerName] },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as AutotaskTenant;
}

export async function seedConnectWise(request: APIRequestContext, mspName: string, tag: string, customerName: string): Promise<ConnectWiseTenant> {
  const res = await request.post("/sandbox/connectwise/_admin/tenants", {
    headers: sandboxAdminHeaders,
    data: { companyName: `${mspName} ${tag}`, customers: [...fillers(tag), customerName] },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as ConnectWiseTenant;
}

/** Follows a link of the main navigation. */
export const nav = (page: Page, name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();

