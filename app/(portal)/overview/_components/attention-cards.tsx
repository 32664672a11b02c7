import Link from "next/link";

import { cn } from "~/components/ui/cn";
import type { AttentionCard } from "~/server/services/overview/cards";

const TONE: Record<AttentionCard["tone"], string> = {
  red: "border-red-200 bg-red-50",
  amber: "border-amber-200 bg-amber-50",
  blue: "border-blue-200 bg-blue-50",
};
const COUNT_TONE: Record<AttentionCard["tone"], string> = { red: "text-red-800", amber: "text-amber-900", blue: "text-blue-900" };

/** One card per problem with its count and the link to where it is fixed; an all-clear without any. */
export function AttentionCards({ cards }: { cards: AttentionCard[] }) {
  if (cards.length === 0) {
    return (
      <section aria-labelledby="attention-heading" className="rounded-lg border border-emerald-200 bg-emerald-50 p-4">
        <h2 id="attention-heading" className="text-base font-semibold text-emerald-900">
          All clear
        </h2>
        <p className="mt-1 text-sm text-emerald-900">
          No failed or waiting deliveries, no billing approvals or failures, and every customer is mapped. New problems show up here.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="attention-heading">
      <h2 id="attention-heading" className="sr-only">
        Needs attention
      </h2>
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {cards.map((card) => (
          <li key={card.id} className={cn("flex flex-col rounded-lg border p-4", TONE[card.tone])} data-card={card.id}>
            <h3 className="text-sm font-semibold text-slate-900">{card.title}</h3>
            <p className={cn("mt-1 text-3xl font-semibold tabular-nums", COUNT_TONE[card.tone])}>{card.count.toLocaleString("en-US")}</p>
            <p className="mt-1 flex-1 text-sm text-slate-700">{card.description}</p>
            <Link href={card.href} className="mt-3 text-sm font-medium text-blue-800 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600">
              {card.linkLabel} <span aria-hidden>→</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
