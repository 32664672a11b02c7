import "server-only";

import { headers } from "next/headers";

import type { DbOrTx } from "~/db";
import { AUTOTASK_DEMO_TENANT, autotaskZoneDiscoveryUrl } from "~/server/sandbox/autotask";
import { getTenant as getAutotaskTenant } from "~/server/sandbox/autotask/state";
import { CONNECTWISE_DEMO_TENANTS, findConnectWiseTenant } from "~/server/sandbox/connectwise";
import { ownedSandboxTenants, type SandboxTenantRef } from "~/server/services/sandbox/ownership";

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

/** ConnectWise accepts any GUID as clientId on a sandbox tenant that does not list its own. */
const ANY_SANDBOX_CLIENT_ID = "0c5b2f8a-7d3e-4c1b-9a6f-3e2d1c0b9a87";

function credentialSet(ref: SandboxTenantRef, origin: string): SandboxCredentialSet | null {
  if (ref.provider === "autotask") {
    const tenant = getAutotaskTenant(ref.id);
    const user = tenant?.users.find((u) => u.companiesAccess === "all");
    if (!tenant || !user) return null;
    return {
      key: `autotask:${tenant.id}`,
      label: tenant.name,
      provider: "autotask",
      values: { username: user.username, secret: user.secret, integrationCode: user.integrationCode, zoneDiscoveryUrl: autotaskZoneDiscoveryUrl(origin) },
    };
  }
  const tenant = findConnectWiseTenant(ref.id);
  if (!tenant) return null;
  const demo = CONNECTWISE_DEMO_TENANTS.find((t) => t.companyId.toLowerCase() === tenant.companyId.toLowerCase());
  return {
    key: `connectwise:${tenant.companyId}`,
    label: tenant.companyName,
    provider: "connectwise",
    values: {
      siteUrl: `${origin}/sandbox/connectwise`,
      companyId: tenant.companyId,
      publicKey: tenant.seed.publicKey,
      privateKey: tenant.seed.privateKey,
      clientId: tenant.clientIds?.[0] ?? demo?.clientId ?? ANY_SANDBOX_CLIENT_ID,
      managementSolutionName: demo?.managementSolutionName ?? "PSA Relay",
    },
  };
}

/**
 * The credentials of the partner's own sandbox tenants (its demo tenant, the ones its admins
 * created, the one its connection points at) — never another partner's. Only for admins: the page
 * does not call this for a technician, so their browser never receives a secret.
 */
export async function sandboxCredentialSets(db: DbOrTx, partnerId: string, origin: string): Promise<SandboxCredentialSet[]> {
  const owned = await ownedSandboxTenants(db, partnerId);
  // The demo tenant first, as the demo printout lists it.
  const rank = (ref: SandboxTenantRef) => (ref.id === AUTOTASK_DEMO_TENANT.tenantId || CONNECTWISE_DEMO_TENANTS.some((t) => t.companyId === ref.id) ? 0 : 1);
  return owned
    .sort((a, b) => rank(a) - rank(b))
    .map((ref) => credentialSet(ref, origin))
    .filter((set): set is SandboxCredentialSet => set !== null);
}
