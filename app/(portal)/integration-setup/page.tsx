import type { Metadata } from "next";

import { getDb } from "~/db";
import { getMe, getQueryClient, HydrateClient, trpc } from "~/server/api/rsc";
import { AUTOTASK_DEFAULT_ZONE_DISCOVERY_URL } from "~/server/services/psa-connections/schemas";

import { BillingSettings } from "./_components/billing-settings";
import { IntegrationSetup } from "./_components/integration-setup";
import { TicketSettings } from "./_components/ticket-settings";
import { portalOrigin, sandboxCredentialSets, sandboxCredentialsShown } from "./_lib/sandbox-credentials";

export const metadata: Metadata = { title: "Integration Setup" };

export default async function IntegrationSetupPage() {
  const [me] = await Promise.all([getMe(), getQueryClient().prefetchQuery(trpc.integration.get.queryOptions())]);
  // Admins only, and only their own partner's tenants: a technician's page never carries a secret.
  const sandboxCredentials =
    sandboxCredentialsShown() && me.user.role === "admin" ? await sandboxCredentialSets(await getDb(), me.partner.id, await portalOrigin()) : null;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Integration Setup</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Connect PSA Relay to your PSA — Autotask or ConnectWise Manage. Tickets, quantity changes and configuration items go
          to the PSA through this connection.
        </p>
      </div>
      <HydrateClient>
        <IntegrationSetup defaultZoneDiscoveryUrl={AUTOTASK_DEFAULT_ZONE_DISCOVERY_URL} sandboxCredentials={sandboxCredentials} />
        <TicketSettings />
        <BillingSettings />
      </HydrateClient>
    </div>
  );
}
