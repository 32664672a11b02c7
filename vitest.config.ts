import path from "node:path";

import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(import.meta.dirname) };
const exclude = ["node_modules/**", ".next/**", ".data/**", "e2e/**"];
/** The sandboxes' _admin endpoints need a token (server/sandbox/common/admin-access.ts); tests read it from the env. */
const INT_SANDBOX_ADMIN_TOKEN = "int-tests-only-sandbox-admin-token";

/**
 * unit: `*.test.ts`, nothing external.
 * int-pg / int-pglite: `*.int.test.ts` against a fresh real PostgreSQL database per file
 * (DATABASE_URL's server) and against embedded PGlite — the same tests on both drivers.
 * Their time limits are bounds for a busy 2-core machine (CI beside a build), not expectations:
 * an idle machine runs each test in well under a second or two.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["**/*.test.ts"], exclude: [...exclude, "**/*.int.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "int-pg",
          include: ["**/*.int.test.ts"],
          exclude,
          environment: "node",
          env: { TEST_DB: "postgres", PSA_RELAY_MODE: "test", SANDBOX_ADMIN_TOKEN: INT_SANDBOX_ADMIN_TOKEN },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "int-pglite",
          include: ["**/*.int.test.ts"],
          exclude,
          environment: "node",
          env: { TEST_DB: "pglite", PSA_RELAY_MODE: "test", SANDBOX_ADMIN_TOKEN: INT_SANDBOX_ADMIN_TOKEN },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
