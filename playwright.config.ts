import { defineConfig } from "@playwright/test";

import { E2E_BASE_URL, E2E_PORT, E2E_SANDBOX_ADMIN_TOKEN, e2eDatabaseUrl } from "./e2e/db-url";

/**
 * End-to-end tests: Debian's Chromium against a production build of the portal (`.next-e2e`,
 * built by `npm test` or `NEXT_DIST_DIR=.next-e2e npx next build`) on port 3300, backed by the
 * database psa_relay_e2e, which the web server command recreates and migrates first.
 * Each test creates its own partner (e2e/fixtures.ts), so tests run in parallel.
 */
const databaseUrl = e2eDatabaseUrl();
process.env.E2E_DATABASE_URL = databaseUrl;
// The test workers seed through the services (e2e/psa-setup.ts), which talk to the portal's
// sandboxes over http: they run in test mode like the portal under test.
process.env.PSA_RELAY_MODE = "test";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: "list",
  // Bounds, not waits: every step waits on the condition it needs and returns as soon as it holds.
  // They are wide so that a machine busy with other work (CI beside builds, 2 cores) only makes a
  // flow slower, never red; an idle machine runs each flow in seconds.
  timeout: 120_000,
  // A reused server is usually `next dev`, which compiles each page on its first visit.
  expect: { timeout: process.env.E2E_REUSE_SERVER === "1" ? 30_000 : 20_000 },
  forbidOnly: Boolean(process.env.CI),
  use: {
    baseURL: E2E_BASE_URL,
    browserName: "chromium",
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--headless"],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: {
    command: `npx tsx e2e/prepare-db.ts && npx next start -H 127.0.0.1 -p ${E2E_PORT}`,
    url: `${E2E_BASE_URL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: process.env.E2E_REUSE_SERVER === "1",
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NEXT_DIST_DIR: ".next-e2e",
      DATABASE_URL: databaseUrl,
      E2E_DATABASE_URL: databaseUrl,
      PSA_RELAY_MODE: "test",
      AUTH_SECRET: "e2e-only-secret-7c1f9a4e2b8d6035f1a9c7e3",
      APP_URL: E2E_BASE_URL,
      // The sandboxes' _admin endpoints need it (e2e/sandbox-tenants.ts sends it as a Bearer token).
      SANDBOX_ADMIN_TOKEN: E2E_SANDBOX_ADMIN_TOKEN,
    },
  },
});
