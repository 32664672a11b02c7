import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { hasSandboxAdminToken, sandboxAdminToken } from "./admin-access";

const before = process.env.SANDBOX_ADMIN_TOKEN;
afterEach(() => {
  if (before === undefined) delete process.env.SANDBOX_ADMIN_TOKEN;
  else process.env.SANDBOX_ADMIN_TOKEN = before;
});

const withBearer = (value: string | null) => new Request("http://x/sandbox/autotask/_admin/tenants", { headers: value === null ? {} : { authorization: value } });

describe("sandbox admin token", () => {
  it("is created once in the data folder (owner-only), random, and kept", () => {
    delete process.env.SANDBOX_ADMIN_TOKEN;
    const dir = mkdtempSync(path.join(tmpdir(), "psa-relay-token-"));
    const first = sandboxAdminToken(dir);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sandboxAdminToken(dir)).toBe(first);
    expect(readFileSync(path.join(dir, "sandbox-admin-token"), "utf8")).toBe(first);
    expect(statSync(path.join(dir, "sandbox-admin-token")).mode & 0o077).toBe(0);
    expect(sandboxAdminToken(mkdtempSync(path.join(tmpdir(), "psa-relay-token-")))).not.toBe(first);
  });

  it("SANDBOX_ADMIN_TOKEN, when set, is the token; a request must send exactly it as a Bearer token", () => {
    process.env.SANDBOX_ADMIN_TOKEN = "token-for-this-test-0123456789";
    expect(sandboxAdminToken("/nonexistent")).toBe("token-for-this-test-0123456789");
    expect(hasSandboxAdminToken(withBearer("Bearer token-for-this-test-0123456789"))).toBe(true);
    expect(hasSandboxAdminToken(withBearer("bearer token-for-this-test-0123456789"))).toBe(true);
    expect(hasSandboxAdminToken(withBearer("Bearer token-for-this-test-012345678"))).toBe(false);
    expect(hasSandboxAdminToken(withBearer("Bearer token-for-this-test-01234567890"))).toBe(false);
    expect(hasSandboxAdminToken(withBearer("Basic token-for-this-test-0123456789"))).toBe(false);
    expect(hasSandboxAdminToken(withBearer(null))).toBe(false);
  });
});
