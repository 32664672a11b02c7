import Link from "next/link";

import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";

export function EventLogEmpty({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  if (filtered) {
    return (
      <EmptyState title="No events match these filters" action={<Button variant="secondary" onClick={onClear}>Clear filters</Button>}>
        Widen the time range or remove a filter.
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No events yet — the vendor platform sends them through the ingest API">
      <p>
        Create an API key in{" "}
        <Link href="/settings/api-keys" className="font-medium text-blue-700 underline hover:text-blue-900">
          Settings → API keys
        </Link>{" "}
        and give it to the vendor platform. Events show up here seconds after they are sent.
      </p>
    </EmptyState>
  );
}
