import Link from "next/link";

type Ticket = { number: string; attempt: number; earlier: boolean };

/**
 * PSA ticket numbers of an event's outcome. Like the event page, a number links to the Sandbox
 * page in demo and test mode (where the PSA is a sandbox) and is plain text otherwise. A number
 * from an attempt before the latest one says so.
 */
export function TicketNumbers({ tickets, sandboxLinks }: { tickets: Ticket[]; sandboxLinks: boolean }) {
  if (tickets.length === 0) return null;
  return (
    <ul className="space-y-0.5">
      {tickets.map((t) => (
        <li key={t.number} className="font-mono text-xs break-all">
          <span className="sr-only">PSA ticket </span>
          {sandboxLinks ? (
            <Link href="/sandbox" className="text-blue-800 hover:underline" title="Open the Sandbox page">
              {t.number}
            </Link>
          ) : (
            <span>{t.number}</span>
          )}
          {t.earlier ? <span className="ml-1 font-sans text-slate-500">(attempt {t.attempt})</span> : null}
        </li>
      ))}
    </ul>
  );
}
