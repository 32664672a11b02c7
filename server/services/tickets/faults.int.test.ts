import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { eventOutcomes, events } from "~/db/schema";
import { createEvents } from "~/db/seed/factories";
import { createTestDatabase } from "~/server/testing/test-db";

import { handleTicketForEvent, TicketRetryableError } from "./lifecycle";
import { setupPartner, startTicketSandbox, testDeps } from "./test-kit";

/**
 * Fault injection: 1,000 events over 100 conditions, processed concurrently and out of order like
 * the job would (each one retried on throttling / an unreachable PSA), against a sandbox answering
 * 20% of writes with a 500 after committing them, 10% of requests with a 429, with added latency.
 * It must end with exactly one ticket per condition and an outcome on every event.
 */
let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const CUSTOMERS = 10;
const ACCOUNTS = 10;
const PER_CONDITION = 10;
const MAX_ATTEMPTS = 12;
const WORKERS = 8;

function shuffle<T>(items: T[], seed = 42): T[] {
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe.each(["autotask", "connectwise"] as const)("fault injection through the %s sandbox", (provider) => {
  it("1,000 events over 100 conditions: exactly one ticket per condition, every event with an outcome", { timeout: 240_000 }, async () => {
    const sandbox = await startTicketSandbox(provider);
    try {
      const names = Array.from({ length: CUSTOMERS }, (_, i) => `Fault Customer ${i + 1}`);
      const tenant = await sandbox.tenant(names);
      const setup = await setupPartner(handle.db, provider, tenant, { customerNames: names, accountsPerCustomer: ACCOUNTS });
      // Per condition: repeats, a change of detail, a warning, a recovery and a recurrence.
      const script = ["Backup failed", "Backup failed", "Backup failed: disk full", "Backup failed: disk full", "Backup slow", "Backup failed", "Backup failed", "OK", "Backup failed", "Backup failed"];
      const inputs = setup.customers.flatMap((c) =>
        c.accounts.flatMap((a) =>
          script.slice(0, PER_CONDITION).map((message) => ({
            partnerId: setup.partnerId,
            customerId: c.id,
            accountId: a.id,
            type: "backup",
            message,
            severity: (message === "OK" ? "ok" : message === "Backup slow" ? "warning" : "error") as "ok" | "warning" | "error",
          })),
        ),
      );
      const stored = await createEvents(handle.db, inputs);
      expect(stored).toHaveLength(1000);

      await tenant.setFaults({ latencyMs: 5, throttleRate: 0.1, retryAfterSeconds: 0, failAfterCommitRate: 0.2, failAfterCommitMode: "500" });
      const statuses = new Map<string, number>();
      const deps = testDeps({
        connector: { maxRetries: 2, backoffBaseMs: 1, onRequest: (e) => statuses.set(String(e.status), (statuses.get(String(e.status)) ?? 0) + 1) },
      });
      // Bursts: each condition's events arrive together (in a shuffled order), so several workers
      // handle the same condition at once, as when a failing backup reports every few seconds.
      const byCondition = new Map<string, number[]>();
      for (const e of stored) byCondition.set(e.accountId, [...(byCondition.get(e.accountId) ?? []), e.id]);
      const queue = shuffle([...byCondition.values()]).flatMap((ids, i) => shuffle(ids, i + 1));
      let retries = 0;
      const worker = async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
              await handleTicketForEvent(handle.db, { partnerId: setup.partnerId, eventId: id }, { ...deps, finalAttempt: attempt === MAX_ATTEMPTS });
              break;
            } catch (err) {
              if (!(err instanceof TicketRetryableError)) throw err;
              retries++;
              await new Promise((r) => setTimeout(r, Math.min(err.retryAfterMs ?? 5, 20)));
            }
          }
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, worker));
      await tenant.setFaults({});

      const tickets = tenant.tickets();
      const refs = new Set(tickets.map((t) => t.externalRef));
      expect(tickets).toHaveLength(CUSTOMERS * ACCOUNTS);
      expect(refs.size).toBe(CUSTOMERS * ACCOUNTS);

      const ids = stored.map((e) => e.id);
      const outcomes = await handle.db
        .select({ status: eventOutcomes.status, eventId: eventOutcomes.eventId })
        .from(eventOutcomes)
        .where(and(eq(eventOutcomes.partnerId, setup.partnerId), inArray(eventOutcomes.eventId, ids)));
      expect(outcomes).toHaveLength(1000);
      expect(outcomes.filter((o) => o.status === "pending" || o.status === "failed")).toEqual([]);
      const rows = await handle.db.select({ outcomeStatus: events.outcomeStatus }).from(events).where(and(eq(events.partnerId, setup.partnerId), inArray(events.id, ids)));
      expect(rows.every((r) => r.outcomeStatus === "succeeded" || r.outcomeStatus === "skipped")).toBe(true);
      // The faults were real: the PSA throttled and failed after committing along the way.
      expect(statuses.get("429") ?? 0).toBeGreaterThan(20);
      expect(statuses.get("500") ?? 0).toBeGreaterThan(20);
      console.info(`[faults:${provider}] ${tickets.length} tickets, ${retries} job-level retries`);
    } finally {
      await sandbox.close();
    }
  });
});
