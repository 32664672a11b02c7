/**
 * Applies the committed drizzle-kit migrations to DATABASE_URL, or to the embedded PGlite
 * database under .data/ when DATABASE_URL is not set.
 */
import { migrateDb, openDb } from "~/db";

const handle = await openDb();
try {
  await migrateDb(handle);
  console.log(`[db] migrations applied (${handle.driver})`);
} finally {
  await handle.close();
}
