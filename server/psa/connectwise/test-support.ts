import { faultConfigSchema } from "~/server/sandbox/common/faults";
import { serveFetchHandler } from "~/server/sandbox/common/serve";
import { connectWiseTestCredentials } from "~/server/sandbox/connectwise/demo";
import { handleConnectWiseSandbox } from "~/server/sandbox/connectwise/handler";
import { type SeededTenant, type SeedTenantInput, seedTenant } from "~/server/sandbox/connectwise/seed";
import { findTenant, type Tenant } from "~/server/sandbox/connectwise/state";

import type { ConnectWiseCredentials } from "../types";
import { ConnectWiseConnector, type ConnectWiseConnectorOptions } from "./connector";

/**
 * Test wiring shared by the ConnectWise connector tests: the real sandbox handler served over
 * HTTP on a random local port, fresh isolated tenants, and connectors (real global fetch) that
 * record every request they make through `onRequest`.
 */
export type RequestEntry = { method: string; path: string; status: number | "network" | "timeout"; ms: number };

export async function startSandbox() {
  return serveFetchHandler(handleConnectWiseSandbox);
}

export function newTenant(input: SeedTenantInput = {}): { seeded: SeededTenant; tenant: Tenant } {
  const seeded = seedTenant(input);
  return { seeded, tenant: findTenant(seeded.companyId)! };
}

let keys = 0;

export function connectorFor(
  baseUrl: string,
  seeded: SeededTenant,
  opts: ConnectWiseConnectorOptions & { credentials?: Partial<ConnectWiseCredentials> } = {},
): { connector: ConnectWiseConnector; requests: RequestEntry[]; credentials: ConnectWiseCredentials } {
  const requests: RequestEntry[] = [];
  const credentials = { ...connectWiseTestCredentials(baseUrl, seeded), ...opts.credentials };
  const connector = new ConnectWiseConnector(credentials, {
    connectionKey: `test-${seeded.companyId}-${++keys}`,
    backoffBaseMs: 5,
    timeoutMs: 5_000,
    ...opts,
    onRequest: (entry) => {
      requests.push(entry);
      opts.onRequest?.(entry);
    },
  });
  return { connector, requests, credentials };
}

export function setFaults(tenant: Tenant, faults: Record<string, unknown>): void {
  tenant.faults = faultConfigSchema.parse(faults);
}

/** Requests the sandbox saw for this tenant, as "METHOD /path?query". */
export function sandboxLog(tenant: Tenant): string[] {
  return tenant.log.recent(10_000).map((e) => `${e.method} ${e.path}`);
}

export { CONNECTWISE_BILLING_FIXTURES, connectWiseBillingFixtures, connectWiseProductIds, type ConnectWiseBillingFixture } from "~/server/sandbox/connectwise/billing-fixtures";
