/**
 * `npm run bench:pages`: how long the portal's main pages take to answer on the demo data.
 *
 * Seeds the demo partners (db/seed/demo.ts) into a fresh PGlite folder — the demo's database — or,
 * with `-- --postgres`, into a fresh PostgreSQL database psa_relay_bench_pages (127.0.0.1:5432),
 * starts the production build (`next start`, built into .next-bench when the sources changed),
 * signs in over HTTP as the first demo admin and GETs each main page RUNS times after a warm-up.
 * A page's time is its whole server answer: the HTML with every streamed part.
 * The last line is `{"bench":"pages","results":[{"path","p95Ms"}],...}`. Target: every p95 < 500 ms.
 */
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import postgres from "postgres";

import { migrateDb, openDb } from "~/db";
import { connectDemoPartners } from "~/db/seed/demo-psa";
import { seedDemo } from "~/db/seed/demo";

import { buildIfMissing, percentile, round, type RunningServer, startServer } from "./ingest-server";

const PORT = 3403;
const DIST_DIR = ".next-bench";
const DB_NAME = "psa_relay_bench_pages";
const SERVER = "postgres://postgres@127.0.0.1:5432";
const WARMUP = 2;
const RUNS = Number(process.env.BENCH_PAGES_RUNS ?? 10);
const TARGET_P95_MS = 500;
const PAGES = ["/overview", "/event-log", "/customers", "/customer-map", "/billing", "/integration-setup", "/notifications", "/settings/api-keys", "/sandbox"];

/** Cookies of a session, as one Cookie header. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, i).trim(), pair!.slice(i + 1).trim());
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

async function signIn(url: string, email: string, password: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const csrfRes = await fetch(`${url}/api/auth/csrf`);
  jar.take(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), origin: url },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${url}/event-log` }).toString(),
  });
  jar.take(res);
  if (!/session-token/.test(jar.header())) throw new Error(`Sign-in as ${email} failed (status ${res.status}, ${res.headers.get("location") ?? "no redirect"})`);
  return jar;
}

async function timePage(url: string, jar: CookieJar, page: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const res = await fetch(`${url}${page}`, { redirect: "manual", headers: { cookie: jar.header() } });
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status };
}

async function prepare(usePostgres: boolean, pgliteDir: string, portalUrl: string) {
  let handle;
  if (usePostgres) {
    const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists "${DB_NAME}" with (force)`);
      await admin.unsafe(`create database "${DB_NAME}"`);
    } finally {
      await admin.end();
    }
    handle = await openDb({ url: `${SERVER}/${DB_NAME}`, poolSize: 2 });
  } else {
    rmSync(pgliteDir, { recursive: true, force: true });
    handle = await openDb({ url: null, pgliteDir });
  }
  try {
    await migrateDb(handle);
    const started = performance.now();
    const partners = await seedDemo(handle.db);
    await connectDemoPartners(handle.db, partners, portalUrl);
    console.log(`[bench] demo data seeded on ${handle.driver} in ${round((performance.now() - started) / 1000)} s`);
    const admin = partners[0]!.users.find((u) => u.role === "admin")!;
    return { email: admin.email, password: admin.password };
  } finally {
    await handle.close();
  }
}

async function main() {
  const usePostgres = process.argv.includes("--postgres");
  const logDir = os.tmpdir();
  const pgliteDir = path.join(logDir, "psa-relay-bench-pages-pglite");
  const env: NodeJS.ProcessEnv = { ...process.env, PSA_RELAY_MODE: "demo", APP_URL: `http://127.0.0.1:${PORT}` };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  if (usePostgres) env.DATABASE_URL = `${SERVER}/${DB_NAME}`;
  else env.PGLITE_DIR = pgliteDir;

  const buildLog = path.join(logDir, "psa-relay-bench-pages-build.log");
  const built = await buildIfMissing(DIST_DIR, env, buildLog, () => console.log(`[bench] building into ${DIST_DIR} (log: ${buildLog})`));
  if (!built) console.log(`[bench] reusing the build in ${DIST_DIR} (same sources)`);
  const user = await prepare(usePostgres, pgliteDir, `http://127.0.0.1:${PORT}`);

  let server: RunningServer | undefined;
  const stopOnSignal = () => void server?.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    const serverLog = path.join(logDir, "psa-relay-bench-pages-server.log");
    server = await startServer({ port: PORT, distDir: DIST_DIR, env, logFile: serverLog });
    console.log(`[bench] next start on ${server.url} (${usePostgres ? "PostgreSQL" : "PGlite"}; log: ${serverLog})`);
    const jar = await signIn(server.url, user.email, user.password);
    const results: { path: string; p50Ms: number; p95Ms: number; status: number }[] = [];
    for (const page of PAGES) {
      const first = await timePage(server.url, jar, page);
      if (first.status === 404) {
        console.log(`[bench] ${page}: 404, not part of this build; skipped`);
        continue;
      }
      if (first.status !== 200) throw new Error(`GET ${page} answered ${first.status}`);
      for (let i = 1; i < WARMUP; i++) await timePage(server.url, jar, page);
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) samples.push((await timePage(server.url, jar, page)).ms);
      samples.sort((a, b) => a - b);
      const r = { path: page, p50Ms: round(percentile(samples, 50)), p95Ms: round(percentile(samples, 95)), status: 200 };
      console.log(`[bench] ${page.padEnd(20)} p50 ${String(r.p50Ms).padStart(7)} ms   p95 ${String(r.p95Ms).padStart(7)} ms   (first ${round(first.ms)} ms)`);
      results.push(r);
    }
    const worst = Math.max(...results.map((r) => r.p95Ms));
    console.log(
      JSON.stringify({
        bench: "pages",
        db: usePostgres ? "postgres" : "pglite",
        runs: RUNS,
        results: results.map(({ path: p, p50Ms, p95Ms }) => ({ path: p, p50Ms, p95Ms })),
        worstP95Ms: worst,
        targetP95Ms: TARGET_P95_MS,
        pass: worst < TARGET_P95_MS,
      }),
    );
  } finally {
    await server?.stop();
  }
}

main().catch((err) => {
  console.error(`[bench] failed: ${err instanceof Error ? err.message : String(err)}`);
  console.log(JSON.stringify({ bench: "pages", error: err instanceof Error ? err.message : String(err), pass: false }));
  process.exit(1);
});
