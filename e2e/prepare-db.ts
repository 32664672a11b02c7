/**
 * Runs before the e2e portal starts (Playwright's webServer command; Playwright starts the web
 * server before globalSetup, so the database cannot be prepared there): drops and recreates the
 * e2e database and applies the migrations. Also checks that the e2e build exists.
 */
import { existsSync } from "node:fs";
import path from "node:path";

import postgres from "postgres";

import { migrateDb, openDb } from "~/db";

import { e2eDatabaseUrl } from "./db-url";

const distDir = process.env.NEXT_DIST_DIR ?? ".next-e2e";
if (!existsSync(path.join(process.cwd(), distDir, "BUILD_ID"))) {
  console.error(`[e2e] no production build in ${distDir}. Build it first: NEXT_DIST_DIR=${distDir} npx next build`);
  process.exit(1);
}

const target = new URL(e2eDatabaseUrl());
const name = decodeURIComponent(target.pathname.slice(1));
// Never drop anything but an e2e database (the `test` database and the other suites' stay).
if (!/^psa_relay_e2e\w*$/.test(name)) {
  console.error(`[e2e] refusing to recreate database "${name}": e2e database names start with psa_relay_e2e`);
  process.exit(1);
}
const maintenance = new URL(target);
maintenance.pathname = "/postgres";
const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} });
try {
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
} finally {
  await admin.end();
}
const handle = await openDb({ url: e2eDatabaseUrl(), poolSize: 1 });
try {
  await migrateDb(handle);
} finally {
  await handle.close();
}
console.log(`[e2e] database ${name} recreated and migrated`);
