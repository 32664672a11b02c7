import type { PsaContract } from "~/server/psa/types";

/**
 * Which contract / agreement to fill in when a suggestion is accepted, so a mapped customer does
 * not silently drop out of billing. Billing writes quantities to an active recurring contract
 * (Autotask Recurring Service contract / ConnectWise agreement): the company's only one is taken;
 * with several the partner must choose, with none billing has nothing to write to. Pure.
 */
export type ContractPick =
  | { kind: "picked"; contract: PsaContract }
  | { kind: "several"; count: number }
  | { kind: "none" };

export const isBillable = (c: PsaContract) => c.status === "active" && (c.kind === "recurring_service" || c.kind === "agreement");

export function pickContract(contracts: PsaContract[], companyId: string): ContractPick {
  const billable = contracts.filter((c) => c.companyId === companyId && isBillable(c));
  if (billable.length === 1) return { kind: "picked", contract: billable[0]! };
  if (billable.length > 1) return { kind: "several", count: billable.length };
  return { kind: "none" };
}

/** What the Customer Map says about a pick that left the contract empty. */
export function contractPickNote(pick: ContractPick, noun: "contract" | "agreement"): string | null {
  if (pick.kind === "several") return `${pick.count} active recurring ${noun}s: choose one, or billing skips this customer.`;
  if (pick.kind === "none") return `No active recurring ${noun}: billing skips this customer until one is mapped.`;
  return null;
}
