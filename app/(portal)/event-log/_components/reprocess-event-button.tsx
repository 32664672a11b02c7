"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { errorMessage } from "~/components/trpc/error-message";
import { useTRPC } from "~/components/trpc/react";
import { Button } from "~/components/ui/button";

/** "Reprocess" on one event: runs its notifications again, then reloads the page's data. */
export function ReprocessEventButton({ eventId }: { eventId: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [done, setDone] = useState(false);
  const reprocess = useMutation(
    trpc.events.reprocess.mutationOptions({
      onSuccess: () => {
        setDone(true);
        router.refresh();
      },
    }),
  );
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        variant="secondary"
        size="sm"
        disabled={reprocess.isPending}
        onClick={() => {
          setDone(false);
          reprocess.mutate({ id: eventId });
        }}
      >
        {reprocess.isPending ? "Reprocessing…" : "Reprocess"}
      </Button>
      {reprocess.isError ? (
        <p role="alert" className="text-sm text-red-800">
          The event could not be reprocessed: {errorMessage(reprocess.error)}
        </p>
      ) : done ? (
        <p role="status" className="text-sm text-slate-700">
          Queued for reprocessing. Its outcomes update when the notifications have run.
        </p>
      ) : null}
    </div>
  );
}
