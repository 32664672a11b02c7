import Link from "next/link";

import { formatDateTime } from "~/components/partner/date-time";
import type { RouterOutputs } from "~/components/trpc/types";
import { Table, TBody, Td, Th, THead, Tr } from "~/components/ui/table";

import { OUTCOME_ACTION_LABEL, OutcomeBadge } from "./outcome-badge";

type Outcome = RouterOutputs["events"]["get"]["outcomes"][number];

/**
 * What each notification action did with the event. The PSA ticket number links to the Sandbox
 * page in demo and test mode (where the PSA is a sandbox); otherwise it is shown as text.
 */
export function EventOutcomes({ outcomes, timeZone, sandboxLinks }: { outcomes: Outcome[]; timeZone: string; sandboxLinks: boolean }) {
  if (outcomes.length === 0) {
    return <p className="text-sm text-slate-600">No notification rules have acted on this event.</p>;
  }
  return (
    <Table>
      <THead>
        <tr>
          <Th>Action</Th>
          <Th>Status</Th>
          <Th>PSA ticket</Th>
          <Th>Result</Th>
          <Th>Attempts</Th>
          <Th>Created</Th>
          <Th>Updated</Th>
        </tr>
      </THead>
      <TBody>
        {outcomes.map((o) => (
          <Tr key={o.id}>
            <Td className="whitespace-nowrap">{OUTCOME_ACTION_LABEL[o.action]}</Td>
            <Td>
              <OutcomeBadge status={o.status} />
            </Td>
            <Td className="font-mono text-xs whitespace-nowrap">
              {o.psaTicketNumber ? (
                sandboxLinks ? (
                  <Link href="/sandbox" className="text-blue-800 hover:underline" title="Open the Sandbox page">
                    {o.psaTicketNumber}
                  </Link>
                ) : (
                  o.psaTicketNumber
                )
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </Td>
            <Td className="max-w-md text-sm">
              {o.detail ? <span className="block font-medium">{o.detail}</span> : null}
              {o.message ? <span className="block break-words">{o.message}</span> : null}
              {o.hint ? <span className="block text-slate-600">Suggested fix: {o.hint}</span> : null}
              {!o.detail && !o.message && !o.hint ? <span className="text-slate-400">—</span> : null}
            </Td>
            <Td>{o.attempts}</Td>
            <Td className="whitespace-nowrap">{formatDateTime(o.createdAt, timeZone)}</Td>
            <Td className="whitespace-nowrap">{formatDateTime(o.updatedAt, timeZone)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
