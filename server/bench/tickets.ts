/**
 * `npm run bench:tickets`: event-to-ticket latency of the ticket lifecycle, end to end, against a
 * production build (`next start`, inline jobs) on a fresh PostgreSQL database
 * `psa_relay_bench_tickets` (127.0.0.1:5432), with the portal's own Autotask sandbox answering
 * every request 50 ms late.
 *
 * Failure events (and some recoveries) over 150 conditions go through the ingest API at a steady
 * 20 events/s for 30 s; each event's ticket outcome is polled in the database. Prints p50/p95/max
 * of event → outcome (receivedAt → outcome updatedAt), tickets/s, duplicate tickets (per correlation
 * key, in the sandbox) and events left without an outcome, then one JSON object on the last line.
 * Targets: p95 < 2 s, zero duplicates, every event with an outcome. Builds into .next-bench-tickets
 * when the build is missing or older than the sources.
 */
import { randomBytes } from "node:crypto";
import { rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { and, count, eq, isNotNull } from "drizzle-orm";

import { openDb } from "~/db";
import { eventOutcomes, events, ticketConditions } from "~/db/schema";

import { buildIfMissing, percentile, round, type RunningServer, startServer } from "./ingest-server";
import { connectAndConfigure, freshDatabase, newestSourceMtime, sandboxAdmin, seedPartner } from "./tickets-setup";

// The sandboxes answer over http on 127.0.0.1: test mode allows PSA URLs without https (server/psa/url-policy.ts).
process.env.PSA_RELAY_MODE ??= "test";

const DB_NAME = "psa_relay_bench_tickets";
const PORT = 3402;
const DIST_DIR = ".next-bench-tickets";
const TENANT_ID = "bench-tickets";
const RATE = 20;
const SECONDS = 30;
const CONDITIONS = 150;
const LATENCY_MS = 50;
const TYPES = ["backup", "backup.job"];
const TARGETS = { p95Ms: 2000, duplicates: 0, withoutOutcome: 0 };

/** Deterministic PRNG, so every run sends the same sequence. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Planned = { id: string; accountNumber: string; type: string; severity: "ok" | "warning" | "error"; message: string; details: Record<string, unknown> };

/** Failures over CONDITIONS conditions (account + type); a failing condition recovers now and then. */
function plan(accountNumbers: string[], total: number): Planned[] {
  const rand = mulberry32(4242);
  const failing = new Array<boolean>(CONDITIONS).fill(false);
  const run = randomBytes(3).toString("hex");
  return Array.from({ length: total }, (_, i) => {
    const c = (i * 37) % CONDITIONS;
    const accountNumber = accountNumbers[(c * 13) % accountNumbers.length]!;
    const type = TYPES[c % TYPES.length]!;
    let severity: Planned["severity"];
    if (failing[c] && rand() < 0.3) {
      severity = "ok";
      failing[c] = false;
    } else {
      severity = rand() < 0.3 ? "warning" : "error";
      failing[c] = true;
    }
    const message = severity === "ok" ? "Backup completed" : severity === "warning" ? "Backup completed with warnings" : "Backup failed: target unreachable";
    return { id: `bt-${run}-${i}`, accountNumber, type, severity, message, details: { attempt: i % 3, job: `job-${c}` } };
  });
}

async function post(url: string, key: string, event: Planned): Promise<void> {
  const res = await fetch(`${url}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ ...event, occurredAt: new Date().toISOString() }),
  });
  const text = await res.text();
  if (res.status !== 202) throw new Error(`POST /api/v1/events answered ${res.status}: ${text.slice(0, 300)}`);
}

/** Sends the planned events at a steady rate (one request every 1000/RATE ms, not waiting for answers). */
async function sendSteady(url: string, key: string, planned: Planned[]): Promise<{ seconds: number; errors: string[] }> {
  const started = performance.now();
  const errors: string[] = [];
  const inflight: Promise<void>[] = [];
  for (const [i, event] of planned.entries()) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(post(url, key, event).catch((err: unknown) => void errors.push(err instanceof Error ? err.message : String(err))));
  }
  await Promise.all(inflight);
  return { seconds: (performance.now() - started) / 1000, errors };
}

type OutcomeRow = { receivedAt: Date; status: string | null; detail: string | null; updatedAt: Date | null };

async function outcomes(dbUrl: string, partnerId: string, waitMs: number): Promise<OutcomeRow[]> {
  const handle = await openDb({ url: dbUrl, poolSize: 1 });
  try {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const rows = await handle.db
        .select({ receivedAt: events.receivedAt, status: eventOutcomes.status, detail: eventOutcomes.detail, updatedAt: eventOutcomes.updatedAt })
        .from(events)
        .leftJoin(eventOutcomes, and(eq(eventOutcomes.partnerId, events.partnerId), eq(eventOutcomes.eventId, events.id), eq(eventOutcomes.action, "ticket")))
        .where(eq(events.partnerId, partnerId));
      const open = rows.filter((r) => r.status === null || r.status === "pending").length;
      if (open === 0 || Date.now() > deadline) return rows;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await handle.close();
  }
}

async function conditionsWithTicket(dbUrl: string, partnerId: string): Promise<number> {
  const handle = await openDb({ url: dbUrl, poolSize: 1 });
  try {
    const [row] = await handle.db
      .select({ n: count() })
      .from(ticketConditions)
      .where(and(eq(ticketConditions.partnerId, partnerId), isNotNull(ticketConditions.psaTicketId)));
    return row!.n;
  } finally {
    await handle.close();
  }
}

async function main() {
  const serverLog = path.join(os.tmpdir(), "psa-relay-bench-tickets-server.log");
  const buildLog = path.join(os.tmpdir(), "psa-relay-bench-tickets-build.log");
  // The bench seals the connection's secret; the server must open it with the same key.
  process.env.SECRETS_KEY ??= randomBytes(32).toString("base64");
  // The sandbox's _admin endpoints need the token; the server takes it from the same variable.
  process.env.SANDBOX_ADMIN_TOKEN ??= randomBytes(24).toString("base64url");
  console.log(`[bench] database ${DB_NAME}: drop, create, migrate; seed 1 partner, 50 customers, 200 accounts`);
  const dbUrl = await freshDatabase(DB_NAME);
  const seed = await seedPartner(dbUrl, 50, 4);
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: dbUrl, PSA_RELAY_MODE: "test", PORT: String(PORT), APP_URL: `http://127.0.0.1:${PORT}` };
  for (const name of ["PGLITE_DIR", "INNGEST_DEV", "INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY"]) delete env[name];

  const buildId = path.join(process.cwd(), DIST_DIR, "BUILD_ID");
  let stale = false;
  try {
    stale = statSync(buildId).mtimeMs < newestSourceMtime(process.cwd());
  } catch {
    stale = false;
  }
  if (stale) rmSync(buildId);
  const built = await buildIfMissing(DIST_DIR, env, buildLog, () => console.log(`[bench] ${DIST_DIR} missing or older than the sources → next build (log: ${buildLog})`));
  if (!built) console.log(`[bench] reusing the build in ${DIST_DIR}`);

  let server: RunningServer | undefined;
  const stopOnSignal = () => void server?.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    server = await startServer({ port: PORT, distDir: DIST_DIR, env, logFile: serverLog });
    console.log(`[bench] next start on ${server.url}, inline jobs (log: ${serverLog})`);
    const tenant = await sandboxAdmin.seedTenant(server.url, { tenantId: TENANT_ID, name: "Bench Tickets MSP", customerNames: seed.customerNames });
    const config = await connectAndConfigure(dbUrl, server.url, seed.partnerId, tenant.credentials);
    console.log(`[bench] Autotask sandbox tenant ${tenant.tenantId}: ${config.customersMapped} customers mapped, queue ${config.queueName}, rule ${config.rule}`);
    await sandboxAdmin.setLatency(server.url, TENANT_ID, LATENCY_MS);
    const ticketsBefore = (await sandboxAdmin.view(server.url, TENANT_ID)).tenant.counts.tickets;

    const planned = plan(seed.accountNumbers, RATE * SECONDS);
    const kinds = { error: 0, warning: 0, ok: 0 };
    for (const p of planned) kinds[p.severity]++;
    console.log(`[bench] sending ${planned.length} events at ${RATE}/s over ${CONDITIONS} conditions (${kinds.error} error, ${kinds.warning} warning, ${kinds.ok} recoveries), sandbox latency ${LATENCY_MS} ms`);
    const sendStarted = Date.now();
    const sent = await sendSteady(server.url, seed.key, planned);
    if (sent.errors.length) throw new Error(`${sent.errors.length} events refused by the ingest API; first: ${sent.errors[0]}`);
    console.log(`[bench] sent in ${round(sent.seconds)} s; waiting for every event's ticket outcome (at most 120 s)`);

    const rows = await outcomes(dbUrl, seed.partnerId, 120_000);
    const finished = rows.filter((r) => r.status && r.status !== "pending" && r.updatedAt);
    const latencies = finished.map((r) => r.updatedAt!.getTime() - r.receivedAt.getTime()).sort((a, b) => a - b);
    const lastOutcome = Math.max(...finished.map((r) => r.updatedAt!.getTime()));
    const byStatus: Record<string, number> = {};
    const byDetail: Record<string, number> = {};
    for (const r of rows) {
      byStatus[r.status ?? "none"] = (byStatus[r.status ?? "none"] ?? 0) + 1;
      if (r.detail) byDetail[r.detail] = (byDetail[r.detail] ?? 0) + 1;
    }
    const withoutOutcome = rows.length - finished.length;

    const view = await sandboxAdmin.view(server.url, TENANT_ID);
    const ticketsCreated = view.tenant.counts.tickets - ticketsBefore;
    const perKey = new Map<string, number>();
    for (const t of view.tickets) if (t.externalId) perKey.set(t.externalId, (perKey.get(t.externalId) ?? 0) + 1);
    const sameKeyDuplicates = [...perKey.values()].reduce((n, c) => n + c - 1, 0);
    const ticketed = await conditionsWithTicket(dbUrl, seed.partnerId);
    // Every PSA ticket belongs to exactly one condition: more tickets than ticketed conditions are duplicates or orphans.
    const duplicates = Math.max(sameKeyDuplicates, ticketsCreated - ticketed);
    const seconds = (lastOutcome - sendStarted) / 1000;

    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    const max = latencies[latencies.length - 1] ?? NaN;
    console.log(`[bench] event → ticket outcome: p50 ${Math.round(p50)} ms, p95 ${Math.round(p95)} ms, max ${Math.round(max)} ms over ${latencies.length} events`);
    console.log(`[bench] outcomes: ${JSON.stringify(byStatus)}; actions: ${JSON.stringify(byDetail)}`);
    console.log(
      `[bench] tickets: ${ticketsCreated} created for ${ticketed} conditions, ${round(ticketsCreated / sent.seconds, 2)} tickets/s, ` +
        `${round(finished.length / seconds, 1)} outcomes/s; duplicates ${duplicates}; events without an outcome ${withoutOutcome}`,
    );
    const pass = p95 < TARGETS.p95Ms && duplicates === 0 && withoutOutcome === 0;
    console.log(
      JSON.stringify({
        bench: "tickets",
        events: rows.length,
        ratePerSecond: RATE,
        conditions: CONDITIONS,
        sandboxLatencyMs: LATENCY_MS,
        p50Ms: Math.round(p50),
        p95Ms: Math.round(p95),
        maxMs: Math.round(max),
        ticketsCreated,
        ticketsPerSecond: round(ticketsCreated / sent.seconds, 2),
        outcomesPerSecond: round(finished.length / seconds, 1),
        outcomes: byStatus,
        actions: byDetail,
        duplicates,
        withoutOutcome,
        targets: TARGETS,
        pass,
      }),
    );
    if (!pass) process.exitCode = 1;
  } finally {
    await server?.stop();
  }
}

main().catch((err) => {
  console.error(`[bench] failed: ${err instanceof Error ? err.message : String(err)}`);
  console.log(JSON.stringify({ bench: "tickets", error: err instanceof Error ? err.message : String(err), pass: false }));
  process.exit(1);
});
