import { Badge } from "~/components/ui/badge";

export type OutcomeStatus = "pending" | "succeeded" | "failed" | "skipped";

const OUTCOME: Record<OutcomeStatus, { label: string; tone: "neutral" | "blue" | "green" | "red" }> = {
  pending: { label: "Pending", tone: "blue" },
  succeeded: { label: "Succeeded", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  skipped: { label: "Skipped", tone: "neutral" },
};

export const OUTCOME_ACTION_LABEL: Record<"ticket" | "billing" | "digest", string> = {
  ticket: "Ticket",
  billing: "Billing sync",
  digest: "Daily digest",
};

/** An outcome status as a badge with its word; null/unknown (no rule acted) shows a dash. */
export function OutcomeBadge({ status }: { status: string | null }) {
  const known = status && status in OUTCOME ? OUTCOME[status as OutcomeStatus] : null;
  if (!known) {
    return (
      <span className="text-slate-400" title="No notification rule acted on this event">
        —
      </span>
    );
  }
  return <Badge tone={known.tone}>{known.label}</Badge>;
}
