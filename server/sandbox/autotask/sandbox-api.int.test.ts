import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { setAutotaskFaults } from "./admin";
import { type AutotaskSandboxHarness, startAutotaskSandbox } from "./testing";

/** Part D checklist items 1–3, 5, 6 over real HTTP (no connector involved). */
let sb: AutotaskSandboxHarness;
beforeAll(async () => {
  sb = await startAutotaskSandbox();
});
afterAll(() => sb.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; json: Json; headers: Headers }> {
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : {}, headers: res.headers };
}

describe("zone discovery and authentication", () => {
  it("answers zoneInformation without auth with the sandbox's own zone URL, and 500 + errors for an unknown user", async () => {
    const t = sb.tenant();
    const ok = await call("GET", `${sb.url}/sandbox/autotask/ATServicesRest/V1.0/zoneInformation?user=${encodeURIComponent(t.credentials.username.toUpperCase())}`, {});
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ url: `${sb.url}/sandbox/autotask/atservicesrest/`, zoneName: expect.any(String), ci: expect.any(Number) });
    const unknown = await call("GET", `${sb.api}/zoneInformation?user=nobody@example.com`, {});
    expect(unknown.status).toBe(500);
    expect(unknown.json.errors).toEqual([expect.stringMatching(/could not be determined/)]);
  });

  it("answers 401 for missing or wrong headers, on any path casing", async () => {
    const t = sb.tenant();
    const good = sb.headers(t);
    expect((await call("GET", `${sb.url}/sandbox/autotask/atservicesrest/v1.0/Companies/0`, good)).status).toBe(200);
    expect((await call("GET", `${sb.url}/sandbox/autotask/ATSERVICESREST/V1.0/companies/0`, good)).status).toBe(200);
    for (const headers of [{}, { ...good, Secret: "wrong" }, { ...good, ApiIntegrationCode: "WRONG" }, { ...good, UserName: "nobody@example.com" }]) {
      const res = await call("GET", `${sb.api}/Companies/0`, headers);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ Message: "Authorization has been denied for this request." });
    }
    expect((await call("GET", `${sb.api}/NoSuchEntity/query?search={}`, good)).status).toBe(404);
  });
});

describe("queries", () => {
  it("pages POST queries by MaxRecords with absolute nextPageUrls to the end, GET and POST alike", async () => {
    const t = sb.tenant({ customerNames: Array.from({ length: 23 }, (_, i) => `Customer ${i}`) });
    const h = sb.headers(t);
    const seen: number[] = [];
    let page = await call("POST", `${sb.api}/Companies/query`, h, { MaxRecords: 10, filter: [{ op: "exist", field: "id" }] });
    expect(page.json.pageDetails).toMatchObject({ count: 10, requestCount: 10, prevPageUrl: null });
    let pages = 1;
    for (;;) {
      seen.push(...page.json.items.map((c: Json) => c.id));
      const next = page.json.pageDetails.nextPageUrl;
      if (!next) break;
      expect(next).toMatch(new RegExp(`^${sb.url}/sandbox/autotask/atservicesrest/V1.0/Companies/query/next\\?paging=`));
      page = await call(pages % 2 ? "GET" : "POST", next, h);
      expect(page.json.pageDetails.prevPageUrl).toEqual(expect.any(String));
      pages++;
    }
    const total = 1 + 23 + 4; // company 0, customers, other companies
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 10));
    const count = await call("POST", `${sb.api}/Companies/query/count`, h, { filter: [{ op: "exist", field: "id" }] });
    expect(count.json).toEqual({ queryCount: total });
  });

  it("takes GET search= queries with nested grouping, UDF filters, IncludeFields and count", async () => {
    const t = sb.tenant({ customerNames: ["Alpha Dental", "Beta Logistics", "Gamma Dental"] });
    const h = sb.headers(t);
    const search = {
      IncludeFields: ["id", "companyName"],
      filter: [{ op: "or", items: [{ op: "beginsWith", field: "companyname", value: "alpha" }, { op: "and", items: [{ op: "contains", field: "companyName", value: "dental" }, { op: "noteq", field: "id", value: 1 }] }] }],
    };
    const res = await call("GET", `${sb.api}/Companies/query?search=${encodeURIComponent(JSON.stringify(search))}`, h);
    expect(res.json.items.map((c: Json) => c.companyName)).toEqual(["Alpha Dental", "Gamma Dental"]);
    expect(Object.keys(res.json.items[0])).toEqual(["id", "companyName"]);
    const udf = await call("POST", `${sb.api}/ConfigurationItems/query/count`, h, { filter: [{ op: "eq", field: "Backup Status", udf: true, value: "1" }] });
    expect(udf.json.queryCount).toBe(3);
    const bad = await call("POST", `${sb.api}/Companies/query`, h, { MaxRecords: 501, filter: [{ op: "exist", field: "id" }] });
    expect(bad.status).toBe(500);
    expect(bad.json.errors[0]).toMatch(/MaxRecords/);
    const tooMany = await call("POST", `${sb.api}/Companies/query`, h, { filter: [{ op: "in", field: "id", value: Array.from({ length: 501 }, (_, i) => i) }] });
    expect(tooMany.status).toBe(500);
  });

  it("answers GET by id with {item} and {item:null}, and children under their parent", async () => {
    const t = sb.tenant();
    const h = sb.headers(t);
    const found = await call("GET", `${sb.api}/Tickets/query?search=${encodeURIComponent(JSON.stringify({ filter: [{ op: "exist", field: "id" }] }))}`, h);
    const ticket = found.json.items[0];
    expect((await call("GET", `${sb.api}/Tickets/${ticket.id}`, h)).json.item).toMatchObject({ id: ticket.id, title: ticket.title });
    expect((await call("GET", `${sb.api}/Tickets/99999999`, h)).json).toEqual({ item: null });
    const notes = await call("GET", `${sb.api}/Tickets/${ticket.id}/Notes`, h);
    expect(notes.json.items).toHaveLength(1);
    expect((await call("GET", `${sb.api}/Tickets/${ticket.id}/Notes/${notes.json.items[0].id}`, h)).json.item.ticketID).toBe(ticket.id);
  });
});

describe("metadata", () => {
  it("serves per-tenant picklists: the same label has different ids in different tenants", async () => {
    const a = sb.tenant({ variant: 0 });
    const b = sb.tenant({ variant: 3 });
    const customer = async (t: typeof a) => {
      const res = await call("GET", `${sb.api}/Companies/entityInformation/fields`, sb.headers(t));
      return res.json.fields.find((f: Json) => f.name === "companyType").picklistValues.find((p: Json) => p.label === "Customer").value;
    };
    expect(await customer(a)).not.toEqual(await customer(b));
    const tickets = await call("GET", `${sb.api}/Tickets/entityInformation/fields`, sb.headers(a));
    const sub = tickets.json.fields.find((f: Json) => f.name === "subIssueType");
    expect(sub).toMatchObject({ isPickList: true, picklistParentValueField: "issueType" });
    expect(sub.picklistValues[0].parentValue).toEqual(expect.any(String));
    const udfs = await call("GET", `${sb.api}/ConfigurationItems/entityInformation/userDefinedFields`, sb.headers(a));
    expect(udfs.json.fields.map((f: Json) => f.name)).toContain("Backup Status");
    const info = await call("GET", `${sb.api}/Contracts/1/ServiceAdjustments/entityInformation`, sb.headers(a));
    expect(info.json.info).toMatchObject({ name: "ContractServiceAdjustment", canCreate: true, canQuery: false, canUpdate: false });
  });

  it("reports usage in ThresholdInformation", async () => {
    const t = sb.tenant();
    const h = sb.headers(t);
    await call("GET", `${sb.api}/Companies/0`, h);
    const res = await call("GET", `${sb.api}/ThresholdInformation`, h);
    expect(res.json).toEqual({ externalRequestThreshold: 10000, requestThresholdTimeframe: 60, currentTimeframeRequestCount: 2 });
  });
});

describe("security levels and limits", () => {
  it("gives a restricted API user empty Companies results and 'None' access; a forbidden one HTTP 403", async () => {
    const t = sb.tenant();
    const restricted = sb.headers({ credentials: t.restrictedCredentials });
    const forbidden = sb.headers({ credentials: t.forbiddenCredentials });
    const all = { filter: [{ op: "exist", field: "id" }] };
    expect((await call("POST", `${sb.api}/Companies/query`, restricted, all)).json.items).toEqual([]);
    expect((await call("GET", `${sb.api}/Companies/0`, restricted)).json).toEqual({ item: null });
    expect((await call("GET", `${sb.api}/Companies/entityInformation`, restricted)).json.info.userAccessForQuery).toBe("None");
    expect((await call("POST", `${sb.api}/Tickets/query/count`, restricted, all)).json.queryCount).toBeGreaterThan(0);
    const denied = await call("POST", `${sb.api}/Companies/query`, forbidden, all);
    expect(denied.status).toBe(403);
    expect(denied.json.errors).toHaveLength(1);
  });

  it("refuses a fourth concurrent request to one endpoint with the thread-threshold error", async () => {
    const t = sb.tenant();
    setAutotaskFaults(t.tenantId, { latencyMs: 150 });
    const h = sb.headers(t);
    const results = await Promise.all(Array.from({ length: 5 }, () => call("GET", `${sb.api}/Tickets/entityInformation`, h)));
    const refused = results.filter((r) => r.status === 500);
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(refused).toHaveLength(2);
    expect(refused[0]!.json.errors[0]).toMatch(/Itgenatr005.*Thread Threshold Exceeded/);
    expect((await call("GET", `${sb.api}/Companies/entityInformation`, h)).status).toBe(200);
  });

  it("answers 429 with Retry-After once the hourly request threshold is used", async () => {
    const t = sb.tenant({ requestThreshold: 2 });
    const h = sb.headers(t);
    expect((await call("GET", `${sb.api}/Companies/0`, h)).status).toBe(200);
    expect((await call("GET", `${sb.api}/Companies/0`, h)).status).toBe(200);
    const third = await call("GET", `${sb.api}/Companies/0`, h);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(3000);
  });
});
