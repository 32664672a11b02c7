import { randomUUID } from "node:crypto";

import postgres from "postgres";

import { type DbHandle, migrateDb, openDb } from "~/db";

/**
 * A fresh, migrated database for a test file.
 *
 * TEST_DB=postgres (default when DATABASE_URL is set): a new database `psa_relay_t_<random>` is
 * created on the server of DATABASE_URL and dropped afterwards, so test files run in parallel
 * without sharing rows. TEST_DB=pglite: an in-memory PGlite with the same migrations.
 */
export function testDbDriver(): "postgres" | "pglite" {
  const chosen = process.env.TEST_DB;
  if (chosen === "pglite" || chosen === "postgres") return chosen;
  return process.env.DATABASE_URL ? "postgres" : "pglite";
}

export function serverUrl(): string {
  return process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
}

export async function createTestDatabase(): Promise<DbHandle & { url: string | null }> {
  if (testDbDriver() === "pglite") {
    const handle = await openDb({ url: null, pgliteDir: "memory://" });
    await migrateDb(handle);
    return { ...handle, url: null };
  }
  const base = new URL(serverUrl());
  const name = `psa_relay_t_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString(), poolSize: 5 });
  await migrateDb(handle);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const dropper = postgres(base.toString(), { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}
