import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { clearAutotaskConnectionCache } from "~/server/psa/autotask";
import { getTenant } from "~/server/sandbox/autotask/state";
import { type AutotaskSandboxHarness, countRequests, startAutotaskSandbox } from "~/server/sandbox/autotask/testing";

/** AutotaskConnector ↔ Autotask sandbox over HTTP: reads, picklists, paging and batching. */
let sb: AutotaskSandboxHarness;
beforeAll(async () => {
  sb = await startAutotaskSandbox();
});
afterAll(() => sb.close());

describe("AutotaskConnector reads", () => {
  it("tests the connection: zone discovery, then authenticated calls; reports zone and database", async () => {
    const t = sb.tenant({ name: "Contoso MSP" });
    const { connector, requests } = sb.connector(t);
    const info = await connector.testConnection();
    expect(info).toEqual({
      provider: "autotask",
      name: "Contoso MSP",
      baseUrl: `${sb.url}/sandbox/autotask/atservicesrest/`,
      details: expect.objectContaining({ zoneName: "Sandbox Zone 1", zoneUrl: `${sb.url}/sandbox/autotask/atservicesrest/`, webUrl: `${sb.url}/sandbox`, ci: expect.stringMatching(/^\d+$/), requestsThisHour: expect.stringMatching(/ of 10000$/) }),
    });
    expect(requests.map((r) => `${r.method} ${r.path.replace(/^.*\/v1\.0\//i, "")}`)).toEqual([
      "GET zoneInformation",
      "GET Companies/entityInformation",
      "GET Companies/0",
      "GET ThresholdInformation",
    ]);
  });

  it("reads queues, statuses, priorities and issue types from the tenant's picklists, cached per connection", async () => {
    const t = sb.tenant({ variant: 3 });
    const connectionKey = `picklists-${t.tenantId}`;
    const { connector, requests } = sb.connector(t, { connectionKey });
    const tenant = getTenant(t.tenantId)!;
    const queues = await connector.listQueues();
    expect(queues.map((q) => q.name)).toContain("Backup Alerts");
    expect(queues.find((q) => q.name === "Old Escalations")!.isActive).toBe(false);
    expect(queues.map((q) => q.id)).toEqual(tenant.picklists.Tickets!.queueID!.map((p) => p.value));
    const statuses = await connector.listTicketStatuses();
    expect(statuses.filter((s) => s.isClosed).map((s) => s.name)).toEqual(["Complete"]);
    expect((await connector.listPriorities()).find((p) => p.isDefault)!.name).toBe("Medium");
    const issues = await connector.listIssueTypes();
    const backup = issues.find((i) => i.name === "Backup" && i.parentId === null)!;
    expect(issues.filter((i) => i.parentId === backup.id).map((i) => i.name)).toEqual(["Backup Failed", "Backup Warning", "Missed Backup", "Storage Quota"]);
    expect(countRequests(requests, "/Tickets/entityInformation/fields")).toBe(1);
    clearAutotaskConnectionCache(connectionKey);
    await connector.listQueues();
    expect(countRequests(requests, "/Tickets/entityInformation/fields")).toBe(2);
    expect(countRequests(requests, "/zoneInformation")).toBe(2);
  });

  it("lists only Customer companies, resolving the Customer type by label in each tenant", async () => {
    for (const variant of [0, 2]) {
      const t = sb.tenant({ variant, customerNames: ["Alpha Dental", "Beta Logistics", "Gamma Dental"] });
      const { connector } = sb.connector(t);
      const companies = await connector.listCompanies();
      expect(companies.map((c) => c.name)).toEqual(["Alpha Dental", "Beta Logistics", "Gamma Dental"]);
      expect(companies.every((c) => c.typeLabel === "Customer")).toBe(true);
      expect((await connector.searchCompanies({ search: "dental" })).map((c) => c.name)).toEqual(["Alpha Dental", "Gamma Dental"]);
      expect((await connector.searchCompanies({ search: "dental", limit: 1 })).map((c) => c.name)).toEqual(["Alpha Dental"]);
      const ids = companies.map((c) => c.id);
      expect((await connector.searchCompanies({ ids: [ids[2]!, "0"] })).map((c) => c.name)).toEqual(["Gamma Dental"]);
      expect(await connector.getCompany("0")).toMatchObject({ id: "0", typeLabel: "Partner" });
      expect(await connector.getCompany("987654")).toBeNull();
    }
  });

  it("pages to the end with exactly ceil(n/500) query requests", async () => {
    const t = sb.tenant({ customerNames: Array.from({ length: 1234 }, (_, i) => `Customer ${i + 1}`) });
    const { connector, requests } = sb.connector(t);
    const companies = await connector.listCompanies();
    expect(companies).toHaveLength(1234);
    expect(new Set(companies.map((c) => c.id)).size).toBe(1234);
    expect(countRequests(requests, "/Companies/query", "POST")).toBe(1);
    expect(countRequests(requests, "/Companies/query/next", "GET")).toBe(Math.ceil(1234 / 500) - 1);
  });

  it("lists contracts of companies and services of the catalogue", async () => {
    const t = sb.tenant({ customerNames: ["One", "Two", "Three", "Four"] });
    const { connector } = sb.connector(t);
    const companies = await connector.listCompanies();
    const contracts = await connector.listContracts(companies.slice(0, 4).map((c) => c.id));
    expect(contracts.filter((c) => c.kind === "recurring_service")).toHaveLength(4);
    const tm = contracts.find((c) => c.kind === "other")!;
    expect(tm).toMatchObject({ typeLabel: "Time and Materials", companyId: companies[3]!.id, status: "active" });
    const msa = contracts.find((c) => c.kind === "recurring_service")!;
    expect(msa).toMatchObject({ periodType: "monthly", startDate: expect.stringMatching(/^\d{4}-\d{2}-01$/) });
    expect(await connector.getContract(msa.id)).toEqual(msa);
    expect(await connector.getContract("1")).toBeNull();
    const services = await connector.listServices();
    expect(services.find((s) => s.name === "Cloud Backup - Server")).toMatchObject({ unitPrice: 45, periodType: "monthly", isActive: true });
    expect(services.find((s) => s.name === "Tape Rotation (retired)")!.isActive).toBe(false);
  });

  it("lists contract services with today's units, and units on another day", async () => {
    const t = sb.tenant({ customerNames: ["Units Co"] });
    const { connector } = sb.connector(t);
    const tenant = getTenant(t.tenantId)!;
    const contracts = await connector.listContracts((await connector.listCompanies()).map((c) => c.id));
    const list = await connector.listContractServices(contracts.map((c) => c.id));
    const today = new Date().toISOString().slice(0, 10);
    for (const cs of list) {
      const row = tenant.tables.ContractServiceUnits.rows.find((u) => u.contractServiceID === Number(cs.id) && String(u.startDate).slice(0, 10) <= today && String(u.endDate).slice(0, 10) >= today)!;
      expect(cs.quantity).toBe(row.units);
    }
    expect(list.length).toBeGreaterThan(0);
    const start = contracts.find((c) => c.kind === "recurring_service")!.startDate!;
    const dayBefore = new Date(Date.parse(start) - 86_400_000).toISOString().slice(0, 10);
    expect((await connector.listContractServices(contracts.map((c) => c.id), dayBefore)).every((cs) => cs.quantity === 0)).toBe(true);
    expect(await connector.listContractServices([])).toEqual([]);
  });

  it("batches long sparse id lists under the 500-condition limit and keeps one range query for dense ones", async () => {
    const t = sb.tenant({ customerNames: Array.from({ length: 1100 }, (_, i) => `Batch ${i}`) });
    const { connector, requests } = sb.connector(t);
    const all = await connector.listCompanies();
    const sparse = all.filter((_, i) => i % 2 === 0).map((c) => c.id); // 550 ids, dense enough for a range
    requests.length = 0;
    const contracts = await connector.listContracts(sparse);
    expect(new Set(contracts.map((c) => c.companyId))).toEqual(new Set(sparse));
    expect(countRequests(requests, "/Contracts/query", "POST")).toBe(1);
    const everyThird = all.filter((_, i) => i % 3 === 0).map((c) => c.id); // 367 ids: one `in` list
    requests.length = 0;
    const found = await connector.searchCompanies({ ids: [...everyThird, ...everyThird.map((id) => String(Number(id) + 5000))] });
    expect(found).toHaveLength(everyThird.length);
    expect(countRequests(requests, "/Companies/query", "POST")).toBe(2); // 734 sparse ids → 2 batches
  });
});
