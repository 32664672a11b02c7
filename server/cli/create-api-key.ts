/**
 * `npm run api-key:create -- --partner <slug> --name <name>`: creates an ingest API key for a
 * partner and prints it once (only its hash is stored). Uses DATABASE_URL, or the embedded
 * PGlite database under .data/ when it is not set.
 */
import { parseArgs } from "node:util";

import { migrateDb, openDb } from "~/db";
import { findPartnerBySlug } from "~/db/queries/api-keys";
import { createApiKey } from "~/server/services/api-keys/service";

const usage = "Usage: npm run api-key:create -- --partner <partner slug> --name <key name>";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let values: { partner?: string; name?: string };
try {
  ({ values } = parseArgs({ options: { partner: { type: "string" }, name: { type: "string" } }, strict: true }));
} catch (err) {
  fail(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
}
if (!values.partner) fail(`Missing --partner.\n${usage}`);
if (!values.name?.trim()) fail(`Missing --name.\n${usage}`);

const handle = await openDb();
try {
  // The embedded database is migrated on open everywhere else too; a server is migrated by db:migrate.
  if (handle.driver === "pglite") await migrateDb(handle);
  const partner = await findPartnerBySlug(handle.db, values.partner);
  if (!partner) fail(`No partner with the slug "${values.partner}". Check the slug (partners.slug) and try again.`);
  const key = await createApiKey(handle.db, { partnerId: partner.id, name: values.name, createdByUserId: null });
  console.log(`Created API key "${key.name}" (${key.prefix}…) for ${partner.name}.`);
  console.log("Copy it now; it is not shown again:");
  console.log(key.key);
} finally {
  await handle.close();
}
