/**
 * `npm run bench:ingest`: throughput and latency of the ingest API over HTTP against a production
 * build (`next start`) on a fresh PostgreSQL database `psa_relay_bench_ingest` (127.0.0.1:5432).
 *
 *  (a) 4 clients POST batches of 500 events for ~15 s → events/s, batch p50/p95
 *  (b) ~500 single-event requests, 2 clients → p50/p95
 *
 * Prints readable lines, then one JSON object on the last line. Targets: ≥ 2,000 events/s with
 * batches of 500 and single-event p95 < 50 ms. Builds into .next-bench when it has no BUILD_ID.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";

import { and, count, eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";

import { migrateDb, openDb } from "~/db";
import { events } from "~/db/schema";
import { createAccount, createApiKeyRow, createCustomer, createPartner } from "~/db/seed/factories";

import { buildIfMissing, percentile, round, type RunningServer, startServer } from "./ingest-server";

const DB_NAME = "psa_relay_bench_ingest";
const SERVER = "postgres://postgres@127.0.0.1:5432";
const DB_URL = `${SERVER}/${DB_NAME}`;
const PORT = 3401;
const DIST_DIR = ".next-bench";
const BATCH_SIZE = 500;
const BATCH_CLIENTS = 4;
const BATCH_SECONDS = 15;
const SINGLE_REQUESTS = 500;
const SINGLE_CLIENTS = 2;
const WARMUP_SINGLES = 20;
const WARMUP_BATCHES = 2;
const TARGETS = { eventsPerSecond: 2000, singleP95Ms: 50 };
const TYPES = ["backup", "backup.job", "disk.space", "agent.offline"];
const SEVERITIES = ["ok", "ok", "ok", "warning", "error"] as const;

async function prepareDatabase() {
  const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${DB_NAME}" with (force)`);
    await admin.unsafe(`create database "${DB_NAME}"`);
  } finally {
    await admin.end();
  }
  const handle = await openDb({ url: DB_URL, poolSize: 4 });
  try {
    await migrateDb(handle);
    const partner = await createPartner(handle.db, { name: "Bench MSP", slug: `bench-${randomUUID().slice(0, 8)}` });
    const accountNumbers: string[] = [];
    for (let c = 0; c < 50; c++) {
      const customer = await createCustomer(handle.db, { partnerId: partner.id, vendorCustomerId: `BENCH-C-${c}` });
      for (let a = 0; a < 10; a++) {
        const account = await createAccount(handle.db, { partnerId: partner.id, customerId: customer.id, accountNumber: `BENCH-A-${c}-${a}` });
        accountNumbers.push(account.accountNumber);
      }
    }
    const { key } = await createApiKeyRow(handle.db, { partnerId: partner.id, name: "bench" });
    // Fresh tables have no planner statistics; a live database has them (autovacuum may be off here).
    await handle.db.execute(sql`analyze`);
    return { partnerId: partner.id, key, accountNumbers };
  } finally {
    await handle.close();
  }
}

let seq = 0;
function makeEvent(accountNumbers: string[]) {
  const n = seq++;
  return {
    id: `bench-${n}-${randomUUID().slice(0, 8)}`,
    accountNumber: accountNumbers[n % accountNumbers.length]!,
    type: TYPES[n % TYPES.length]!,
    severity: SEVERITIES[n % SEVERITIES.length]!,
    occurredAt: new Date(Date.now() - (n % 1000) * 1000).toISOString(),
    message: "Backup job finished",
    details: { job: `job-${n % 17}`, bytes: n * 1024, durationSeconds: n % 3600 },
  };
}

/** Waits (at most 60 s) until background processing has finished the partner's events. */
async function waitForProcessing(partnerId: string): Promise<number> {
  const started = performance.now();
  const handle = await openDb({ url: DB_URL, poolSize: 1 });
  try {
    for (let i = 0; i < 240; i++) {
      const [row] = await handle.db
        .select({ n: count() })
        .from(events)
        .where(and(eq(events.partnerId, partnerId), inArray(events.status, ["received", "dispatched"])));
      if (row!.n === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await handle.close();
  }
  return performance.now() - started;
}

async function postEvents(url: string, key: string, body: unknown): Promise<{ ms: number; accepted: number }> {
  const started = performance.now();
  const res = await fetch(`${url}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 202) throw new Error(`POST /api/v1/events answered ${res.status}: ${text.slice(0, 300)}`);
  return { ms, accepted: (JSON.parse(text) as { accepted: number }).accepted };
}

async function singles(url: string, key: string, accountNumbers: string[], total: number, clients: number) {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        next++;
        latencies.push((await postEvents(url, key, makeEvent(accountNumbers))).ms);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

async function batches(url: string, key: string, accountNumbers: string[]) {
  const latencies: number[] = [];
  let accepted = 0;
  const started = performance.now();
  const deadline = started + BATCH_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: BATCH_CLIENTS }, async () => {
      for (let i = 0; i < 10_000 && performance.now() < deadline; i++) {
        const body = { events: Array.from({ length: BATCH_SIZE }, () => makeEvent(accountNumbers)) };
        const r = await postEvents(url, key, body);
        latencies.push(r.ms);
        accepted += r.accepted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { latencies: latencies.sort((a, b) => a - b), accepted, seconds };
}

async function main() {
  const logDir = os.tmpdir();
  const buildLog = path.join(logDir, "psa-relay-bench-ingest-build.log");
  const serverLog = path.join(logDir, "psa-relay-bench-ingest-server.log");
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: DB_URL, PSA_RELAY_MODE: "test", PORT: String(PORT) };
  delete env.PGLITE_DIR;

  console.log(`[bench] database ${DB_NAME}: drop, create, migrate, seed 1 partner, 50 customers, 500 accounts`);
  const seed = await prepareDatabase();
  const built = await buildIfMissing(DIST_DIR, env, buildLog, () =>
    console.log(`[bench] ${DIST_DIR}/BUILD_ID missing → next build (log: ${buildLog})`),
  );
  if (!built) console.log(`[bench] reusing the build in ${DIST_DIR} (delete it to rebuild)`);

  let server: RunningServer | undefined;
  const stopOnSignal = () => void server?.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    server = await startServer({ port: PORT, distDir: DIST_DIR, env, logFile: serverLog });
    console.log(`[bench] next start on ${server.url} (log: ${serverLog})`);

    for (let i = 0; i < WARMUP_SINGLES; i++) await postEvents(server.url, seed.key, makeEvent(seed.accountNumbers));
    for (let i = 0; i < WARMUP_BATCHES; i++) await postEvents(server.url, seed.key, { events: Array.from({ length: BATCH_SIZE }, () => makeEvent(seed.accountNumbers)) });
    const drainMs = await waitForProcessing(seed.partnerId);
    console.log(`[bench] warm-up: ${WARMUP_SINGLES} single + ${WARMUP_BATCHES} batch requests; background processing caught up in ${Math.round(drainMs)} ms`);

    const single = await singles(server.url, seed.key, seed.accountNumbers, SINGLE_REQUESTS, SINGLE_CLIENTS);
    const singleP50 = percentile(single, 50);
    const singleP95 = percentile(single, 95);
    console.log(`[bench] single events: ${single.length} requests, ${SINGLE_CLIENTS} clients: p50 ${round(singleP50)} ms, p95 ${round(singleP95)} ms`);

    const batch = await batches(server.url, seed.key, seed.accountNumbers);
    const eventsPerSecond = batch.accepted / batch.seconds;
    const batchP50 = percentile(batch.latencies, 50);
    const batchP95 = percentile(batch.latencies, 95);
    console.log(
      `[bench] batches of ${BATCH_SIZE}, ${BATCH_CLIENTS} clients, ${round(batch.seconds)} s: ${batch.latencies.length} requests, ` +
        `${batch.accepted} events, ${Math.round(eventsPerSecond)} events/s; p50 ${round(batchP50)} ms, p95 ${round(batchP95)} ms`,
    );

    const check = await openDb({ url: DB_URL, poolSize: 1 });
    const [stored] = await check.db.select({ n: count() }).from(events).where(eq(events.partnerId, seed.partnerId));
    await check.close();
    const expected = WARMUP_SINGLES + WARMUP_BATCHES * BATCH_SIZE + single.length + batch.accepted;
    console.log(`[bench] events stored: ${stored!.n} (acknowledged as accepted: ${expected})`);

    const pass = eventsPerSecond >= TARGETS.eventsPerSecond && singleP95 < TARGETS.singleP95Ms && stored!.n === expected;
    console.log(
      JSON.stringify({
        bench: "ingest",
        eventsPerSecond: Math.round(eventsPerSecond),
        batchSize: BATCH_SIZE,
        batchClients: BATCH_CLIENTS,
        batchRequests: batch.latencies.length,
        batchP50Ms: round(batchP50),
        batchP95Ms: round(batchP95),
        singleRequests: single.length,
        singleP50Ms: round(singleP50),
        singleP95Ms: round(singleP95),
        eventsStored: stored!.n,
        eventsAccepted: expected,
        targets: TARGETS,
        pass,
      }),
    );
  } finally {
    await server?.stop();
  }
}

main().catch((err) => {
  console.error(`[bench] failed: ${err instanceof Error ? err.message : String(err)}`);
  console.log(JSON.stringify({ bench: "ingest", error: err instanceof Error ? err.message : String(err), pass: false }));
  process.exit(1);
});
