import { AutotaskConnector } from "~/server/psa/autotask/connector";
import type { PsaConnectorOptions } from "~/server/psa/types";

import { serveFetchHandler } from "../common/serve";

import { handleAutotaskSandbox } from "./handler";
import { type AutotaskSeedOptions, autotaskZoneDiscoveryUrl, type SeededAutotaskTenant, seedAutotaskTenant } from "./seed";
import { removeTenant } from "./state";

/**
 * Test harness: the real sandbox handler served over real HTTP on 127.0.0.1, fresh isolated
 * tenants, and real connectors (global fetch) pointed at them with a request recorder.
 */
export type RecordedRequest = { method: string; path: string; status: number | "network" | "timeout"; ms: number };

export async function startAutotaskSandbox() {
  const server = await serveFetchHandler(handleAutotaskSandbox);
  const tenants: string[] = [];
  let connections = 0;
  return {
    url: server.url,
    zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(server.url),
    tenant(opts: AutotaskSeedOptions = {}) {
      const seeded = seedAutotaskTenant(opts);
      tenants.push(seeded.tenantId);
      return seeded;
    },
    connector(
      seeded: Pick<SeededAutotaskTenant, "credentials">,
      opts: PsaConnectorOptions & { user?: "main" | "restricted" | "forbidden"; credentials?: Partial<SeededAutotaskTenant["credentials"]> } = {},
    ) {
      const requests: RecordedRequest[] = [];
      const { user, credentials, ...options } = opts;
      const full = seeded as SeededAutotaskTenant;
      const base = user === "restricted" ? full.restrictedCredentials : user === "forbidden" ? full.forbiddenCredentials : seeded.credentials;
      const connector = new AutotaskConnector(
        { ...base, ...credentials, zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(server.url) },
        {
          connectionKey: options.connectionKey ?? `test-${++connections}-${Date.now()}`,
          maxRetries: 3,
          backoffBaseMs: 2,
          timeoutMs: 5_000,
          ...options,
          onRequest: (e) => {
            requests.push(e);
            options.onRequest?.(e);
          },
        },
      );
      return { connector, requests };
    },
    headers(seeded: Pick<SeededAutotaskTenant, "credentials">): Record<string, string> {
      return {
        ApiIntegrationCode: seeded.credentials.integrationCode,
        UserName: seeded.credentials.username,
        Secret: seeded.credentials.secret,
        "Content-Type": "application/json",
      };
    },
    api: `${server.url}/sandbox/autotask/atservicesrest/v1.0`,
    async close() {
      for (const id of tenants) removeTenant(id);
      await server.close();
    },
  };
}

export type AutotaskSandboxHarness = Awaited<ReturnType<typeof startAutotaskSandbox>>;

/** Requests whose path ends with `suffix` (case-insensitive), e.g. "/Companies/query". */
export const countRequests = (requests: RecordedRequest[], suffix: string, method?: string) =>
  requests.filter((r) => r.path.toLowerCase().endsWith(suffix.toLowerCase()) && (!method || r.method === method)).length;

export { AUTOTASK_BILLING_FIXTURES, autotaskBillingFixtures, autotaskServiceIds, type AutotaskBillingFixture } from "./billing-fixtures";
