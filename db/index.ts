import { mkdirSync } from "node:fs";
import path from "node:path";

import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";

import * as schema from "./schema";

/**
 * The one place that picks the database driver.
 *
 * - DATABASE_URL set: a real PostgreSQL through postgres.js.
 * - otherwise: an embedded PostgreSQL (PGlite) stored under .data/pglite (or PGLITE_DIR;
 *   "memory://" keeps it in memory), with the same schema and migrations.
 *
 * Both drivers give a drizzle PgDatabase, so queries, services and tests are written once.
 */
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or an open transaction. */
export type DbOrTx = Db | Tx;

export type DbHandle = {
  db: Db;
  driver: "postgres" | "pglite";
  close: () => Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export function defaultPgliteDir(): string {
  return process.env.PGLITE_DIR ?? path.join(process.cwd(), ".data", "pglite");
}

export async function openDb(opts: { url?: string | null; pgliteDir?: string; poolSize?: number } = {}): Promise<DbHandle> {
  const url = opts.url === undefined ? process.env.DATABASE_URL : opts.url;
  if (url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(url, {
      max: opts.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
      onnotice: () => {},
      // Tenancy tests and the ingest API rely on timestamps with time zone everywhere.
      connection: { TimeZone: "UTC" },
    });
    const db = drizzle(client, { schema }) as unknown as Db;
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const dir = opts.pgliteDir ?? defaultPgliteDir();
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = await PGlite.create(dir);
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, driver: "pglite", close: () => client.close() };
}

export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.driver === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

// The app's handle lives on globalThis so that every module instance (route handlers, server
// components, instrumentation) shares one pool — and, with PGlite, one embedded database.
const globalForDb = globalThis as unknown as { __psaRelayDb?: Promise<DbHandle> };

/**
 * The app's database, opened on first use. With PGlite the migrations are applied on open, so a
 * bare checkout works; with a server the migrations are applied by `npm run db:migrate` (the demo
 * and test commands run it).
 */
export function getDbHandle(): Promise<DbHandle> {
  globalForDb.__psaRelayDb ??= (async () => {
    const handle = await openDb();
    if (handle.driver === "pglite" || process.env.MIGRATE_ON_START === "1") await migrateDb(handle);
    return handle;
  })().catch((err) => {
    globalForDb.__psaRelayDb = undefined;
    throw err;
  });
  return globalForDb.__psaRelayDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** For tests and scripts that open their own handle and want the app code to use it. */
export function setDbHandle(handle: DbHandle | undefined): void {
  globalForDb.__psaRelayDb = handle ? Promise.resolve(handle) : undefined;
}

export { schema };
