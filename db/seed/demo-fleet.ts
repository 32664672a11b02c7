import type { AccountKind, AccountProfile } from "~/server/demo/event-content";
import type { Rng } from "~/server/demo/prng";

import { type DemoPartnerSpec, FIRST_NAMES, LAST_NAMES, SERVER_ROLES } from "./demo-data";

/**
 * The demo partner's fleet as plain data: customers with their accounts (servers, workstations,
 * mailbox sets, appliances) and the daily usage they bill. Pure, so it is the same on every run.
 */
export type Plan = "basic" | "standard" | "premium";
export type FleetAccount = AccountProfile & { accountNumber: string };
export type FleetCustomer = { vendorCustomerId: string; name: string; domain: string; plan: Plan; accounts: FleetAccount[] };
export type FleetUsage = { customer: number; account: number | null; itemCode: string; quantity: number; period: string };

function abbreviation(name: string): string {
  const letters = name
    .split(/[\s&]+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .map((w) => w[0]!.toUpperCase());
  return letters.slice(0, 3).join("");
}

/** Splits `total` accounts over `count` customers: a few large ones, many small ones, at least 3 each. */
function accountCounts(rng: Rng, count: number, total: number): number[] {
  const counts = Array.from({ length: count }, () => 3);
  const weights = Array.from({ length: count }, () => Math.pow(rng.next(), 2) * 10 + 0.5);
  const weightTotal = weights.reduce((a, b) => a + b, 0);
  let left = total - 3 * count;
  for (let i = 0; i < count && left > 0; i++) {
    const extra = Math.min(left, Math.floor(((total - 3 * count) * weights[i]!) / weightTotal));
    counts[i]! += extra;
    left -= extra;
  }
  for (let i = 0; left > 0; i = (i + 1) % count, left--) counts[i]! += 1;
  return counts;
}

function accountName(rng: Rng, kind: AccountKind, abbr: string, domain: string, n: number): string {
  switch (kind) {
    case "server":
      return `${abbr}-${SERVER_ROLES[n % SERVER_ROLES.length]}`;
    case "workstation":
      return `${abbr}-LT-${rng.pick(FIRST_NAMES)[0]}${rng.pick(LAST_NAMES)}`.toUpperCase();
    case "mailbox_set":
      return `Microsoft 365 – ${domain}`;
    case "appliance":
      return `${abbr} backup appliance BA-${rng.pick(["2400", "4800", "9600"])} (SN ${rng.int(100_000, 999_999).toString(16).toUpperCase()})`;
  }
}

export function buildFleet(rng: Rng, spec: DemoPartnerSpec, names: readonly (readonly [string, string])[]): FleetCustomer[] {
  if (names.length < spec.customers) throw new Error(`Not enough customer names for ${spec.slug}`);
  const counts = accountCounts(rng, spec.customers, spec.accounts);
  let vendorId = spec.firstVendorCustomerId;
  return counts.map((count, i) => {
    const [name, domain] = names[i]!;
    const abbr = abbreviation(name);
    const customerId = String(vendorId);
    vendorId += rng.int(3, 47);
    const kinds: AccountKind[] = [];
    if (rng.chance(0.85)) kinds.push("mailbox_set");
    if (count >= 8 && rng.chance(0.6)) kinds.push("appliance");
    const servers = Math.max(1, Math.round((count - kinds.length) * (0.2 + rng.next() * 0.25)));
    while (kinds.length < count) kinds.push(kinds.filter((k) => k === "server").length < servers ? "server" : "workstation");
    let serverNo = 0;
    const accounts = kinds.map((kind, n) => ({
      kind,
      accountNumber: `${customerId}-${String(n + 1).padStart(3, "0")}`,
      name: accountName(rng, kind, abbr, domain, kind === "server" ? serverNo++ : n),
      sizeGb: kind === "server" ? rng.int(80, 900) : kind === "workstation" ? rng.int(20, 250) : kind === "appliance" ? rng.int(800, 4000) : 0,
      mailboxes: kind === "mailbox_set" ? rng.int(8, 220) : 0,
    }));
    const plan = rng.weighted<Plan>([
      ["basic", 3],
      ["standard", 5],
      ["premium", 2],
    ]);
    return { vendorCustomerId: customerId, name, domain, plan, accounts };
  });
}

/** Daily usage for each period: GB per protected account, device and mailbox counts per customer. */
export function buildUsage(rng: Rng, fleet: FleetCustomer[], periods: string[]): FleetUsage[] {
  const rows: FleetUsage[] = [];
  fleet.forEach((customer, c) => {
    const servers = customer.accounts.filter((a) => a.kind === "server").length;
    const nonServers = customer.accounts.filter((a) => a.kind === "workstation").length;
    const hasAppliance = customer.accounts.some((a) => a.kind === "appliance");
    const mailboxes = customer.accounts.reduce((sum, a) => sum + a.mailboxes, 0);
    const growth = customer.accounts.map(() => 1 + rng.next() * 0.004);
    periods.forEach((period, day) => {
      customer.accounts.forEach((a, i) => {
        if (a.kind !== "server" && a.kind !== "workstation") return;
        const quantity = Math.round(a.sizeGb * Math.pow(growth[i]!, day) * 100) / 100;
        rows.push({ customer: c, account: i, itemCode: `online_backup_gb_${customer.plan}`, quantity, period });
      });
      if (hasAppliance) {
        rows.push({ customer: c, account: null, itemCode: "local_backup_servers", quantity: servers, period });
        rows.push({ customer: c, account: null, itemCode: "local_backup_non_servers", quantity: nonServers, period });
      }
      if (mailboxes > 0) {
        rows.push({ customer: c, account: null, itemCode: "email_archiving_mailboxes", quantity: mailboxes, period });
        rows.push({ customer: c, account: null, itemCode: "email_security_mailboxes", quantity: mailboxes + (day >= 4 ? 2 : 0), period });
      }
    });
  });
  return rows;
}
