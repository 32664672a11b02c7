import { Badge } from "~/components/ui/badge";
import { lineStatusLabel } from "~/server/services/billing/views-format";

type Tone = "neutral" | "green" | "amber" | "red" | "blue";

const LINE_TONE: Record<string, Tone> = {
  in_sync: "green",
  applied: "blue",
  pending_approval: "amber",
  rejected: "neutral",
  superseded: "amber",
  failed: "red",
  not_in_psa: "amber",
  orphan: "neutral",
};

/** A reconciliation line's status; the word is always shown, colour is never the only signal. */
export function LineStatusBadge({ status }: { status: string }) {
  return <Badge tone={LINE_TONE[status] ?? "neutral"}>{lineStatusLabel(status)}</Badge>;
}

const RUN_STATUS: Record<string, { label: string; tone: Tone }> = {
  queued: { label: "Queued", tone: "neutral" },
  running: { label: "Running", tone: "blue" },
  completed: { label: "Completed", tone: "green" },
  failed: { label: "Failed", tone: "red" },
};

export function RunStatusBadge({ status }: { status: string }) {
  const s = RUN_STATUS[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

const CUSTOMER_STATUS: Record<string, { label: string; tone: Tone }> = {
  in_sync: { label: "In sync", tone: "green" },
  applied: { label: "Applied", tone: "blue" },
  pending_approval: { label: "Waits for approval", tone: "amber" },
  failed: { label: "Failed", tone: "red" },
  skipped: { label: "Skipped", tone: "neutral" },
  rejected: { label: "Changes rejected", tone: "neutral" },
};

/** The last sync result of a customer (billing_customer_state.last_status). */
export function CustomerStatusBadge({ status }: { status: string | null }) {
  if (!status) return <Badge tone="neutral">Never synced</Badge>;
  const s = CUSTOMER_STATUS[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

const AUDIT_STATUS: Record<string, { label: string; tone: Tone }> = {
  applied: { label: "Applied", tone: "green" },
  rejected: { label: "Rejected", tone: "neutral" },
  failed: { label: "Failed", tone: "red" },
  superseded: { label: "Superseded", tone: "neutral" },
};

export function AuditStatusBadge({ status }: { status: string }) {
  const s = AUDIT_STATUS[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
