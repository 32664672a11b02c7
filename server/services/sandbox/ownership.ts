import { eq } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { partners } from "~/db/schema";
import { AUTOTASK_DEMO_TENANT, ensureAutotaskDemoTenants } from "~/server/sandbox/autotask";
import { getTenant as getAutotaskTenant, tenantByUsername } from "~/server/sandbox/autotask/state";
import type { SandboxProvider } from "~/server/sandbox/common/admin-access";
import { tenantsCreatedBy } from "~/server/sandbox/common/admin-access";
import { CONNECTWISE_DEMO_TENANTS, ensureConnectWiseDemoTenants, findConnectWiseTenant } from "~/server/sandbox/connectwise";
import { type ConnectionView, getConnectionView } from "~/server/services/psa-connections/service";

/**
 * Sandbox tenants belong to partners. A partner owns:
 *  - the tenants its admins created through the sandbox's `_admin` endpoints;
 *  - its demo tenant (Northwind → the Autotask tenant, Contoso → `contosocloud`), by partner slug;
 *  - the tenant its saved PSA connection points at (saving one took that tenant's credentials).
 * The Sandbox page, the sandbox credentials on Integration Setup and the `_admin` endpoints show
 * a partner only these. Other tenants (e.g. the generic `psarelaytest`) are for scripts with the token.
 */
export type SandboxTenantRef = { provider: SandboxProvider; id: string };

/** The sandbox tenant a PSA connection points at (Autotask: its API user; ConnectWise: its company id). */
export function connectedSandboxTenant(connection: Pick<ConnectionView, "provider" | "settings"> | null): SandboxTenantRef | null {
  if (!connection) return null;
  if (connection.provider === "autotask") {
    const found = connection.settings.username ? tenantByUsername(connection.settings.username) : undefined;
    return found ? { provider: "autotask", id: found.tenant.id } : null;
  }
  const found = connection.settings.companyId ? findConnectWiseTenant(connection.settings.companyId) : undefined;
  return found ? { provider: "connectwise", id: found.companyId } : null;
}

/** The demo tenants that belong to the partner with this slug. */
function demoTenantsOf(slug: string): SandboxTenantRef[] {
  const refs: SandboxTenantRef[] = [];
  if (AUTOTASK_DEMO_TENANT.partnerSlug === slug) refs.push({ provider: "autotask", id: AUTOTASK_DEMO_TENANT.tenantId });
  for (const t of CONNECTWISE_DEMO_TENANTS) if (t.partnerSlug === slug) refs.push({ provider: "connectwise", id: t.companyId });
  return refs;
}

/** The tenant as the sandbox names it now, or null when it no longer exists. */
function existing(ref: SandboxTenantRef): SandboxTenantRef | null {
  if (ref.provider === "autotask") return getAutotaskTenant(ref.id) ? ref : null;
  const tenant = findConnectWiseTenant(ref.id);
  return tenant ? { provider: "connectwise", id: tenant.companyId } : null;
}

/** Every sandbox tenant the partner owns (existing ones only, each once). */
export async function ownedSandboxTenants(db: DbOrTx, partnerId: string): Promise<SandboxTenantRef[]> {
  const [partner] = await db.select({ slug: partners.slug }).from(partners).where(eq(partners.id, partnerId));
  if (!partner) return [];
  const demo = demoTenantsOf(partner.slug);
  if (demo.length > 0) {
    // The sandboxes seed their demo tenants on first use; a demo partner may ask first. (Seeding
    // is not free, so other partners never trigger it: no demo tenant is theirs.)
    ensureAutotaskDemoTenants();
    ensureConnectWiseDemoTenants();
  }
  const connected = connectedSandboxTenant(await getConnectionView(db, partnerId));
  const candidates = [...demo, ...(connected ? [connected] : []), ...tenantsCreatedBy(partnerId)];
  const seen = new Set<string>();
  const owned: SandboxTenantRef[] = [];
  for (const ref of candidates) {
    const found = existing(ref);
    const key = found ? `${found.provider}:${found.id.toLowerCase()}` : "";
    if (!found || seen.has(key)) continue;
    seen.add(key);
    owned.push(found);
  }
  return owned;
}

/** A membership test over the partner's tenants (ConnectWise company ids compare case-insensitively). */
export async function sandboxOwnership(db: DbOrTx, partnerId: string): Promise<(provider: SandboxProvider, id: string) => boolean> {
  const keys = new Set((await ownedSandboxTenants(db, partnerId)).map((r) => `${r.provider}:${r.id.trim().toLowerCase()}`));
  return (provider, id) => keys.has(`${provider}:${id.trim().toLowerCase()}`);
}
