import { createServer } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { isPsaError, type PsaError } from "~/server/psa/errors";
import { autotaskRequestLog, moveAutotaskTenantZone, setAutotaskFaults } from "~/server/sandbox/autotask/admin";
import { type AutotaskSandboxHarness, countRequests, startAutotaskSandbox } from "~/server/sandbox/autotask/testing";

import { CONNECTION_MESSAGES } from "./test-connection";

/** Every error kind, retries, limits and zone re-discovery, over HTTP against the sandbox. */
let sb: AutotaskSandboxHarness;
const errors: PsaError[] = [];
const secrets: string[] = [];

beforeAll(async () => {
  sb = await startAutotaskSandbox();
});
afterAll(() => sb.close());

async function failure(p: Promise<unknown>): Promise<PsaError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isPsaError(err)) throw new Error(`expected a PsaError, got ${String(err)}`);
  errors.push(err);
  return err;
}

function tenant(opts: Parameters<AutotaskSandboxHarness["tenant"]>[0] = {}) {
  const t = sb.tenant(opts);
  secrets.push(t.credentials.secret);
  return t;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("testConnection says exactly what is wrong", () => {
  it("unknown user, rejected secret or integration code, no Companies access, no answer, wrong discovery URL", async () => {
    const t = tenant();
    const unknown = await failure(sb.connector(t, { credentials: { username: "nobody@example.com" } }).connector.testConnection());
    expect(unknown).toMatchObject({ kind: "auth", message: CONNECTION_MESSAGES.unknownUser });
    for (const credentials of [{ secret: "wrong-secret" }, { integrationCode: "WRONGCODE" }]) {
      const rejected = await failure(sb.connector(t, { credentials }).connector.testConnection());
      expect(rejected).toMatchObject({ kind: "auth", status: 401, message: CONNECTION_MESSAGES.rejected });
    }
    for (const user of ["restricted", "forbidden"] as const) {
      const denied = await failure(sb.connector(t, { user }).connector.testConnection());
      expect(denied).toMatchObject({ kind: "forbidden", message: CONNECTION_MESSAGES.noCompanies });
    }
    const port = await closedPort();
    const { connector: offline } = sb.connector(t, { maxRetries: 0 });
    Object.assign((offline as unknown as { client: { discoveryUrl: string } }).client, { discoveryUrl: `http://127.0.0.1:${port}/atservicesrest` });
    const noAnswer = await failure(offline.testConnection());
    expect(noAnswer.kind).toBe("unavailable");
    expect(noAnswer.message.startsWith(CONNECTION_MESSAGES.noAnswer)).toBe(true);
    const { connector: lost } = sb.connector(t);
    Object.assign((lost as unknown as { client: { discoveryUrl: string } }).client, { discoveryUrl: `${sb.url}/sandbox/autotask/nowhere` });
    expect(await failure(lost.testConnection())).toMatchObject({ kind: "not_found", message: expect.stringMatching(/zone-discovery URL/) });
  });
});

describe("error kinds on operations", () => {
  it("auth on a 401 and forbidden on a 403, without retries", async () => {
    const t = tenant();
    const bad = sb.connector(t, { credentials: { secret: "nope" } });
    expect(await failure(bad.connector.listQueues())).toMatchObject({ kind: "auth", status: 401 });
    expect(bad.requests.map((r) => r.status)).toEqual([200, 401]);
    const forbidden = sb.connector(t, { user: "forbidden" });
    expect(await failure(forbidden.connector.getCompany("1"))).toMatchObject({ kind: "forbidden", status: 403 });
  });

  it("throttled: waits the Retry-After the sandbox gave, then succeeds", async () => {
    const t = tenant();
    const { connector, requests } = sb.connector(t);
    await connector.listPriorities(); // zone + fields cached
    setAutotaskFaults(t.tenantId, { throttleRate: 1, retryAfterSeconds: 1 });
    setTimeout(() => setAutotaskFaults(t.tenantId, {}), 250);
    const started = Date.now();
    const ticket = await connector.getTicket("1");
    expect(ticket).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(requests.slice(-2).map((r) => r.status)).toEqual([429, 200]);
  });

  it("throttled: gives up after maxRetries, and never sleeps through a Retry-After longer than a minute", async () => {
    const t = tenant();
    const quick = sb.connector(t, { maxRetries: 2 });
    await quick.connector.getTicket("1");
    setAutotaskFaults(t.tenantId, { throttleRate: 1, retryAfterSeconds: 0 });
    expect(await failure(quick.connector.getTicket("1"))).toMatchObject({ kind: "throttled", status: 429 });
    expect(countRequests(quick.requests, "/Tickets/1")).toBe(1 + 3);
    setAutotaskFaults(t.tenantId, { throttleRate: 1, retryAfterSeconds: 120 });
    const before = quick.requests.length;
    expect(await failure(quick.connector.getTicket("1"))).toMatchObject({ kind: "throttled", retryAfterMs: 120_000 });
    expect(quick.requests.length - before).toBe(1);
  });

  it("unavailable: 500s without errors[] are retried, then reported; timeouts too", async () => {
    const t = tenant();
    const { connector, requests } = sb.connector(t, { maxRetries: 2 });
    await connector.getTicket("1");
    setAutotaskFaults(t.tenantId, { errorRate: 1 });
    expect(await failure(connector.getTicket("1"))).toMatchObject({ kind: "unavailable", status: 500 });
    expect(countRequests(requests, "/Tickets/1")).toBe(1 + 3);
    setAutotaskFaults(t.tenantId, { latencyMs: 600 });
    const slow = sb.connector(t, { maxRetries: 1, timeoutMs: 150 });
    const timedOut = await failure(slow.connector.listQueues());
    expect(timedOut).toMatchObject({ kind: "unavailable", message: expect.stringMatching(/did not answer zoneInformation within 0\.15 s/) });
    expect(slow.requests.map((r) => r.status)).toEqual(["timeout", "timeout"]);
  });

  it("stays under the hourly budget with a throttled error instead of calling", async () => {
    const t = tenant();
    const { connector, requests } = sb.connector(t, { hourlyBudget: 3 });
    await connector.listQueues(); // zone + fields
    await connector.getTicket("1");
    const err = await failure(connector.getTicket("2"));
    expect(err).toMatchObject({ kind: "throttled", status: undefined });
    expect(err.retryAfterMs).toBeGreaterThan(3_000_000);
    expect(requests).toHaveLength(3);
  });
});

describe("limits and zones", () => {
  it("keeps at most 3 requests in flight per endpoint; two connections over the cap are throttled and recover", async () => {
    const t = tenant();
    setAutotaskFaults(t.tenantId, { latencyMs: 60 });
    const one = sb.connector(t);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => one.connector.getTicket(String(i + 1))));
    expect(results.every((r) => r === null)).toBe(true);
    const log = autotaskRequestLog(t.tenantId, 1000);
    expect(log.peakConcurrency.tickets).toBe(3);
    expect(log.entries.filter((e) => e.status !== 200)).toEqual([]);

    const other = sb.connector(t); // another connection key: its own limiter, same Autotask user
    await other.connector.getTicket("1");
    const both = await Promise.all([...Array.from({ length: 4 }, () => one.connector.getTicket("1")), ...Array.from({ length: 4 }, () => other.connector.getTicket("1"))]);
    expect(both.every((r) => r === null)).toBe(true);
    const thread = autotaskRequestLog(t.tenantId, 1000).entries.filter((e) => e.status === 500);
    expect(thread.length).toBeGreaterThan(0); // the sandbox refused some with the thread threshold; the connector retried them
  });

  it("re-discovers the zone once after a 401 from a zone that worked, then retries", async () => {
    const t = tenant();
    const { connector, requests } = sb.connector(t);
    await connector.getTicket("1");
    moveAutotaskTenantZone(t.tenantId, 7);
    expect(await connector.getTicket("1")).toBeNull();
    expect(requests.map((r) => `${r.status} ${r.path.replace(/^.*\/sandbox\/autotask\//, "")}`)).toEqual([
      "200 atservicesrest/V1.0/zoneInformation",
      "200 atservicesrest/V1.0/Tickets/1",
      "401 atservicesrest/V1.0/Tickets/1",
      "200 atservicesrest/V1.0/zoneInformation",
      "200 webservices7/atservicesrest/V1.0/Tickets/1",
    ]);
    const rejected = sb.connector(t, { connectionKey: "shared-key", credentials: {} });
    await rejected.connector.getTicket("1");
    const wrong = sb.connector(t, { connectionKey: "shared-key", credentials: { secret: "changed" } });
    expect(await failure(wrong.connector.getTicket("1"))).toMatchObject({ kind: "auth" });
    expect(wrong.requests.map((r) => r.status)).toEqual([401, 200]); // one re-discovery, same zone: no retry
  });

  it("never puts a secret in an error or a request log entry", () => {
    expect(errors.length).toBeGreaterThan(10);
    for (const err of errors) {
      const text = [err.message, err.psaMessage, err.hint, err.operation, JSON.stringify(err), String(err.stack)].join(" ");
      for (const secret of [...secrets, "wrong-secret", "nope", "changed"]) expect(text).not.toContain(secret);
    }
  });
});
