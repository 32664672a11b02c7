import { TRPCError } from "@trpc/server";
import { z } from "zod";

import { ensureAutotaskDemoTenants, listSandboxTenants as listAutotaskSandboxTenants } from "~/server/sandbox/autotask";
import { ensureConnectWiseDemoTenants, listConnectWiseSandboxTenants } from "~/server/sandbox/connectwise";
import { AUTOTASK_LISTS, CONNECTWISE_LISTS, getAutotaskTenantPage, getConnectWiseTenantPage, SANDBOX_PAGE_SIZE } from "~/server/sandbox/portal-view";
import { connectedSandboxTenant, sandboxOwnership } from "~/server/services/sandbox/ownership";

import { createTRPCRouter, partnerProcedure } from "../trpc";

/**
 * The Sandbox page: a read-only look into the PSA sandboxes (what PSA Relay pushed to them).
 *
 * Tenancy: sandbox tenants belong to partners (server/services/sandbox/ownership.ts: the ones the
 * partner's admins created, its demo tenant, the one its PSA connection points at). A signed-in user
 * (admin or technician) sees only their partner's tenants; another partner's tenant is NOT_FOUND.
 * The page exists in demo and test modes alone: anywhere else (production, even with
 * SANDBOX_ENABLED=1) every procedure answers NOT_FOUND. No secret is ever part of these views.
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

/** Kept here for the Sandbox page; ownership lives in server/services/sandbox/ownership.ts. */
export { connectedSandboxTenant };

const listRequest = z
  .object({
    q: z.string().max(200, "Search for at most 200 characters.").optional(),
    page: z.number().int("The page is a whole number.").min(1, "Pages start at 1.").max(1_000_000).optional(),
  })
  .optional();

const tenantInput = z.object({
  provider: z.enum(["autotask", "connectwise"]),
  id: z.string().trim().min(1, "Choose a sandbox tenant.").max(100),
  /** Each list's search and page (the page's address holds them). */
  lists: z.object(Object.fromEntries([...new Set([...AUTOTASK_LISTS, ...CONNECTWISE_LISTS])].map((k) => [k, listRequest]))).partial().optional(),
});

export const sandboxRouter = createTRPCRouter({
  /** The partner's own tenants of both sandboxes, with their counts. */
  tenants: partnerProcedure.query(async ({ ctx }) => {
    requireEnabled();
    const owns = await sandboxOwnership(ctx.db, ctx.partner.id);
    return listTenants().filter((t) => owns(t.provider, t.id));
  }),

  /**
   * One tenant's tickets (with notes), contracts / agreements, contract services / additions and
   * configuration items, newest first: one page of each list, searched as `lists` asks.
   */
  tenant: partnerProcedure.input(tenantInput).query(async ({ ctx, input }) => {
    requireEnabled();
    // Another partner's tenant answers like one that does not exist.
    if (!(await sandboxOwnership(ctx.db, ctx.partner.id))(input.provider, input.id)) throw noSuchTenant(input.provider === "autotask" ? "Autotask" : "ConnectWise", input.id);
    const lists = input.lists ?? {};
    if (input.provider === "autotask") {
      const found = getAutotaskTenantPage(input.id, lists);
      if (!found) throw noSuchTenant("Autotask", input.id);
      return { provider: "autotask" as const, pageSize: SANDBOX_PAGE_SIZE, ...found };
    }
    const found = getConnectWiseTenantPage(input.id, lists);
    if (!found) throw noSuchTenant("ConnectWise", input.id);
    return { provider: "connectwise" as const, pageSize: SANDBOX_PAGE_SIZE, ...found };
  }),
});

function noSuchTenant(psa: string, id: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `There is no ${psa} sandbox tenant “${id}”.` });
}
