import { formatDateTime } from "~/components/partner/date-time";
import type { RouterOutputs } from "~/components/trpc/types";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import { OUTCOME_ACTION_LABEL, OutcomeBadge } from "./outcome-badge";
import { TicketNumbers } from "./ticket-numbers";

type Attempt = RouterOutputs["events"]["get"]["attempts"][number];

/** Who or what started an attempt: the original processing, or a Reprocess by a user. */
export function attemptTrigger(a: Pick<Attempt, "attempt" | "triggeredBy">): string {
  if (a.attempt === 1) return "Original processing";
  return a.triggeredBy ? `Reprocess by ${a.triggeredBy.name} (${a.triggeredBy.email})` : "Reprocess";
}

/** Every attempt's outcome of the event, newest first: reprocessing never hides what came before. */
export function OutcomeHistory({ attempts, timeZone, sandboxLinks }: { attempts: Attempt[]; timeZone: string; sandboxLinks: boolean }) {
  if (attempts.length === 0) {
    return <p className="text-sm text-slate-600">No attempts yet: no notification rule has acted on this event.</p>;
  }
  return (
    <Table className="w-full table-fixed">
      <colgroup>
        <col className="w-20" />
        <col className="w-44" />
        <col className="w-56" />
        <col className="w-28" />
        <col className="w-28" />
        <col className="w-40" />
        <col />
      </colgroup>
      <THead>
        <tr>
          <Th>Attempt</Th>
          <Th>Time</Th>
          <Th>Triggered by</Th>
          <Th>Action</Th>
          <Th>Status</Th>
          <Th>PSA ticket</Th>
          <Th>Result</Th>
        </tr>
      </THead>
      <TBody>
        {attempts.map((a) => (
          <Tr key={a.id}>
            <Td className="font-mono">#{a.attempt}</Td>
            <Td className="text-xs">{formatDateTime(a.updatedAt, timeZone)}</Td>
            <Td className="text-sm break-words">{attemptTrigger(a)}</Td>
            <Td>{OUTCOME_ACTION_LABEL[a.action]}</Td>
            <Td>
              <OutcomeBadge status={a.status} />
            </Td>
            <Td>
              {a.psaTicketNumber ? (
                <TicketNumbers tickets={[{ number: a.psaTicketNumber, attempt: a.attempt, earlier: false }]} sandboxLinks={sandboxLinks} />
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </Td>
            <Td className="text-sm break-words">
              {a.detail ? <span className="block font-medium">{a.detail}</span> : null}
              {a.message ? <span className="block">{a.message}</span> : null}
              {a.hint ? <span className="block text-slate-600">Suggested fix: {a.hint}</span> : null}
              {a.retries > 1 ? <span className="block text-xs text-slate-500">{a.retries} job attempts</span> : null}
              {!a.detail && !a.message && !a.hint ? <span className="text-slate-400">—</span> : null}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
