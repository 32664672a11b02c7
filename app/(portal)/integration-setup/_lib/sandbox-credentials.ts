import "server-only";

import { headers } from "next/headers";

import { AUTOTASK_DEMO_TENANT, autotaskDemoConnection } from "~/server/sandbox/autotask";
import { CONNECTWISE_DEMO_TENANTS, connectWiseDemoCredentials } from "~/server/sandbox/connectwise";

import type { SandboxCredentialSet } from "./form-values";

/** Demo and test modes serve the PSA sandboxes on this portal's origin (read per request). */
export function sandboxCredentialsShown(): boolean {
  const mode = process.env.PSA_RELAY_MODE;
  return mode === "demo" || mode === "test";
}

/** The portal's own origin as the server can reach it: APP_URL, else the request's host. */
export async function portalOrigin(): Promise<string> {
  if (process.env.APP_URL) return process.env.APP_URL.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

/** The demo sandbox tenants' credentials (demo-only values, also printed at demo start and in the README). */
export function sandboxCredentialSets(origin: string): SandboxCredentialSet[] {
  const autotask = autotaskDemoConnection(origin).credentials;
  return [
    {
      key: AUTOTASK_DEMO_TENANT.tenantId,
      label: AUTOTASK_DEMO_TENANT.name,
      provider: "autotask",
      values: {
        username: autotask.username,
        secret: autotask.secret,
        integrationCode: autotask.integrationCode,
        zoneDiscoveryUrl: autotask.zoneDiscoveryUrl,
      },
    },
    ...CONNECTWISE_DEMO_TENANTS.map((tenant): SandboxCredentialSet => {
      const cw = connectWiseDemoCredentials(origin, tenant);
      return {
        key: tenant.companyId,
        label: tenant.companyName,
        provider: "connectwise",
        values: {
          siteUrl: cw.siteUrl,
          companyId: cw.companyId,
          publicKey: cw.publicKey,
          privateKey: cw.privateKey,
          clientId: cw.clientId,
          managementSolutionName: cw.managementSolutionName ?? "",
        },
      };
    }),
  ];
}
