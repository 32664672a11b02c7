"use client";

import { formatDateTime } from "~/components/partner/date-time";
import { usePartner } from "~/components/partner/partner-context";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";

import { type Connection, PROVIDER_LABEL } from "../_lib/form-values";
import { AccountDetails } from "./test-result";

/** The current state of the partner's PSA connection, at the top of the page. */
export function ConnectionStatus({ connection, canEdit, onRemove }: { connection: Connection | null; canEdit: boolean; onRemove: () => void }) {
  const { timeZone } = usePartner();
  const lastTestFailed = connection !== null && (connection.status === "failed" || connection.lastError !== null);
  return (
    <Card aria-labelledby="status-heading">
      <CardHeader
        id="status-heading"
        title="Current status"
        actions={
          connection && canEdit ? (
            <Button variant="secondary" size="sm" onClick={onRemove}>
              Remove connection
            </Button>
          ) : null
        }
      />
      <CardBody className="space-y-3 text-sm text-slate-700">
        {connection === null ? (
          <p className="flex flex-wrap items-center gap-2">
            <Badge>Not connected</Badge>
            <span>
              PSA Relay is not connected to a PSA yet.{" "}
              {canEdit ? "Choose the PSA below, enter the credentials and choose Test and Save." : "An admin can connect it."}
            </span>
          </p>
        ) : (
          <>
            <p className="flex flex-wrap items-center gap-2">
              {connection.status === "connected" ? <Badge tone="green">Connected</Badge> : null}
              {lastTestFailed ? <Badge tone="amber">Last test failed</Badge> : null}
              <span>
                {PROVIDER_LABEL[connection.provider]}
                {connection.accountInfo ? <> — {connection.accountInfo.name}</> : null}
              </span>
            </p>
            <p>
              Last tested:{" "}
              {connection.lastTestedAt ? (
                <time dateTime={new Date(connection.lastTestedAt).toISOString()}>
                  {formatDateTime(connection.lastTestedAt, timeZone)} ({timeZone})
                </time>
              ) : (
                "never"
              )}
            </p>
            {lastTestFailed && connection.lastError ? (
              <p className="rounded-md border border-amber-200 bg-amber-50 p-2 text-amber-900">
                The last test failed: {connection.lastError} The saved credentials were kept.
              </p>
            ) : null}
            {connection.accountInfo ? <AccountDetails account={connection.accountInfo} /> : null}
          </>
        )}
      </CardBody>
    </Card>
  );
}
