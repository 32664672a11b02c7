import { TRPCError } from "@trpc/server";
import { z } from "zod";

import {
  ensureAutotaskDemoTenants,
  getAutotaskSandboxTenantView,
  listSandboxTenants as listAutotaskSandboxTenants,
} from "~/server/sandbox/autotask";
import { tenantByUsername } from "~/server/sandbox/autotask/state";
import { ensureConnectWiseDemoTenants, findConnectWiseTenant, getConnectWiseSandboxTenantView, listConnectWiseSandboxTenants } from "~/server/sandbox/connectwise";
import type { ConnectionView } from "~/server/services/psa-connections/service";

import { createTRPCRouter, partnerProcedure } from "../trpc";

/**
 * The Sandbox page: a read-only look into the PSA sandboxes (what PSA Relay pushed to them).
 *
 * Tenancy note: the sandboxes are global test doubles of Autotask and ConnectWise that live in the
 * portal process, not partner data, so any signed-in user (admin or technician, of any partner) may
 * view every sandbox tenant. That is only acceptable because the page exists in demo and test modes
 * alone: anywhere else (production, even with SANDBOX_ENABLED=1) every procedure answers NOT_FOUND.
 * No secret is ever part of these views.
 */
export function sandboxPageEnabled(): boolean {
  const mode = process.env.PSA_RELAY_MODE;
  return mode === "demo" || mode === "test";
}

export type SandboxProvider = "autotask" | "connectwise";

/** One sandbox tenant as the page lists it, the same shape for both PSAs. */
export type SandboxTenantItem = {
  provider: SandboxProvider;
  id: string;
  name: string;
  counts: { companies: number; tickets: number; services: number; configurationItems: number };
};

const DEMO_TENANT_IDS = new Set(["northwind-autotask", "contosocloud", "psarelaytest"]);
const VIEW_LIMIT = 200;

function requireEnabled(): void {
  if (!sandboxPageEnabled()) throw new TRPCError({ code: "NOT_FOUND", message: "The PSA sandboxes are only shown in demo and test modes." });
  // The sandboxes seed their demo tenants on their first request; the page may come first.
  ensureAutotaskDemoTenants();
  ensureConnectWiseDemoTenants();
}

/** Demo tenants first (Autotask, then ConnectWise), then the others by name. */
export function listTenants(): SandboxTenantItem[] {
  const items: SandboxTenantItem[] = [
    ...listAutotaskSandboxTenants().map((t) => ({
      provider: "autotask" as const,
      id: t.id,
      name: t.name,
      counts: { companies: t.counts.companies, tickets: t.counts.tickets, services: t.counts.contractServices, configurationItems: t.counts.configurationItems },
    })),
    ...listConnectWiseSandboxTenants().map((t) => ({
      provider: "connectwise" as const,
      id: t.id,
      name: t.name,
      counts: { companies: t.counts.companies, tickets: t.counts.tickets, services: t.counts.additions, configurationItems: t.counts.configurations },
    })),
  ];
  const rank = (t: SandboxTenantItem) => (DEMO_TENANT_IDS.has(t.id) ? 0 : 1);
  return items.sort((a, b) => rank(a) - rank(b) || a.provider.localeCompare(b.provider) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * The sandbox tenant a partner's PSA connection points at (Autotask: its API user; ConnectWise: its
 * company id), so the Sandbox page opens on the tenant holding that partner's tickets.
 */
export function connectedSandboxTenant(connection: Pick<ConnectionView, "provider" | "settings"> | null): { provider: SandboxProvider; id: string } | null {
  if (!connection) return null;
  if (connection.provider === "autotask") {
    const found = connection.settings.username ? tenantByUsername(connection.settings.username) : undefined;
    return found ? { provider: "autotask", id: found.tenant.id } : null;
  }
  const found = connection.settings.companyId ? findConnectWiseTenant(connection.settings.companyId) : undefined;
  return found ? { provider: "connectwise", id: found.companyId } : null;
}

const tenantInput = z.object({
  provider: z.enum(["autotask", "connectwise"]),
  id: z.string().trim().min(1, "Choose a sandbox tenant.").max(100),
});

export const sandboxRouter = createTRPCRouter({
  /** Every tenant of both sandboxes with its counts. */
  tenants: partnerProcedure.query(() => {
    requireEnabled();
    return listTenants();
  }),

  /** One tenant's tickets (with notes), contract services / agreement additions and configuration items, newest first. */
  tenant: partnerProcedure.input(tenantInput).query(({ input }) => {
    requireEnabled();
    if (input.provider === "autotask") {
      const view = getAutotaskSandboxTenantView(input.id, { limit: VIEW_LIMIT });
      if (!view) throw noSuchTenant("Autotask", input.id);
      return { provider: "autotask" as const, limit: VIEW_LIMIT, view };
    }
    const view = getConnectWiseSandboxTenantView(input.id, { limit: VIEW_LIMIT });
    if (!view) throw noSuchTenant("ConnectWise", input.id);
    return { provider: "connectwise" as const, limit: VIEW_LIMIT, view };
  }),
});

function noSuchTenant(psa: string, id: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `There is no ${psa} sandbox tenant “${id}”.` });
}
