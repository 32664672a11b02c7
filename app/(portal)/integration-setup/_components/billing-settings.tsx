"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { ErrorState } from "~/components/ui/error-state";
import { TableSkeleton } from "~/components/ui/spinner";

import { BillingSettingsEditor } from "./billing-settings-editor";

/**
 * Billing settings on Integration Setup: billing sync on/off, the write mode, the billing day and
 * each billable item's PSA service / product. Needs a connection (the services list comes from the
 * PSA); follows the connection form above as it changes.
 */
export function BillingSettings() {
  const trpc = useTRPC();
  const integration = useQuery(trpc.integration.get.queryOptions());
  const connection = integration.data?.connection ?? null;
  // The connection's identity: when it is saved, replaced or removed above, the settings are read again.
  const connectionKey = connection ? `${connection.provider}:${String(connection.updatedAt)}` : "none";
  const settings = useQuery(trpc.billingSettings.get.queryOptions());
  const queryClient = useQueryClient();
  const seenKey = useRef(connectionKey);
  useEffect(() => {
    if (seenKey.current === connectionKey) return;
    seenKey.current = connectionKey;
    void queryClient.invalidateQueries({ queryKey: trpc.billingSettings.pathKey() });
  }, [connectionKey, queryClient, trpc]);

  return (
    <Card aria-labelledby="billing-settings-heading">
      <CardHeader
        id="billing-settings-heading"
        title="Billing settings"
        description="How PSA Relay keeps the quantities on your PSA contracts equal to what the vendor delivered: which PSA service bills each item, when to sync and when a change needs approval."
      />
      <CardBody>
        {integration.isPending || settings.isPending ? (
          <TableSkeleton label="Loading the billing settings" rows={5} />
        ) : settings.isError ? (
          <ErrorState title="The billing settings could not be loaded" message={errorMessage(settings.error)} onRetry={() => void settings.refetch()} />
        ) : !settings.data.connection ? (
          <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
            <p className="font-medium text-slate-900">Connect your PSA above first.</p>
            <p className="mt-1">
              Each billable item is mapped to an Autotask service or a ConnectWise catalog product retrieved from the PSA, so billing can be set up once the
              connection works. Until then no quantities are written.
            </p>
          </div>
        ) : (
          <BillingSettingsEditor key={connectionKey} view={settings.data} provider={settings.data.connection.provider} />
        )}
      </CardBody>
    </Card>
  );
}
