import { CUSTOMER_NAMES, DEMO_PARTNERS } from "~/db/seed/demo-data";
import type { ConnectWiseCredentials } from "~/server/psa/types";

import { type SeededTenant, seedTenant } from "./seed";
import { findTenant } from "./state";

/**
 * The fixed tenants of the ConnectWise sandbox: demo partner 2 ("Contoso Cloud Services") is
 * connected to `contosocloud`, whose companies are that partner's customers; `psarelaytest` is a
 * generic tenant for manual tries. Their credentials are demo-only and printed at demo start.
 */
export type ConnectWiseDemoTenant = {
  /** Demo partner slug this tenant belongs to, or null for the generic tenant. */
  partnerSlug: string | null;
  companyId: string;
  companyName: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  managementSolutionName: string;
  restricted: { publicKey: string; privateKey: string };
};

export const CONNECTWISE_DEMO_TENANTS: ConnectWiseDemoTenant[] = [
  {
    partnerSlug: "contoso",
    companyId: "contosocloud",
    companyName: "Contoso Cloud Services",
    publicKey: "CwDemoContosoPublic",
    privateKey: "CwDemoContosoPrivate",
    clientId: "6f1f2c9e-5b1a-4a57-9f3e-2f0c1d7a9b10",
    managementSolutionName: "PSA Relay",
    restricted: { publicKey: "CwDemoContosoLimitedPub", privateKey: "CwDemoContosoLimitedPriv" },
  },
  {
    partnerSlug: null,
    companyId: "psarelaytest",
    companyName: "PSA Relay Test MSP",
    publicKey: "CwTestPublicKey",
    privateKey: "CwTestPrivateKey",
    clientId: "0c5b2f8a-7d3e-4c1b-9a6f-3e2d1c0b9a87",
    managementSolutionName: "PSA Relay",
    restricted: { publicKey: "CwTestLimitedPub", privateKey: "CwTestLimitedPriv" },
  },
];

/** The demo partner's customer names, in the same slice db/seed/demo.ts gives that partner. */
export function demoCustomersFor(partnerSlug: string): Array<{ name: string; domain: string }> {
  let offset = 0;
  for (const spec of DEMO_PARTNERS) {
    if (spec.slug === partnerSlug) {
      return CUSTOMER_NAMES.slice(offset, offset + spec.customers).map(([name, domain]) => ({ name, domain }));
    }
    offset += spec.customers;
  }
  return [];
}

/** Seeds the demo tenants that are not there yet (idempotent, cheap when they exist). */
export function ensureDemoTenants(): void {
  CONNECTWISE_DEMO_TENANTS.forEach((t, i) => {
    if (findTenant(t.companyId)) return;
    seedTenant({
      companyId: t.companyId,
      companyName: t.companyName,
      customers: t.partnerSlug ? demoCustomersFor(t.partnerSlug) : undefined,
      publicKey: t.publicKey,
      privateKey: t.privateKey,
      restrictedPublicKey: t.restricted.publicKey,
      restrictedPrivateKey: t.restricted.privateKey,
      clientIds: null,
      idBase: 300 + i * 400,
      currencyCode: t.partnerSlug === "contoso" ? "GBP" : "USD",
    });
  });
}

/** Credentials for a demo tenant as the connector takes them, on the portal's origin. */
export function connectWiseDemoCredentials(origin: string, tenant: ConnectWiseDemoTenant): ConnectWiseCredentials {
  return {
    siteUrl: `${origin.replace(/\/+$/, "")}/sandbox/connectwise`,
    companyId: tenant.companyId,
    publicKey: tenant.publicKey,
    privateKey: tenant.privateKey,
    clientId: tenant.clientId,
    managementSolutionName: tenant.managementSolutionName,
  };
}

/** Credentials of a freshly seeded test tenant, for a sandbox served at `baseUrl` (scheme://host:port). */
export function connectWiseTestCredentials(baseUrl: string, seeded: SeededTenant): ConnectWiseCredentials {
  return {
    siteUrl: `${baseUrl.replace(/\/+$/, "")}/sandbox/connectwise`,
    companyId: seeded.companyId,
    publicKey: seeded.publicKey,
    privateKey: seeded.privateKey,
    clientId: seeded.clientId,
  };
}

/** What `.data/demo.json` and the demo printout need for the ConnectWise sandbox connection of a demo partner. */
export function connectWiseDemoConnection(origin: string, partnerSlug = "contoso") {
  const tenant = CONNECTWISE_DEMO_TENANTS.find((t) => t.partnerSlug === partnerSlug) ?? CONNECTWISE_DEMO_TENANTS[0]!;
  const credentials = connectWiseDemoCredentials(origin, tenant);
  return { provider: "connectwise" as const, partnerSlug: tenant.partnerSlug, baseUrl: credentials.siteUrl, credentials };
}
