"use client";

import { useId, useState } from "react";

import type { RouterOutputs } from "~/components/trpc/types";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";

/** The one moment a key is visible: copy it now, it is never shown again. */
export function NewKeyPanel({ created, onDone }: { created: RouterOutputs["apiKeys"]["create"]; onDone: () => void }) {
  const keyId = useId();
  const headingId = useId();
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <Card aria-labelledby={headingId} className="border-amber-300 bg-amber-50">
      <div className="space-y-3 p-4">
        <h2 id={headingId} className="text-base font-semibold text-slate-900">
          Copy the key “{created.name}” now
        </h2>
        <p className="text-sm font-medium text-amber-900">This key will not be shown again. Store it in the vendor platform before you leave this page.</p>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={keyId} className="sr-only">
            New API key
          </label>
          <input
            id={keyId}
            readOnly
            value={created.key}
            onFocus={(e) => e.currentTarget.select()}
            className="h-10 min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 font-mono text-sm"
          />
          <Button
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(created.key);
                setCopy("copied");
              } catch {
                setCopy("failed");
              }
            }}
          >
            Copy
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Done
          </Button>
        </div>
        <p aria-live="polite" className="text-sm text-slate-700">
          {copy === "copied" ? "Copied to the clipboard." : copy === "failed" ? "The browser did not allow copying; select the key and copy it by hand." : ""}
        </p>
      </div>
    </Card>
  );
}
