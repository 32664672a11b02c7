"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import type { EventFiltersInput } from "~/server/api/routers/event-filters";

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * "Reprocess all matching": the server counts the events of the current filters first, the dialog
 * shows the count, and only then are they reprocessed. Above the server's cap nothing is sent and
 * the message says to narrow the filters.
 */
export function ReprocessMatching({ filters, onDone }: { filters: EventFiltersInput; onDone: () => Promise<void> | void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [count, setCount] = useState<number | null>(null);
  const [counting, setCounting] = useState(false);
  const [notice, setNotice] = useState<{ tone: "info" | "alert"; text: string } | null>(null);

  const reprocess = useMutation(
    trpc.events.reprocessMatching.mutationOptions({
      onSuccess: async (result) => {
        setCount(null);
        setNotice({
          tone: "info",
          text:
            `${fmt(result.reprocessed)} event${result.reprocessed === 1 ? "" : "s"} queued for reprocessing.` +
            (result.notQueued > 0 ? ` ${fmt(result.notQueued)} will be queued shortly by the background sweep.` : ""),
        });
        await onDone();
      },
    }),
  );

  const start = async () => {
    setNotice(null);
    reprocess.reset();
    setCounting(true);
    try {
      const counted = await queryClient.fetchQuery({ ...trpc.events.reprocessCount.queryOptions({ filters }), staleTime: 0 });
      if (counted.overCap) {
        setNotice({
          tone: "alert",
          text: `More than ${fmt(counted.cap)} events match these filters. Reprocess at most ${fmt(counted.cap)} at a time: narrow the time range or pick a customer, account or type.`,
        });
      } else if (counted.count === 0) {
        setNotice({ tone: "info", text: "No events match these filters: nothing to reprocess." });
      } else {
        setCount(counted.count);
      }
    } catch (error) {
      setNotice({ tone: "alert", text: `The matching events could not be counted: ${errorMessage(error as { message: string })}` });
    } finally {
      setCounting(false);
    }
  };

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" size="sm" onClick={() => void start()} disabled={counting || reprocess.isPending}>
        {counting ? "Counting…" : "Reprocess all matching"}
      </Button>
      {notice ? (
        notice.tone === "alert" ? (
          <p role="alert" className="text-sm text-red-800">
            {notice.text}
          </p>
        ) : (
          <p role="status" className="text-sm text-slate-700">
            {notice.text}
          </p>
        )
      ) : null}
      <ConfirmDialog
        open={count !== null}
        title={`Reprocess ${fmt(count ?? 0)} event${count === 1 ? "" : "s"}?`}
        confirmLabel={`Reprocess ${fmt(count ?? 0)} event${count === 1 ? "" : "s"}`}
        pending={reprocess.isPending}
        error={reprocess.isError ? errorMessage(reprocess.error) : null}
        onConfirm={() => reprocess.mutate({ filters })}
        onCancel={() => {
          setCount(null);
          reprocess.reset();
        }}
      >
        The notifications of every event matching the current filters run again. A condition that already has a ticket keeps
        it: a repeat adds a note, never a second ticket.
      </ConfirmDialog>
    </div>
  );
}
