import type { OverviewCounts } from "~/db/queries/overview";

/**
 * The Overview's attention cards (pure): each problem the partner can fix, with its count and a
 * link to the page (and URL filters) where it is fixed. Only cards with something to do are
 * returned, most urgent first; an empty list is the all-clear.
 */
export type AttentionCard = {
  id:
    | "psa-connection"
    | "failed-deliveries"
    | "pending-deliveries"
    | "open-tickets"
    | "approvals"
    | "billing-failing"
    | "unmapped"
    | "no-contract"
    | "no-service";
  title: string;
  count: number;
  description: string;
  href: string;
  linkLabel: string;
  tone: "red" | "amber" | "blue";
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export function attentionCards(c: OverviewCounts): AttentionCard[] {
  const cards: AttentionCard[] = [];
  if (c.psaConnectionFailed) {
    cards.push({
      id: "psa-connection",
      title: "PSA connection failing",
      count: 1,
      description: "The last Test and Save could not reach the PSA: tickets and billing wait until it works again.",
      href: "/integration-setup",
      linkLabel: "Fix the connection on Integration Setup",
      tone: "red",
    });
  }
  if (c.failedDeliveries > 0) {
    cards.push({
      id: "failed-deliveries",
      title: "Failed deliveries",
      count: c.failedDeliveries,
      description: `${plural(c.failedDeliveries, "event's notification", "events' notifications")} failed. Fix the cause, then reprocess them.`,
      href: "/event-log?failed=1",
      linkLabel: "Open the failed events",
      tone: "red",
    });
  }
  if (c.billingFailing > 0) {
    cards.push({
      id: "billing-failing",
      title: "Billing sync failing",
      count: c.billingFailing,
      description: `The last billing sync of ${plural(c.billingFailing, "customer", "customers")} failed; the Billing page says what to change.`,
      href: "/billing?status=failed",
      linkLabel: "Open the failing customers",
      tone: "red",
    });
  }
  if (c.approvalsWaiting > 0) {
    cards.push({
      id: "approvals",
      title: "Billing approvals waiting",
      count: c.approvalsWaiting,
      description: `${plural(c.approvalsWaiting, "quantity change waits", "quantity changes wait")} for approval before it is written to the PSA.`,
      href: "/billing#approvals-heading",
      linkLabel: "Review the approvals",
      tone: "amber",
    });
  }
  if (c.pendingDeliveries > 0) {
    cards.push({
      id: "pending-deliveries",
      title: "Queued or retrying deliveries",
      count: c.pendingDeliveries,
      description: `${plural(c.pendingDeliveries, "event is", "events are")} being processed or waiting for a retry (the PSA was busy or unreachable).`,
      href: "/event-log?pending=1",
      linkLabel: "Open the waiting events",
      tone: "blue",
    });
  }
  if (c.unmappedCustomers > 0) {
    cards.push({
      id: "unmapped",
      title: "Customers not mapped",
      count: c.unmappedCustomers,
      description: `${plural(c.unmappedCustomers, "customer has", "customers have")} no PSA company: their events open no tickets and they are not billed.`,
      href: "/customer-map",
      linkLabel: "Map them on the Customer Map",
      tone: "amber",
    });
  }
  if (c.billingEnabled && c.mappedWithoutContract > 0) {
    cards.push({
      id: "no-contract",
      title: "Mapped without a contract",
      count: c.mappedWithoutContract,
      description: `${plural(c.mappedWithoutContract, "mapped customer has", "mapped customers have")} no contract, so billing skips them.`,
      href: "/billing#unmapped-heading",
      linkLabel: "See who billing skips",
      tone: "amber",
    });
  }
  if (c.billingEnabled && c.psaProvider === "autotask" && c.mappedWithoutService > 0) {
    cards.push({
      id: "no-service",
      title: "Contract without a service",
      count: c.mappedWithoutService,
      description: `${plural(c.mappedWithoutService, "mapped customer has", "mapped customers have")} a contract but no contract service to bill on.`,
      href: "/customer-map",
      linkLabel: "Pick the service on the Customer Map",
      tone: "amber",
    });
  }
  return cards;
}
