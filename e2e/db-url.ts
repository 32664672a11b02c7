/**
 * The e2e database: `psa_relay_e2e` on the server of DATABASE_URL (default 127.0.0.1:5432).
 * The portal under test and the fixtures (which create each test's partner directly) share it.
 */
export const E2E_DATABASE = "psa_relay_e2e";

export function serverUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
  url.pathname = `/${database}`;
  return url.toString();
}

export function e2eDatabaseUrl(): string {
  return process.env.E2E_DATABASE_URL ?? serverUrl(E2E_DATABASE);
}

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3300);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

/** The sandbox admin token of the portal under test (SANDBOX_ADMIN_TOKEN overrides it, e.g. for a reused server). */
export const E2E_SANDBOX_ADMIN_TOKEN = process.env.SANDBOX_ADMIN_TOKEN ?? "e2e-only-sandbox-admin-token-4b9e2c71d0a3";
