/**
 * `npm run demo`: seeds the demo partners (PGlite under .data/pglite, or DATABASE_URL when set),
 * starts the portal from a production build (`next build` into .next-demo, made once and reused
 * while the code is unchanged, then `next start`), prints who can sign in, writes .data/demo.json
 * (and the sandbox admin token for scripts) and keeps the fleet simulator sending events through
 * the real ingest API. Ctrl-C stops everything.
 *
 *   npm run demo -- --no-simulator     (or DEMO_SIMULATOR=off)   no live events
 *   npm run demo -- --dev              (or DEMO_NEXT=dev)        `next dev` instead (hot reload; each page compiles on first visit)
 *   PORT=4000 npm run demo                                         another port
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

import { defaultPgliteDir, migrateDb, openDb } from "~/db";
import { demoAccounts, ensureDemoApiKey, seedDemo } from "~/db/seed/demo";
import { connectDemoPartners, demoCredentials, demoPsaConnections } from "~/db/seed/demo-psa";
import { createConnector } from "~/server/psa/factory";
import { sandboxAdminToken } from "~/server/sandbox/common/admin-access";
import { type DemoFile, printBanner, readDemoFile, writeDemoFile } from "~/server/demo/demo-file";
import { startFleetSimulator } from "~/server/demo/fleet-simulator";
import type { SimAccount } from "~/server/demo/event-generator";
import { type DemoTicketingResult, describeDemoTicketing } from "~/server/services/demo/configure-ticketing";

import { DEMO_DIST_DIR, ensureDemoBuild, nextBin } from "./demo-build";

process.env.PSA_RELAY_MODE = "demo";
const port = Number(process.env.PORT ?? 3000);
const url = `http://localhost:${port}`;
const simulatorOn = !process.argv.includes("--no-simulator") && process.env.DEMO_SIMULATOR !== "off";
const devServer = process.argv.includes("--dev") || process.env.DEMO_NEXT === "dev";
const nextEnv = (): NodeJS.ProcessEnv => ({ ...process.env, PSA_RELAY_MODE: "demo", APP_URL: process.env.APP_URL ?? url });

async function prepareDatabase() {
  const handle = await openDb();
  try {
    await migrateDb(handle);
    const started = Date.now();
    const seeded = await seedDemo(handle.db);
    const fresh = seeded.filter((p) => p.seeded).map((p) => p.name);
    console.log(
      fresh.length
        ? `[demo] seeded ${fresh.join(" and ")} on ${handle.driver} in ${((Date.now() - started) / 1000).toFixed(1)} s`
        : `[demo] demo data already present (${handle.driver}); keeping it`,
    );
    const previous = readDemoFile();
    const partners = [];
    for (const p of seeded) {
      const known = p.apiKey ?? previous?.partners.find((x) => x.slug === p.slug)?.apiKey;
      partners.push({ ...p, apiKey: await ensureDemoApiKey(handle.db, p.id, known) });
    }
    await connectDemoPartners(handle.db, partners, url);
    const accounts = await demoAccounts(
      handle.db,
      partners.map((p) => p.id),
    );
    return { partners, accounts, driver: handle.driver };
  } finally {
    // PGlite is single-process: release it before the portal opens it.
    await handle.close();
  }
}

/**
 * `next start` on the demo build, or `next dev` with --dev. A production build answers each page in
 * a fraction of what `next dev` needs to compile it on first visit and to render it afterwards.
 */
function startNext(): ChildProcess {
  const args = devServer ? ["dev", "-p", String(port)] : ["start", "-p", String(port)];
  return spawn(process.execPath, [nextBin(), ...args], {
    stdio: "inherit",
    env: devServer ? nextEnv() : { ...nextEnv(), NEXT_DIST_DIR: DEMO_DIST_DIR, NODE_ENV: "production" },
    // Own process group: Ctrl-C reaches this process, which then stops Next and its workers.
    detached: true,
  });
}

async function waitForHealth(child: ChildProcess, timeoutMs = 300_000): Promise<{ db: string; jobs: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next ${devServer ? "dev" : "start"} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(60_000) });
      if (res.ok) return (await res.json()) as { db: string; jobs: string };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`The portal did not answer ${url}/api/health within ${timeoutMs / 1000} s`);
}

/** Ticket settings, customer map and rule for the demo partners, configured inside the portal (where the sandboxes live). */
async function configureTicketing(): Promise<void> {
  try {
    const res = await fetch(`${url}/api/demo/setup`, {
      method: "POST",
      headers: { authorization: `Bearer ${sandboxAdminToken()}` },
      signal: AbortSignal.timeout(300_000),
    });
    if (!res.ok) throw new Error(`POST /api/demo/setup answered ${res.status}`);
    const { results } = (await res.json()) as { results: DemoTicketingResult[] };
    for (const r of results) console.log(`[demo] ${r.partnerName}: ${describeDemoTicketing(r)}`);
    console.log("[demo] billing: Northwind (Autotask) writes changes under 20% and holds larger ones for approval; Contoso (ConnectWise) always approves. Press \"Sync all now\" on the Billing page, then see the Sandbox page.");
  } catch (err) {
    console.error(`[demo] ticketing setup failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

let child: ChildProcess | undefined;

function shortPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : dir;
}

function killNext(signal: NodeJS.Signals) {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
}

async function main() {
  // Created before the portal starts, so both processes read the same .data/sandbox-admin-token.
  sandboxAdminToken();
  const prepared = await prepareDatabase();
  if (!devServer) {
    const build = await ensureDemoBuild({ env: nextEnv(), log: (line) => console.log(line) });
    if (build === "reused") console.log(`[demo] reusing the build in ${DEMO_DIST_DIR} (the code is unchanged)`);
  }
  const next = startNext();
  child = next;
  let simulator: { stop: () => Promise<void> } | undefined;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\n[demo] stopping…");
    await simulator?.stop();
    if (next.exitCode === null) {
      const exited = new Promise((r) => next.once("exit", r));
      killNext("SIGTERM");
      const killTimer = setTimeout(() => killNext("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killTimer);
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  next.on("exit", (code) => {
    if (!stopping) {
      console.error(`[demo] next ${devServer ? "dev" : "start"} exited (${code ?? "signal"})`);
      void stop(code || 1);
    }
  });

  const health = await waitForHealth(next);
  // The partners' PSA connections point at the sandboxes on this portal: check each one answers.
  const psa = await Promise.all(
    demoPsaConnections(url).map(async (conn) => {
      try {
        const account = await createConnector(demoCredentials(conn), { connectionKey: `demo-check-${conn.partnerSlug}`, maxRetries: 2, timeoutMs: 120_000 }).testConnection();
        return { ...conn, status: `connected to ${account.name}` };
      } catch (err) {
        return { ...conn, status: `not answering: ${err instanceof Error ? err.message : String(err)}` };
      }
    }),
  );
  await configureTicketing();
  const file: DemoFile = {
    url,
    db: prepared.driver === "pglite" ? { driver: "pglite", pgliteDir: shortPath(defaultPgliteDir()) } : { driver: "postgres" },
    jobs: health.jobs,
    partners: prepared.partners.map((p) => ({ name: p.name, slug: p.slug, users: p.users.map(({ email, password, role }) => ({ email, password, role })), apiKey: p.apiKey })),
    psa,
    simulator: { enabled: simulatorOn },
    sandboxAdminToken: sandboxAdminToken(),
  };
  writeDemoFile(file);
  printBanner(file);

  if (simulatorOn) {
    simulator = startFleetSimulator({
      baseUrl: url,
      partners: prepared.partners.map((p) => ({
        slug: p.slug,
        apiKey: p.apiKey,
        accounts: prepared.accounts.filter((a) => a.partnerId === p.id) satisfies SimAccount[],
      })),
    });
  }
}

main().catch((err: unknown) => {
  console.error(`[demo] ${err instanceof Error ? err.message : String(err)}`);
  killNext("SIGTERM");
  process.exit(1);
});
