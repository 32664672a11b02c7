/**
 * Event Log benchmark (`npm run bench:eventlog`).
 *
 * Recreates the database psa_relay_bench_eventlog on 127.0.0.1:5432 (BENCH_PG_URL overrides the
 * server), migrates it, loads one partner with 50 customers, 500 accounts and 1,000,000 events over
 * 90 days plus a second partner with 100,000 events, then times listEvents — the function the
 * events router calls — for several filter sets, first page and a deep page, 50 rows each.
 * Then the same cases on PGlite (the demo's embedded database, in memory) with 200,000 events
 * (BENCH_PGLITE_EVENTS; BENCH_PGLITE=0 skips it), reported as "pglite": {"worstP95Ms", ...}.
 * The last line of output is one JSON object with the figures.
 * BENCH_REUSE=1 keeps an existing, complete bench database (for iterating on queries).
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";

import { type Db, migrateDb, openDb } from "~/db";
import { decodeEventCursor, type EventCursor, type EventFilters, eventHistogram, listEvents, searchCondition } from "~/db/queries/events";
import { histogramWindow, resolveEventFilters } from "~/server/api/routers/event-filters";

import { existingPartner, loadPartner } from "./eventlog-data";

const DB_NAME = "psa_relay_bench_eventlog";
const EVENTS = 1_000_000;
const OTHER_EVENTS = 100_000;
const PAGE = 50;
const WARMUP = 5;
const RUNS = 30;
const TARGET_P95_MS = 100;
const PGLITE_EVENTS = 200_000;

/** Rows of a raw statement, whichever driver ran it (postgres.js: an array; PGlite: `{ rows }`). */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

type Case = { name: string; filters: EventFilters };
type Result = { name: string; page: "first" | "deep"; p50Ms: number; p95Ms: number };

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, i)]! * 100) / 100;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function recreateDatabase(serverUrl: string, reuse: boolean): Promise<string> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${DB_NAME}`;
  if (!reuse || !exists) {
    await admin.unsafe(`drop database if exists "${DB_NAME}" with (force)`);
    await admin.unsafe(`create database "${DB_NAME}"`);
  }
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
}

/**
 * The position in the middle of a filter's rows (the 500,000th row without filters). OFFSET is
 * used here, in the untimed setup only, to find a realistic deep cursor.
 */
async function deepCursor(db: Db, partnerId: string, filters: EventFilters, position?: number): Promise<EventCursor> {
  const first = await listEvents(db, { partnerId, filters, limit: 1 });
  if (!first.items[0] && !filters.search) throw new Error("No rows for this filter; the data set is wrong.");
  const where = sql.join(
    [
      sql`partner_id = ${partnerId}`,
      filters.customerId ? sql`customer_id = ${filters.customerId}` : sql`true`,
      filters.accountId ? sql`account_id = ${filters.accountId}` : sql`true`,
      filters.type ? sql`type = ${filters.type}` : sql`true`,
      filters.severities ? sql`severity::text in (${sql.join(filters.severities.map((s) => sql`${s}`), sql`, `)})` : sql`true`,
      filters.from ? sql`occurred_at >= ${filters.from.toISOString()}::timestamptz` : sql`true`,
      filters.search ? searchCondition(filters.search) : sql`true`,
    ],
    sql` and `,
  );
  const [countRow] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from events where ${where}`));
  const offset = position ?? Math.floor((countRow?.n ?? 0) / 2);
  const [row] = rowsOf<{ cursor: string }>(
    await db.execute(sql`
    select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '~' || id as cursor
    from events where ${where} order by occurred_at desc nulls last, id desc nulls last offset ${offset} limit 1`),
  );
  // A search without matches pages from "now" (the query still has to prove there is nothing).
  const cursor = row ? decodeEventCursor(row.cursor) : { at: new Date().toISOString().replace(/Z$/, "000Z"), id: Number.MAX_SAFE_INTEGER };
  if (!cursor) throw new Error("Could not find a deep cursor.");
  console.log(`  ${JSON.stringify(filters)}: ${countRow?.n} rows, deep cursor at row ${offset}`);
  return cursor;
}

/** The day `daysAgo` before `now` as the bench's ticket numbers spell it (YYYYMMDD, UTC). */
function ticketDay(now: Date, daysAgo: number): string {
  return new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
}

/** Times listEvents (first and deep page) for every filter case on the loaded partner. */
async function runCases(db: Db, main: { partnerId: string; customerIds: string[]; accountIds: string[] }, opts: { deepRow: number; histogram: boolean }): Promise<Result[]> {
  const partnerId = main.partnerId;
  const now = new Date();
  const cases: Case[] = [
    { name: "none", filters: {} },
    { name: "severity=error", filters: { severities: ["error"] } },
    { name: "severity=warning+error", filters: { severities: ["warning", "error"] } },
    { name: "customer", filters: { customerId: main.customerIds[7]! } },
    { name: "account", filters: { accountId: main.accountIds[123]! } },
    { name: "type+severity", filters: { type: "replication", severities: ["warning"] } },
    { name: "time range 7 days", filters: resolveEventFilters({ range: "7d" }, "UTC", now) },
    // Free-text search (events_search_idx): a word of 5% of the messages, a word of 95%, a ticket
    // number prefix of one day's failures, one exact ticket number, and a word no event has.
    { name: "search 5% word", filters: { search: "unreachable" } },
    { name: "search 95% word", filters: { search: "completed" } },
    { name: "search ticket day", filters: { search: `T${ticketDay(now, 30)}` } },
    { name: "search ticket number", filters: { search: `T${ticketDay(now, 45)}.0042` } },
    { name: "search no match", filters: { search: "zzzyxw" } },
    { name: "search + customer", filters: { search: "unreachable", customerId: main.customerIds[7]! } },
  ];

  console.log("finding deep cursors ...");
  const results: Result[] = [];
  for (const c of cases) {
    const deep = await deepCursor(db, partnerId, c.filters, c.name === "none" ? opts.deepRow : undefined);
    const first = await time(RUNS, () => listEvents(db, { partnerId, filters: c.filters, limit: PAGE }));
    const deepT = await time(RUNS, () => listEvents(db, { partnerId, filters: c.filters, cursor: deep, limit: PAGE }));
    results.push({ name: c.name, page: "first", p50Ms: first.p50, p95Ms: first.p95 });
    results.push({ name: c.name, page: "deep", p50Ms: deepT.p50, p95Ms: deepT.p95 });
  }

  console.log("\ncase                        page    p50 ms   p95 ms");
  for (const r of results) {
    console.log(`${r.name.padEnd(28)}${r.page.padEnd(8)}${r.p50Ms.toFixed(2).padStart(7)}  ${r.p95Ms.toFixed(2).padStart(7)}`);
  }

  if (!opts.histogram) return results;
  // The chart's aggregate is not part of the target, but its cost is worth knowing.
  console.log("\nhistogram (informational)");
  for (const c of [cases[0]!, cases[1]!, cases[3]!, { name: "30 days", filters: resolveEventFilters({ range: "30d" }, "UTC", now) }]) {
    const window = histogramWindow(c.filters, now);
    const { from: _f, to: _t, ...filters } = c.filters;
    const t = await time(10, () => eventHistogram(db, { partnerId, filters, ...window, timeZone: "Europe/Berlin" }));
    console.log(`${c.name.padEnd(28)}${window.bucket.padEnd(8)}${t.p50.toFixed(2).padStart(7)}  ${t.p95.toFixed(2).padStart(7)}`);
  }
  return results;
}

/**
 * The same cases on the embedded database the demo uses (PGlite, in memory), with a smaller data
 * set (BENCH_PGLITE_EVENTS, default 200,000: several times the demo's week of events).
 */
async function pgliteCases(): Promise<{ events: number; results: Result[] }> {
  const events = Number(process.env.BENCH_PGLITE_EVENTS ?? PGLITE_EVENTS);
  const handle = await openDb({ url: null, pgliteDir: "memory://" });
  try {
    await migrateDb(handle);
    const t0 = performance.now();
    const main = await loadPartner(handle.db, { name: "Bench Partner", customers: 50, accounts: 500, events, log: console.log });
    await loadPartner(handle.db, { name: "Other Partner", customers: 5, accounts: 50, events: Math.round(events / 10), log: console.log });
    await handle.db.execute(sql`vacuum analyze`);
    console.log(`PGlite data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const results = await runCases(handle.db, main, { deepRow: Math.floor(events / 2), histogram: false });
    console.log("\nPGlite: case                page    p50 ms   p95 ms");
    for (const r of results) console.log(`${r.name.padEnd(28)}${r.page.padEnd(8)}${r.p50Ms.toFixed(2).padStart(7)}  ${r.p95Ms.toFixed(2).padStart(7)}`);
    return { events, results };
  } finally {
    await handle.close();
  }
}

async function main() {
  const serverUrl = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const reuse = process.env.BENCH_REUSE === "1";
  const url = await recreateDatabase(serverUrl, reuse);
  const handle = await openDb({ url, poolSize: 4 });
  try {
    await migrateDb(handle);
    const db = handle.db;
    const t0 = performance.now();
    let main = reuse ? await existingPartner(db, "Bench Partner", EVENTS) : null;
    if (main) {
      console.log("reusing the existing bench data");
    } else {
      main = await loadPartner(db, { name: "Bench Partner", customers: 50, accounts: 500, events: EVENTS, log: console.log });
      await loadPartner(db, { name: "Other Partner", customers: 5, accounts: 50, events: OTHER_EVENTS, log: console.log });
      console.log("vacuum analyze ...");
      await db.execute(sql`vacuum analyze events`);
      await db.execute(sql`analyze customers`);
      await db.execute(sql`analyze accounts`);
      console.log(`data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }

    const results = await runCases(db, main, { deepRow: 500_000, histogram: true });
    await handle.close();
    const lite = process.env.BENCH_PGLITE === "0" ? null : await pgliteCases();
    const worst = Math.max(...results.map((r) => r.p95Ms));
    const liteWorst = lite ? Math.max(...lite.results.map((r) => r.p95Ms)) : null;
    console.log(
      JSON.stringify({
        bench: "eventlog",
        events: EVENTS,
        cases: results,
        worstP95Ms: worst,
        ...(lite ? { pglite: { events: lite.events, worstP95Ms: liteWorst, cases: lite.results } } : {}),
        targetP95Ms: TARGET_P95_MS,
        pass: worst < TARGET_P95_MS && (liteWorst === null || liteWorst < TARGET_P95_MS),
      }),
    );
  } finally {
    await handle.close().catch(() => {});
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
