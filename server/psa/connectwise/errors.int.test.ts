import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PsaError } from "../errors";
import { connectorFor, newTenant, setFaults, startSandbox } from "./test-support";

/** Every PsaError kind, produced by the real connector against the sandbox over HTTP. */
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

async function failure(p: Promise<unknown>): Promise<PsaError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PsaError) return err;
    throw err;
  }
  throw new Error("expected a PsaError");
}

describe("ConnectWise connector errors", () => {
  it("unknown company id → auth, with the precise sentence, after only the companyinfo call", async () => {
    const { seeded } = newTenant();
    const { connector, requests } = connectorFor(sandbox.url, seeded, { credentials: { companyId: "nosuchcompany" } });
    const err = await failure(connector.testConnection());
    expect(err).toMatchObject({ kind: "auth", message: "The company id was not found on this site: check the company id" });
    expect(requests.map((r) => r.path)).toEqual(["/login/companyinfo/nosuchcompany"]);
  });

  it("wrong keys → auth 401; secrets never appear in errors or request logs", async () => {
    const { seeded } = newTenant();
    const badSecret = "WrongPrivateKey-9f8e7d";
    const { connector, requests, credentials } = connectorFor(sandbox.url, seeded, { credentials: { privateKey: badSecret } });
    const err = await failure(connector.testConnection());
    expect(err).toMatchObject({ kind: "auth", status: 401, message: "The API keys were rejected: check the public and private key" });
    const basic = Buffer.from(`${credentials.companyId}+${credentials.publicKey}:${badSecret}`).toString("base64");
    const everything = JSON.stringify({ err, message: err.message, psa: err.psaMessage, hint: err.hint, cause: String(err.cause), requests });
    expect(everything).not.toContain(badSecret);
    expect(everything).not.toContain(basic);
    expect(everything).not.toContain(seeded.privateKey);
  });

  it("a client id ConnectWise does not accept → auth naming the client id", async () => {
    const { seeded } = newTenant();
    const { connector } = connectorFor(sandbox.url, seeded, { credentials: { clientId: "not-a-guid" } });
    expect(await failure(connector.listQueues())).toMatchObject({ kind: "auth", message: "The client id was rejected: check the client id" });
  });

  it("an API member without access to Companies → forbidden naming Companies", async () => {
    const { seeded } = newTenant();
    const { connector } = connectorFor(sandbox.url, seeded, { credentials: { publicKey: seeded.restricted.publicKey, privateKey: seeded.restricted.privateKey } });
    const err = await failure(connector.testConnection());
    expect(err).toMatchObject({ kind: "forbidden", status: 403, message: "This API member has no access to Companies (check its security role)" });
    expect(err.retryable).toBe(false);
  });

  it("a site that does not answer → unavailable; a site that is not ConnectWise → check the site URL", async () => {
    const { seeded } = newTenant();
    const down = connectorFor(sandbox.url, seeded, { credentials: { siteUrl: "http://127.0.0.1:9" }, maxRetries: 0 }).connector;
    expect(await failure(down.testConnection())).toMatchObject({ kind: "unavailable", message: "The site did not answer: check the site URL" });
    const elsewhere = connectorFor(sandbox.url, seeded, { credentials: { siteUrl: `${sandbox.url}/somewhere-else` } }).connector;
    expect((await failure(elsewhere.testConnection())).message).toMatch(/check the site URL/);
  });

  it("a missing record → not_found (and getX → null)", async () => {
    const { seeded } = newTenant();
    const { connector } = connectorFor(sandbox.url, seeded);
    expect(await failure(connector.updateTicket("77777777", { title: "x" }))).toMatchObject({ kind: "not_found", status: 404 });
    expect(await connector.getTicket("77777777")).toBeNull();
  });

  it("business-rule 400s → invalid with ConnectWise's own message, never retried", async () => {
    const { seeded } = newTenant({ customers: ["Harbor Dental Group"] });
    const { connector, requests } = connectorFor(sandbox.url, seeded);
    const company = (await connector.searchCompanies({ search: "Harbor" }))[0]!;
    const boards = await connector.listQueues();
    const alerts = boards.find((b) => b.name === "Alerts")!;
    const helpDesk = boards.find((b) => b.name === "Help Desk")!;
    const wrongBoardStatus = (await connector.listTicketStatuses(helpDesk.id))[1]!;
    const priority = (await connector.listPriorities())[0]!;
    const posts = () => requests.filter((r) => r.method === "POST").length;
    const err = await failure(
      connector.createTicket({ companyId: company.id, title: "t", description: "d", queueId: alerts.id, statusId: wrongBoardStatus.id, priorityId: priority.id, externalRef: "e-1" }),
    );
    expect(err).toMatchObject({ kind: "invalid", status: 400 });
    expect(err.psaMessage).toContain("The status is not valid for the board 'Alerts'.");
    expect(posts()).toBe(1);

    const cancelled = (await connector.listContracts([company.id])).find((c) => c.status === "cancelled")!;
    const product = (await connector.listServices())[0]!;
    const add = await failure(connector.applyQuantityChange({ contractId: cancelled.id, serviceId: product.id, currentQuantity: 0, newQuantity: 5, effectiveDate: "2026-01-01" }));
    expect(add).toMatchObject({ kind: "invalid", status: 400 });
    expect(add.psaMessage).toContain("cancelled agreement");
    expect(posts()).toBe(2);
  });

  it("429 → throttled; the connector waits Retry-After before retrying, and gives up as throttled", async () => {
    const { seeded, tenant } = newTenant();
    setFaults(tenant, { throttleRate: 1, retryAfterSeconds: 1 });
    const healed = connectorFor(sandbox.url, seeded, {
      maxRetries: 2,
      onRequest: (e) => {
        if (e.status === 429) setFaults(tenant, {});
      },
    });
    const started = Date.now();
    const boards = await healed.connector.listQueues();
    expect(boards.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(healed.requests.filter((r) => r.path === "/service/boards").map((r) => r.status)).toEqual([429, 200]);

    setFaults(tenant, { throttleRate: 1, retryAfterSeconds: 0 });
    const stuck = connectorFor(sandbox.url, seeded, { maxRetries: 2 });
    const err = await failure(stuck.connector.listPriorities());
    expect(err).toMatchObject({ kind: "throttled", status: 429, retryAfterMs: 0 });
    expect(stuck.requests.filter((r) => r.path === "/service/priorities")).toHaveLength(3);
  });

  it("500s → unavailable after the retries; a timeout → unavailable", async () => {
    const { seeded, tenant } = newTenant();
    setFaults(tenant, { errorRate: 1 });
    const { connector, requests } = connectorFor(sandbox.url, seeded, { maxRetries: 2 });
    expect(await failure(connector.listPriorities())).toMatchObject({ kind: "unavailable", status: 500 });
    expect(requests.filter((r) => r.path === "/service/priorities").map((r) => r.status)).toEqual([500, 500, 500]);

    setFaults(tenant, { latencyMs: 1500 });
    const slow = connectorFor(sandbox.url, seeded, { maxRetries: 0, timeoutMs: 300 });
    expect(await failure(slow.connector.listPriorities())).toMatchObject({ kind: "unavailable" });
    expect(slow.requests.at(-1)).toMatchObject({ path: "/service/priorities", status: "timeout" });
    setFaults(tenant, {});
  });

  it("stays under the hourly budget: the limiter refuses with throttled before the PSA is asked", async () => {
    const { seeded } = newTenant();
    const { connector, requests } = connectorFor(sandbox.url, seeded, { hourlyBudget: 2 });
    await connector.listQueues();
    await connector.listPriorities();
    const err = await failure(connector.listConfigurationItemTypes());
    expect(err.kind).toBe("throttled");
    expect(err.retryAfterMs).toBeGreaterThan(60_000);
    expect(requests.map((r) => r.path)).not.toContain("/company/configurations/types");
  });
});
