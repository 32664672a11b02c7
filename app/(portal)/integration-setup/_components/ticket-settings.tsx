"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { ErrorState } from "~/components/ui/error-state";
import { TableSkeleton } from "~/components/ui/spinner";

import { TicketSettingsEditor } from "./ticket-settings-editor";

/**
 * Ticket settings on Integration Setup: where and how tickets are opened in the PSA. Needs a
 * connection (the lists come from the PSA); follows the connection form above as it changes.
 */
export function TicketSettings() {
  const trpc = useTRPC();
  const integration = useQuery(trpc.integration.get.queryOptions());
  const connection = integration.data?.connection ?? null;
  // The connection's identity: when it is saved, replaced or removed above, the settings are read again.
  const connectionKey = connection ? `${connection.provider}:${String(connection.updatedAt)}` : "none";
  const settings = useQuery(trpc.ticketSettings.get.queryOptions());
  const queryClient = useQueryClient();
  const seenKey = useRef(connectionKey);
  useEffect(() => {
    if (seenKey.current === connectionKey) return;
    seenKey.current = connectionKey;
    void queryClient.invalidateQueries({ queryKey: trpc.ticketSettings.pathKey() });
  }, [connectionKey, queryClient, trpc]);

  return (
    <Card aria-labelledby="ticket-settings-heading">
      <CardHeader
        id="ticket-settings-heading"
        title="Ticket settings"
        description="Where PSA Relay opens tickets for backup alerts: the queue or board, priorities, statuses and due dates, and the daily digest."
      />
      <CardBody>
        {integration.isPending || settings.isPending ? (
          <TableSkeleton label="Loading the ticket settings" rows={5} />
        ) : settings.isError ? (
          <ErrorState title="The ticket settings could not be loaded" message={errorMessage(settings.error)} onRetry={() => void settings.refetch()} />
        ) : !settings.data.connection ? (
          <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
            <p className="font-medium text-slate-900">Connect your PSA above first.</p>
            <p className="mt-1">
              Queues or boards, priorities and statuses are retrieved from Autotask or ConnectWise, so the ticket settings can be chosen once the
              connection works. Until then no tickets are opened.
            </p>
          </div>
        ) : (
          <TicketSettingsEditor key={connectionKey} view={settings.data} provider={settings.data.connection.provider} />
        )}
      </CardBody>
    </Card>
  );
}
