import type { DbOrTx } from "~/db";
import { credentialsOf, getConnectionRow, storeConnection } from "~/server/services/psa-connections/service";
import { autotaskDemoConnection } from "~/server/sandbox/autotask";
import { connectWiseDemoConnection } from "~/server/sandbox/connectwise";
import type { PsaCredentials } from "~/server/psa/types";

export type DemoPsaConnection = { partnerSlug: string; provider: "autotask" | "connectwise"; baseUrl: string; credentials: Record<string, string> };

/** The sandbox tenant each demo partner is connected to: Northwind → Autotask, Contoso → ConnectWise. */
export function demoPsaConnections(origin: string): DemoPsaConnection[] {
  const at = autotaskDemoConnection(origin);
  const cw = connectWiseDemoConnection(origin);
  return [
    { partnerSlug: at.partnerSlug, provider: "autotask", baseUrl: at.baseUrl, credentials: { ...at.credentials } },
    { partnerSlug: cw.partnerSlug ?? "contoso", provider: "connectwise", baseUrl: cw.baseUrl, credentials: { ...cw.credentials } as Record<string, string> },
  ];
}

const SECRET_KEYS = new Set(["secret", "privateKey"]);

/**
 * Connects the demo partners to their sandbox tenants (sealed like any connection). A partner
 * whose connection was changed by hand keeps it unless it still points at another origin.
 */
export async function connectDemoPartners(db: DbOrTx, partners: { id: string; slug: string }[], origin: string): Promise<void> {
  for (const conn of demoPsaConnections(origin)) {
    const partner = partners.find((p) => p.slug === conn.partnerSlug);
    if (!partner) continue;
    const existing = await getConnectionRow(db, partner.id);
    if (existing && existing.provider === conn.provider && Object.values(existing.settings).some((v) => v.startsWith(origin))) continue;
    const settings: Record<string, string> = {};
    const secrets: Record<string, string> = {};
    for (const [k, v] of Object.entries(conn.credentials)) {
      if (v === undefined || v === null) continue;
      (SECRET_KEYS.has(k) ? secrets : settings)[k] = String(v);
    }
    await storeConnection(db, { partnerId: partner.id, userId: null }, { provider: conn.provider, settings, secrets, accountInfo: null });
  }
}

export function demoCredentials(conn: DemoPsaConnection): PsaCredentials {
  const settings: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [k, v] of Object.entries(conn.credentials)) (SECRET_KEYS.has(k) ? secrets : settings)[k] = v;
  return credentialsOf(conn.provider, settings, secrets);
}
