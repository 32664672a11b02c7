/**
 * `npm run bench:ingest`: throughput and latency of the ingest API over HTTP against a production
 * build (`next start`), first on a fresh PostgreSQL database `psa_relay_bench_ingest`
 * (127.0.0.1:5432), then on a fresh embedded PGlite (the demo's database):
 *
 *  (a) single-event requests, 2 clients → p50/p95 (500 on PostgreSQL, 200 on PGlite)
 *  (b) 4 clients POST batches of 500 events for ~15 s → events/s acknowledged, batch p50/p95, and
 *      events/s processed end to end (from the first batch until the processing backlog is empty)
 *
 * Prints readable lines, then one JSON object on the last line (PostgreSQL's figures at the top
 * level, PGlite's under "pglite"). Targets: PostgreSQL ≥ 2,000 events/s acknowledged with batches of
 * 500 and single-event p95 < 50 ms; PGlite ≥ 1,000 events/s processed end to end. Builds into
 * .next-bench when it holds no build of the current sources.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";

import { rmSync } from "node:fs";

import { count, eq, sql } from "drizzle-orm";
import postgres from "postgres";

import { type Db, migrateDb, openDb } from "~/db";
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
const PGLITE_SINGLE_REQUESTS = 200;
const TARGETS = { eventsPerSecond: 2000, singleP95Ms: 50, pgliteProcessedPerSecond: 1000 };
const TYPES = ["backup", "backup.job", "disk.space", "agent.offline"];
const SEVERITIES = ["ok", "ok", "ok", "warning", "error"] as const;

type Seed = { partnerId: string; key: string; accountNumbers: string[] };

/** 1 partner, 50 customers, 500 accounts, one API key. */
async function seedBench(db: Db): Promise<Seed> {
  const partner = await createPartner(db, { name: "Bench MSP", slug: `bench-${randomUUID().slice(0, 8)}` });
  const accountNumbers: string[] = [];
  for (let c = 0; c < 50; c++) {
    const customer = await createCustomer(db, { partnerId: partner.id, vendorCustomerId: `BENCH-C-${c}` });
    for (let a = 0; a < 10; a++) {
      const account = await createAccount(db, { partnerId: partner.id, customerId: customer.id, accountNumber: `BENCH-A-${c}-${a}` });
      accountNumbers.push(account.accountNumber);
    }
  }
  const { key } = await createApiKeyRow(db, { partnerId: partner.id, name: "bench" });
  // Fresh tables have no planner statistics; a live database has them (autovacuum may be off here).
  await db.execute(sql`analyze`);
  return { partnerId: partner.id, key, accountNumbers };
}

async function preparePostgres(): Promise<Seed> {
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
    return await seedBench(handle.db);
  } finally {
    await handle.close();
  }
}

/** A fresh PGlite folder, migrated and seeded, then closed so the server can open it. */
async function preparePglite(dir: string): Promise<Seed> {
  rmSync(dir, { recursive: true, force: true });
  const handle = await openDb({ url: null, pgliteDir: dir });
  try {
    await migrateDb(handle);
    return await seedBench(handle.db);
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

/** The server's processing backlog (GET /api/health outside production mode). */
async function unfinished(url: string): Promise<number> {
  const res = await fetch(`${url}/api/health`);
  const body = (await res.json()) as { unfinishedEvents?: number };
  if (typeof body.unfinishedEvents !== "number") throw new Error("GET /api/health reports no unfinishedEvents (is PSA_RELAY_MODE=test?)");
  return body.unfinishedEvents;
}

/** Waits (at most `timeoutMs`) until background processing has caught up; resolves to when it did (performance.now()). */
async function waitForProcessing(url: string, timeoutMs = 300_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if ((await unfinished(url)) === 0) return performance.now();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`background processing did not catch up within ${timeoutMs / 1000} s`);
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

type Figures = {
  eventsPerSecond: number;
  processedPerSecond: number;
  batchRequests: number;
  batchP50Ms: number;
  batchP95Ms: number;
  singleRequests: number;
  singleP50Ms: number;
  singleP95Ms: number;
  accepted: number;
};

/**
 * Against a running server: warm-up, single events, then batches for BATCH_SECONDS. Acknowledged
 * events/s count 202s; processed events/s run from the first batch until the backlog is empty.
 */
async function measure(label: string, url: string, seed: Seed, opts: { singles: number }): Promise<Figures> {
  for (let i = 0; i < WARMUP_SINGLES; i++) await postEvents(url, seed.key, makeEvent(seed.accountNumbers));
  for (let i = 0; i < WARMUP_BATCHES; i++) await postEvents(url, seed.key, { events: Array.from({ length: BATCH_SIZE }, () => makeEvent(seed.accountNumbers)) });
  const warm = performance.now();
  const caughtUp = await waitForProcessing(url);
  console.log(`[bench] ${label} warm-up: ${WARMUP_SINGLES} single + ${WARMUP_BATCHES} batch requests; background processing caught up in ${Math.round(caughtUp - warm)} ms`);

  const single = await singles(url, seed.key, seed.accountNumbers, opts.singles, SINGLE_CLIENTS);
  const singleP50 = percentile(single, 50);
  const singleP95 = percentile(single, 95);
  console.log(`[bench] ${label} single events: ${single.length} requests, ${SINGLE_CLIENTS} clients: p50 ${round(singleP50)} ms, p95 ${round(singleP95)} ms`);
  await waitForProcessing(url);

  const started = performance.now();
  const batch = await batches(url, seed.key, seed.accountNumbers);
  const eventsPerSecond = batch.accepted / batch.seconds;
  const done = await waitForProcessing(url);
  const processedPerSecond = batch.accepted / ((done - started) / 1000);
  const batchP50 = percentile(batch.latencies, 50);
  const batchP95 = percentile(batch.latencies, 95);
  console.log(
    `[bench] ${label} batches of ${BATCH_SIZE}, ${BATCH_CLIENTS} clients, ${round(batch.seconds)} s: ${batch.latencies.length} requests, ` +
      `${batch.accepted} events, ${Math.round(eventsPerSecond)} events/s acknowledged; p50 ${round(batchP50)} ms, p95 ${round(batchP95)} ms; ` +
      `all processed after ${round((done - started) / 1000)} s: ${Math.round(processedPerSecond)} events/s end to end`,
  );
  return {
    eventsPerSecond: Math.round(eventsPerSecond),
    processedPerSecond: Math.round(processedPerSecond),
    batchRequests: batch.latencies.length,
    batchP50Ms: round(batchP50),
    batchP95Ms: round(batchP95),
    singleRequests: single.length,
    singleP50Ms: round(singleP50),
    singleP95Ms: round(singleP95),
    accepted: WARMUP_SINGLES + WARMUP_BATCHES * BATCH_SIZE + single.length + batch.accepted,
  };
}

async function withServer<T>(env: NodeJS.ProcessEnv, port: number, logFile: string, work: (url: string) => Promise<T>): Promise<T> {
  let server: RunningServer | undefined;
  const stopOnSignal = () => void server?.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    server = await startServer({ port, distDir: DIST_DIR, env, logFile });
    console.log(`[bench] next start on ${server.url} (log: ${logFile})`);
    return await work(server.url);
  } finally {
    await server?.stop();
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
  }
}

async function main() {
  const logDir = os.tmpdir();
  const buildLog = path.join(logDir, "psa-relay-bench-ingest-build.log");
  const base: NodeJS.ProcessEnv = { ...process.env, PSA_RELAY_MODE: "test" };
  delete base.PGLITE_DIR;
  delete base.DATABASE_URL;
  const pgEnv: NodeJS.ProcessEnv = { ...base, DATABASE_URL: DB_URL };
  const pgliteDir = path.join(logDir, "psa-relay-bench-ingest-pglite");
  const pgliteEnv: NodeJS.ProcessEnv = { ...base, PGLITE_DIR: pgliteDir };

  const built = await buildIfMissing(DIST_DIR, pgEnv, buildLog, () => console.log(`[bench] building into ${DIST_DIR} (sources changed or no build; log: ${buildLog})`));
  if (!built) console.log(`[bench] reusing the build in ${DIST_DIR} (same sources)`);

  console.log(`[bench] PostgreSQL database ${DB_NAME}: drop, create, migrate, seed 1 partner, 50 customers, 500 accounts`);
  const pgSeed = await preparePostgres();
  const pg = await withServer(pgEnv, PORT, path.join(logDir, "psa-relay-bench-ingest-server.log"), async (url) => {
    const figures = await measure("postgres", url, pgSeed, { singles: SINGLE_REQUESTS });
    const check = await openDb({ url: DB_URL, poolSize: 1 });
    const [stored] = await check.db.select({ n: count() }).from(events).where(eq(events.partnerId, pgSeed.partnerId));
    await check.close();
    console.log(`[bench] postgres events stored: ${stored!.n} (acknowledged as accepted: ${figures.accepted})`);
    return { ...figures, stored: stored!.n };
  });

  console.log(`[bench] PGlite in ${pgliteDir}: fresh, migrate, seed the same`);
  const liteSeed = await preparePglite(pgliteDir);
  const lite = await withServer(pgliteEnv, PORT + 1, path.join(logDir, "psa-relay-bench-ingest-pglite-server.log"), (url) =>
    measure("pglite", url, liteSeed, { singles: PGLITE_SINGLE_REQUESTS }),
  );
  const liteCheck = await openDb({ url: null, pgliteDir });
  const [liteStored] = await liteCheck.db.select({ n: count() }).from(events).where(eq(events.partnerId, liteSeed.partnerId));
  await liteCheck.close();
  console.log(`[bench] pglite events stored: ${liteStored!.n} (acknowledged as accepted: ${lite.accepted})`);

  const pass =
    pg.eventsPerSecond >= TARGETS.eventsPerSecond &&
    pg.singleP95Ms < TARGETS.singleP95Ms &&
    pg.stored === pg.accepted &&
    lite.processedPerSecond >= TARGETS.pgliteProcessedPerSecond &&
    liteStored!.n === lite.accepted;
  console.log(
    JSON.stringify({
      bench: "ingest",
      eventsPerSecond: pg.eventsPerSecond,
      processedPerSecond: pg.processedPerSecond,
      batchSize: BATCH_SIZE,
      batchClients: BATCH_CLIENTS,
      batchRequests: pg.batchRequests,
      batchP50Ms: pg.batchP50Ms,
      batchP95Ms: pg.batchP95Ms,
      singleRequests: pg.singleRequests,
      singleP50Ms: pg.singleP50Ms,
      singleP95Ms: pg.singleP95Ms,
      eventsStored: pg.stored,
      eventsAccepted: pg.accepted,
      pglite: {
        eventsPerSecond: lite.eventsPerSecond,
        processedPerSecond: lite.processedPerSecond,
        singleP95Ms: lite.singleP95Ms,
        singleP50Ms: lite.singleP50Ms,
        batchP95Ms: lite.batchP95Ms,
        eventsStored: liteStored!.n,
        eventsAccepted: lite.accepted,
      },
      targets: TARGETS,
      pass,
    }),
  );
}

main().catch((err) => {
  console.error(`[bench] failed: ${err instanceof Error ? err.message : String(err)}`);
  console.log(JSON.stringify({ bench: "ingest", error: err instanceof Error ? err.message : String(err), pass: false }));
  process.exit(1);
});
