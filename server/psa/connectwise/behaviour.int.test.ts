import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listSandboxTickets } from "~/server/sandbox/connectwise/views";

import { connectorFor, newTenant, sandboxLog, setFaults, startSandbox } from "./test-support";

/** Paging, limits, re-discovery and resilience of the ConnectWise connector, against the sandbox. */
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

describe("ConnectWise connector behaviour", () => {
  it("pages to the end with the fewest requests (1000 per page) and keeps the conditions on every page", async () => {
    const { seeded, tenant } = newTenant({ customers: [], bulk: { companies: 2_500, additions: 2_001 } });
    const { connector, requests } = connectorFor(sandbox.url, seeded);
    const companies = await connector.listCompanies();
    expect(companies).toHaveLength(2_500);
    expect(new Set(companies.map((c) => c.id)).size).toBe(2_500);
    expect(requests.filter((r) => r.path === "/company/companies")).toHaveLength(3);
    const pages = sandboxLog(tenant).filter((l) => l.startsWith("GET ") && l.includes("/company/companies?"));
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      const q = new URL(page.slice(4), "http://x").searchParams;
      expect(q.get("conditions")).toBe("deletedFlag = false");
      expect(q.get("pageSize")).toBe("1000");
    }
    expect(pages.map((p) => new URL(p.slice(4), "http://x").searchParams.get("page"))).toEqual(["1", "2", "3"]);

    const lines = await connector.listContractServices([String(seeded.benchAgreementId)]);
    expect(lines).toHaveLength(2_001);
    expect(requests.filter((r) => r.path === `/finance/agreements/${seeded.benchAgreementId}/additions`)).toHaveLength(3);
  });

  it("keeps at most 3 requests in flight per endpoint", async () => {
    const { seeded, tenant } = newTenant();
    const { connector } = connectorFor(sandbox.url, seeded);
    await connector.listQueues();
    setFaults(tenant, { latencyMs: 60 });
    tenant.peakInFlight = 0;
    const started = Date.now();
    await Promise.all(Array.from({ length: 9 }, (_, i) => connector.getTicket(String(900_000 + i))));
    expect(tenant.peakInFlight).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 60 - 10);
    setFaults(tenant, {});
  });

  it("re-discovers the codebase once when a route that worked answers a 404 page, then retries", async () => {
    const { seeded, tenant } = newTenant();
    const { connector, requests } = connectorFor(sandbox.url, seeded);
    await connector.listQueues();
    // ConnectWise's own "no such record" 404 does not trigger a re-discovery.
    expect(await connector.getTicket("123456789")).toBeNull();
    expect(requests.filter((r) => r.path.startsWith("/login/companyinfo"))).toHaveLength(1);

    tenant.codebase = "v2025_1/";
    const priorities = await connector.listPriorities();
    expect(priorities.length).toBe(5);
    expect(requests.slice(-3).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /service/priorities 404",
      `GET /login/companyinfo/${seeded.companyId} 200`,
      "GET /service/priorities 200",
    ]);
    expect(sandboxLog(tenant).at(-1)).toContain("/v2025_1/apis/3.0/service/priorities");
  });

  it("completes correctly while a fraction of requests fail (429s, 500s, fail-after-commit)", async () => {
    const { seeded, tenant } = newTenant({ customers: ["Harbor Dental Group", "Bluebird Logistics"] });
    const { connector, requests } = connectorFor(sandbox.url, seeded, { maxRetries: 12, backoffBaseMs: 2 });
    const companies = await connector.listCompanies();
    const board = (await connector.listQueues()).find((b) => b.name === "Help Desk")!;
    const status = (await connector.listTicketStatuses(board.id))[0]!;
    const priority = (await connector.listPriorities())[2]!;
    setFaults(tenant, { throttleRate: 0.15, retryAfterSeconds: 0, errorRate: 0.2, failAfterCommitRate: 0.3 });

    const contracts = await connector.listContracts(companies.map((c) => c.id));
    const lines = await connector.listContractServices(contracts.map((c) => c.id));
    const refs = Array.from({ length: 6 }, (_, i) => `faulty-${i}`);
    const created = [];
    for (const ref of refs) {
      const ticket = await connector.createTicket({ companyId: companies[1]!.id, title: `Alert ${ref}`, description: "d", queueId: board.id, statusId: status.id, priorityId: priority.id, externalRef: ref });
      await connector.addTicketNote(ticket.id, { text: `note for ${ref}` });
      created.push(ticket);
    }
    const line = lines[0]!;
    await connector.applyQuantityChange({ contractId: line.contractId, serviceId: line.serviceId, contractServiceId: line.id, currentQuantity: line.quantity, newQuantity: 777, effectiveDate: "2026-01-01" });
    setFaults(tenant, {});

    expect(requests.some((r) => r.status === 429)).toBe(true);
    expect(requests.some((r) => r.status === 500)).toBe(true);
    const inSandbox = listSandboxTickets(seeded.companyId).filter((t) => t.externalXRef?.startsWith("faulty-"));
    // Exactly one ticket per reference, each with exactly one note of ours besides the description.
    expect(inSandbox.map((t) => t.externalXRef).sort()).toEqual(refs);
    for (const t of inSandbox) expect(t.notes.filter((n) => n.text.startsWith("note for")).length).toBe(1);
    expect(created.map((t) => t.externalRef)).toEqual(refs);
    expect((await connector.listContractServices([line.contractId])).find((l) => l.id === line.id)?.quantity).toBe(777);
  });

  it("fail after commit on createTicket (500 or timeout): the created ticket is found by its external reference, not duplicated", async () => {
    const { seeded, tenant } = newTenant({ customers: ["Harbor Dental Group"] });
    const { connector, requests } = connectorFor(sandbox.url, seeded, { timeoutMs: 400, maxRetries: 2 });
    const company = (await connector.searchCompanies({ search: "Harbor" }))[0]!;
    const board = (await connector.listQueues())[0]!;
    const status = (await connector.listTicketStatuses(board.id))[0]!;
    const priority = (await connector.listPriorities())[0]!;
    const input = { companyId: company.id, title: "Backup failed", description: "d", queueId: board.id, statusId: status.id, priorityId: priority.id };

    setFaults(tenant, { failAfterCommitRate: 1, failAfterCommitMode: "500" });
    const first = await connector.createTicket({ ...input, externalRef: "commit-500" });
    expect(requests.filter((r) => r.method === "POST").map((r) => r.status)).toEqual([500]);
    expect(await connector.findTicketByExternalRef("commit-500")).toMatchObject({ id: first.id });

    setFaults(tenant, { failAfterCommitRate: 1, failAfterCommitMode: "timeout", hangMs: 1500 });
    const second = await connector.createTicket({ ...input, externalRef: "commit-timeout" });
    expect(requests.filter((r) => r.method === "POST").map((r) => r.status)).toEqual([500, "timeout"]);
    setFaults(tenant, {});
    expect(await connector.findTicketByExternalRef("commit-timeout")).toMatchObject({ id: second.id });
    const refs = listSandboxTickets(seeded.companyId).map((t) => t.externalXRef);
    expect(refs.filter((r) => r === "commit-500")).toHaveLength(1);
    expect(refs.filter((r) => r === "commit-timeout")).toHaveLength(1);
  });
});
