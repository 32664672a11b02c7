"use client";

import { ErrorState } from "~/components/ui/error-state";

export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState
      title="This page could not be loaded"
      message={error.digest ? `Try again. If it keeps failing, tell your admin (reference ${error.digest}).` : error.message}
      onRetry={reset}
    />
  );
}
