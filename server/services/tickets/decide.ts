/**
 * The lifecycle state machine, pure: given the condition as stored (or none) and the event, what
 * to do. The service applies the decision to the PSA and the database.
 */
export type ConditionView = {
  state: "creating" | "open" | "closed";
  psaTicketId: string | null;
  lastSeverity: "ok" | "warning" | "error" | null;
  lastDetailHash: string | null;
  closedAt: Date | null;
};

export type Decision =
  /** No ticket yet (or the last one closed outside the reopen window): open a new ticket. */
  | { kind: "open" }
  /** A create was begun and may have reached the PSA: look the ticket up by its key, then create if absent. */
  | { kind: "resume-create" }
  /** Same severity and detail as the open ticket already says: nothing to write. */
  | { kind: "no-change" }
  /** The open ticket gets one note about what changed. */
  | { kind: "note" }
  /** The last ticket closed within the reopen window: reopen it. */
  | { kind: "reopen" }
  /** OK event for an open condition: complete the ticket (or only note it when a technician worked on it). */
  | { kind: "close" }
  /** OK event while a create may be in flight: settle the create first (adopt or forget), then close. */
  | { kind: "close-creating" }
  /** OK event and nothing open. */
  | { kind: "nothing-to-close" };

export type DecideInput = {
  severity: "ok" | "warning" | "error";
  detailHash: string;
  condition: ConditionView | null;
  reopenWindowHours: number;
  now: Date;
};

export function withinReopenWindow(closedAt: Date | null, reopenWindowHours: number, now: Date): boolean {
  if (!closedAt || reopenWindowHours <= 0) return false;
  return now.getTime() - closedAt.getTime() <= reopenWindowHours * 3_600_000;
}

export function decide({ severity, detailHash, condition, reopenWindowHours, now }: DecideInput): Decision {
  if (severity === "ok") {
    if (!condition) return { kind: "nothing-to-close" };
    if (condition.state === "open") return { kind: "close" };
    if (condition.state === "creating") return { kind: "close-creating" };
    return { kind: "nothing-to-close" };
  }
  if (!condition) return { kind: "open" };
  switch (condition.state) {
    case "creating":
      return { kind: "resume-create" };
    case "open":
      return condition.lastSeverity === severity && condition.lastDetailHash === detailHash ? { kind: "no-change" } : { kind: "note" };
    case "closed":
      return condition.psaTicketId && withinReopenWindow(condition.closedAt, reopenWindowHours, now) ? { kind: "reopen" } : { kind: "open" };
  }
}

/**
 * Whether someone other than PSA Relay worked on the ticket: its status or assignee differs from
 * what PSA Relay last set.
 */
export function touchedByTechnician(
  ticket: { statusId: string; assigneeId?: string | null },
  condition: { psaStatusId: string | null; psaAssigneeId: string | null },
): boolean {
  if ((ticket.assigneeId ?? null) !== (condition.psaAssigneeId ?? null)) return true;
  return condition.psaStatusId !== null && ticket.statusId !== condition.psaStatusId;
}

/** What clearing the condition does to the ticket. */
export type CloseAction = "complete" | "note-only-touched" | "note-only-already-completed" | "gone";

export function closeAction(
  ticket: { statusId: string; assigneeId?: string | null } | null,
  condition: { psaStatusId: string | null; psaAssigneeId: string | null },
  completedStatusId: string,
): CloseAction {
  if (!ticket) return "gone";
  if (ticket.statusId === completedStatusId) return "note-only-already-completed";
  return touchedByTechnician(ticket, condition) ? "note-only-touched" : "complete";
}
