import { CUSTOMER_NAMES, DEMO_PARTNERS } from "~/db/seed/demo-data";

import { autotaskZoneDiscoveryUrl, type AutotaskSandboxCredentials, seedAutotaskTenant } from "./seed";
import { getTenant } from "./state";

/**
 * The demo's Autotask tenant: the PSA of demo partner 1 ("Northwind Managed IT"), seeded with the
 * same customer names the demo seed gives that partner. Credentials are fixed (demo-only) so the
 * demo CLI can print them, the README can list them and partner 1 can be connected at start.
 * State is in memory: the portal process seeds it on its first sandbox request.
 */
export const AUTOTASK_DEMO_TENANT = {
  tenantId: "northwind-autotask",
  partnerSlug: "northwind",
  name: "Northwind Managed IT",
  credentials: {
    username: "api.northwind@sandbox-autotask.test",
    secret: "Northwind-Sandbox-Secret-2026",
    integrationCode: "PSARELAYSANDBOXNORTHWIND01",
  } satisfies AutotaskSandboxCredentials,
  /** Same database; its security level gives no Companies access (for showing that message). */
  restrictedUsername: "restricted.api.northwind@sandbox-autotask.test",
} as const;

/** Customer names of a demo partner: the first partner takes the first names, the next the following ones. */
export function demoCustomerNames(partnerSlug: string): string[] {
  let offset = 0;
  for (const partner of DEMO_PARTNERS) {
    if (partner.slug === partnerSlug) return CUSTOMER_NAMES.slice(offset, offset + partner.customers).map(([name]) => name);
    offset += partner.customers;
  }
  throw new Error(`Unknown demo partner ${partnerSlug}`);
}

export function ensureAutotaskDemoTenants(): void {
  if (getTenant(AUTOTASK_DEMO_TENANT.tenantId)) return;
  seedAutotaskTenant({
    tenantId: AUTOTASK_DEMO_TENANT.tenantId,
    name: AUTOTASK_DEMO_TENANT.name,
    customerNames: demoCustomerNames(AUTOTASK_DEMO_TENANT.partnerSlug),
    credentials: AUTOTASK_DEMO_TENANT.credentials,
    variant: 2,
    seed: 20_260_101,
  });
}

/** What `.data/demo.json` and the demo printout need for the Autotask sandbox connection. */
export function autotaskDemoConnection(origin: string) {
  return {
    provider: "autotask" as const,
    partnerSlug: AUTOTASK_DEMO_TENANT.partnerSlug,
    baseUrl: autotaskZoneDiscoveryUrl(origin),
    credentials: { ...AUTOTASK_DEMO_TENANT.credentials, zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(origin) },
  };
}
