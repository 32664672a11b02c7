import { nextReport } from "./conditions";
import { type AccountKind, type AccountProfile, type Failure, SCHEDULES } from "./event-content";
import { createRng, seedFrom } from "./prng";

/**
 * The fleet simulator's brain, free of I/O: every tick it produces a few ingest payloads for random
 * accounts of the demo partners — mostly successes, sometimes a failure that repeats and later
 * recovers (an OK event of the same account and type) — and now and then a usage update.
 */
export type SimAccount = {
  accountNumber: string;
  kind: AccountKind;
  name: string | null;
  vendorCustomerId: string;
  /** The account's latest per-account usage row, continued by the simulator. */
  usage?: { item: string; quantity: number } | null;
};
export type SimPartner = { slug: string; accounts: SimAccount[] };

export type EventPayload = {
  id: string;
  accountNumber: string;
  type: string;
  severity: "ok" | "warning" | "error";
  occurredAt: string;
  message: string;
  details: Record<string, unknown>;
};
export type UsagePayload = { customerId: string; accountNumber: string; item: string; quantity: number; period: string };
export type SimBatch = { slug: string; events: EventPayload[]; usage: UsagePayload[] };

export type GeneratorOptions = {
  partners: SimPartner[];
  seed: number;
  /** Distinguishes this run's event ids from earlier runs'. */
  runId: string;
  /** At most this many failures are open at once, so the demo stays mostly green. */
  maxOpen?: number;
  /** An open failure is revisited (repeats or recovers) only after this long, so it can be seen. */
  minOpenMs?: number;
};

function profileOf(a: SimAccount): AccountProfile {
  const h = seedFrom(a.accountNumber);
  return { kind: a.kind, name: a.name ?? a.accountNumber, sizeGb: 40 + (h % 700), mailboxes: 10 + (h % 180) };
}

export function createEventGenerator(opts: GeneratorOptions) {
  const rng = createRng(opts.seed);
  const maxOpen = opts.maxOpen ?? 12;
  const partners = opts.partners.filter((p) => p.accounts.length > 0);
  if (partners.length === 0) throw new Error("The fleet simulator needs at least one partner with accounts.");
  /** Open failures by `${slug}|${accountNumber}|${type}`. */
  const open = new Map<string, { partner: SimPartner; account: SimAccount; failure: Failure; since: number }>();
  const minOpenMs = opts.minOpenMs ?? 30_000;
  const usageState = new Map<string, number>();
  let counter = 0;

  function eventFor(partner: SimPartner, account: SimAccount, type: string, now: Date): EventPayload | null {
    const schedule = SCHEDULES[account.kind].find((s) => s.type === type)!;
    const key = `${partner.slug}|${account.accountNumber}|${type}`;
    const current = open.get(key);
    const report = nextReport(rng, profileOf(account), schedule, current?.failure, {
      failure: open.size >= maxOpen ? 0 : 0.1,
      recovery: 0.4,
    });
    if (report.open) open.set(key, { partner, account, failure: report.open, since: now.getTime() });
    else open.delete(key);
    if (!report.event) return null;
    counter += 1;
    return {
      id: `sim-${opts.runId}-${counter}`,
      accountNumber: account.accountNumber,
      type: report.event.type,
      severity: report.event.severity,
      occurredAt: now.toISOString(),
      message: report.event.message,
      details: report.event.details,
    };
  }

  function usageFor(partner: SimPartner, now: Date): UsagePayload | null {
    const candidates = partner.accounts.filter((a) => a.usage);
    if (candidates.length === 0) return null;
    const account = rng.pick(candidates);
    const key = `${partner.slug}|${account.accountNumber}`;
    const previous = usageState.get(key) ?? account.usage!.quantity;
    const quantity = Math.round(previous * (1 + rng.next() * 0.003) * 100) / 100;
    usageState.set(key, quantity);
    return {
      customerId: account.vendorCustomerId,
      accountNumber: account.accountNumber,
      item: account.usage!.item,
      quantity,
      period: now.toISOString().slice(0, 10),
    };
  }

  return {
    /** The payloads to send now, grouped by partner (each partner has its own API key). */
    tick(now: Date): SimBatch[] {
      const batches = new Map<string, SimBatch>(partners.map((p) => [p.slug, { slug: p.slug, events: [], usage: [] }]));
      const wanted = rng.int(2, 5);
      for (let made = 0, attempts = 0; made < wanted && attempts < wanted * 4; attempts++) {
        let event: EventPayload | null;
        let slug: string;
        const due = [...open.values()].filter((o) => now.getTime() - o.since >= minOpenMs);
        if (due.length > 0 && rng.chance(0.3)) {
          // Revisit an open condition that has been visible for a while: it repeats or recovers.
          const { partner, account, failure } = rng.pick(due);
          slug = partner.slug;
          event = eventFor(partner, account, failure.type, now);
        } else {
          const partner = rng.pick(partners);
          const account = rng.pick(partner.accounts);
          const type = rng.pick(SCHEDULES[account.kind]).type;
          // An open condition is only touched by a revisit above, once it is due.
          if (open.has(`${partner.slug}|${account.accountNumber}|${type}`)) continue;
          slug = partner.slug;
          event = eventFor(partner, account, type, now);
        }
        if (event) {
          batches.get(slug)!.events.push(event);
          made++;
        }
      }
      if (rng.chance(0.15)) {
        const partner = rng.pick(partners);
        const row = usageFor(partner, now);
        if (row) batches.get(partner.slug)!.usage.push(row);
      }
      return [...batches.values()].filter((b) => b.events.length > 0 || b.usage.length > 0);
    },
    openConditions: () => open.size,
  };
}
