import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { sandboxAdminToken } from "../common/admin-access";
import { serveFetchHandler } from "../common/serve";
import { handleConnectWiseSandbox } from "./handler";
import { type SeededTenant, seedTenant } from "./seed";
import { getConnectWiseSandboxTenantView, listSandboxTenants } from "./views";

/** Scripts and tests reach _admin with the sandbox admin token. */
const adminHeaders = () => ({ authorization: `Bearer ${sandboxAdminToken()}` });

/** The ConnectWise sandbox's wire behaviour (psa-api-facts Part D, items 1–6), over HTTP. */
let server: Awaited<ReturnType<typeof serveFetchHandler>>;
let t: SeededTenant;
beforeAll(async () => {
  server = await serveFetchHandler(handleConnectWiseSandbox);
  t = seedTenant({ customers: ["Harbor Dental Group", "Bluebird Logistics", "Maple Street Pediatrics"] });
});
afterAll(async () => {
  await server.close();
});

const root = () => `${server.url}/sandbox/connectwise`;
const authOf = (s: SeededTenant, keys = { publicKey: s.publicKey, privateKey: s.privateKey }) =>
  `Basic ${Buffer.from(`${s.companyId}+${keys.publicKey}:${keys.privateKey}`).toString("base64")}`;

async function api(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; tenant?: SeededTenant } = {}) {
  const s = opts.tenant ?? t;
  const res = await fetch(`${root()}/${s.codebase}apis/3.0${path}`, {
    method,
    headers: { authorization: authOf(s), clientid: s.clientId, "content-type": "application/json", ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined, text };
}
type Row = Record<string, unknown> & { id: number };
const rows = (b: unknown) => b as Row[];
const q = (s: string) => encodeURIComponent(s);

describe("ConnectWise sandbox", () => {
  it("answers companyinfo without auth in PascalCase, and null (200) for an unknown company", async () => {
    const res = await fetch(`${root()}/login/companyinfo/${t.companyId.toUpperCase()}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ CompanyName: "PSA Relay Test MSP", Codebase: "v4_6_release/", CompanyID: t.companyId, IsCloud: true });
    const unknown = await fetch(`${root()}/login/companyinfo/nobody-here`);
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toBe("null");
  });

  it("requires Basic company+public:private and a clientId; answers 401 Unauthorized; a wrong codebase is an HTML 404", async () => {
    const bad = await api("GET", "/service/boards", { headers: { authorization: authOf(t, { publicKey: t.publicKey, privateKey: "wrong" }) } });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ code: "Unauthorized" });
    const noClient = await fetch(`${root()}/${t.codebase}apis/3.0/service/boards`, { headers: { authorization: authOf(t) } });
    expect(noClient.status).toBe(401);
    expect(await noClient.json()).toMatchObject({ code: "Unauthorized", message: expect.stringMatching(/clientId/) });
    const wrongCodebase = await fetch(`${root()}/v2019_1/apis/3.0/service/boards`, { headers: { authorization: authOf(t), clientid: t.clientId } });
    expect(wrongCodebase.status).toBe(404);
    expect(wrongCodebase.headers.get("content-type")).toContain("text/html");
    const restricted = await api("GET", "/company/companies", { headers: { authorization: authOf(t, t.restricted) } });
    expect(restricted.status).toBe(403);
  });

  it("lists bare arrays, 25 by default, at most 1000, with absolute Link headers that keep the conditions", async () => {
    const all = await api("GET", "/company/companies");
    expect(Array.isArray(all.body)).toBe(true);
    expect(rows(all.body)).toHaveLength(8);
    expect(all.headers.get("link")).toBeNull();
    const cond = 'name contains "a"';
    const first = await api("GET", `/company/companies?conditions=${q(cond)}&pageSize=2`);
    const link = first.headers.get("link")!;
    expect(link).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/sandbox\/connectwise\/v4_6_release\/apis\/3\.0\/company\/companies\?.*page=2.*>; rel="next", <.*>; rel="last"$/);
    const next = new URL(/<([^>]+)>; rel="next"/.exec(link)![1]!);
    expect(next.searchParams.get("conditions")).toBe(cond);
    const second = await fetch(next, { headers: { authorization: authOf(t), clientid: t.clientId } });
    expect(second.headers.get("link")).toContain('rel="prev"');
    const names = [...rows(first.body), ...rows(await second.json())].map((r) => String(r.name));
    expect(names.every((n) => n.toLowerCase().includes("a"))).toBe(true);
    const big = seedTenant({ customers: [], bulk: { companies: 1_200, additions: 0 } });
    expect(rows((await api("GET", "/company/companies", { tenant: big })).body)).toHaveLength(25);
    const capped = await api("GET", "/company/companies?pageSize=5000", { tenant: big });
    expect(rows(capped.body)).toHaveLength(1000);
    expect(capped.headers.get("link")).toContain("pageSize=1000");
  });

  it("supports forward-only paging with pageId, /count, fields, orderBy and childConditions", async () => {
    const page1 = await api("GET", "/company/companies?pageSize=3", { headers: { "pagination-type": "forward-only" } });
    const ids1 = rows(page1.body).map((r) => r.id);
    const next = /<([^>]+)>; rel="next"/.exec(page1.headers.get("link")!)![1]!;
    expect(new URL(next).searchParams.get("pageId")).toBe(String(ids1[2]));
    const page2 = await fetch(next, { headers: { authorization: authOf(t), clientid: t.clientId, "pagination-type": "forward-only" } });
    expect(rows(await page2.json())[0]!.id).toBeGreaterThan(ids1[2]!);
    expect((await api("GET", `/company/companies/count?conditions=${q("deletedFlag = false")}`)).body).toEqual({ count: 7 });
    const projected = await api("GET", "/company/companies?fields=id,name,status/name&orderBy=name%20desc&pageSize=2");
    expect(rows(projected.body)[0]).toEqual({ id: expect.any(Number), name: "Removed Holdings", status: { name: "Active" } });
    const clients = await api("GET", `/company/companies?childConditions=${q('types/name = "Client"')}`);
    expect(rows(clients.body).map((r) => r.name)).toEqual(["Harbor Dental Group", "Bluebird Logistics", "Maple Street Pediatrics", "Old Mill Bakery", "Removed Holdings"]);
    expect((await api("GET", `/company/companies?conditions=${q('types/name = "Client"')}`)).status).toBe(400);
    expect((await api("GET", `/company/companies?conditions=${q("nosuchfield = 1")}`)).status).toBe(400);
    expect((await api("GET", `/company/companies?conditions=${q("name = ")}`)).status).toBe(400);
    const dated = await api("GET", `/service/tickets?conditions=${q("_info/dateEntered > [2020-01-01T00:00:00Z]")}`);
    expect(rows(dated.body).length).toBe(1);
  });

  it("creates with 201 + record, replaces/patches with 200 + record, deletes with 204", async () => {
    const company = rows((await api("GET", `/company/companies?conditions=${q('name = "Bluebird Logistics"')}`)).body)[0]!;
    const created = await api("POST", "/service/tickets", { body: { summary: "Disk full", company: { id: company.id }, externalXRef: "x-1", initialDescription: "C: is full" } });
    expect(created.status).toBe(201);
    const ticket = created.body as Row;
    expect(ticket).toMatchObject({ summary: "Disk full", company: { id: company.id, name: "Bluebird Logistics" }, board: { name: "Help Desk" }, status: { name: "New" } });
    const notes = await api("GET", `/service/tickets/${ticket.id}/notes`);
    expect(rows(notes.body).map((n) => n.text)).toEqual(["C: is full"]);

    const statuses = rows((await api("GET", `/service/boards/${(ticket.board as Row).id}/statuses`)).body);
    const closed = statuses.find((s) => s.name === "Closed")!;
    const patched = await api("PATCH", `/service/tickets/${ticket.id}`, { body: [{ op: "replace", path: "status/id", value: closed.id }, { op: "replace", path: "summary", value: "Disk full (fixed)" }] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ summary: "Disk full (fixed)", status: { id: closed.id, name: "Closed" }, closedFlag: true });
    expect((await api("PATCH", `/service/tickets/${ticket.id}`, { body: [{ op: "replace", path: "Summary", value: "x" }] })).status).toBe(400);
    expect((await api("PATCH", `/service/tickets/${ticket.id}`, { body: { summary: "not an array" } })).status).toBe(400);
    const put = await api("PUT", `/service/tickets/${ticket.id}`, { body: { ...(patched.body as Row), summary: "Replaced" } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ summary: "Replaced" });
    const del = await api("DELETE", `/service/tickets/${ticket.id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    const gone = await api("GET", `/service/tickets/${ticket.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: "NotFound" });
    expect((await api("DELETE", "/service/boards/1")).status).toBe(405);
  });

  it("rejects invalid objects with 400 InvalidObject and per-field errors", async () => {
    const missing = await api("POST", "/service/tickets", { body: { initialDescription: "x" } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      code: "InvalidObject",
      errors: expect.arrayContaining([
        { code: "MissingRequiredField", message: "The summary field is required.", resource: "ticket", field: "summary" },
        { code: "MissingRequiredField", message: "The company field is required.", resource: "ticket", field: "company" },
      ]),
    });
    const boards = rows((await api("GET", "/service/boards")).body);
    const alerts = boards.find((b) => b.name === "Alerts")!;
    const helpStatus = rows((await api("GET", `/service/boards/${boards.find((b) => b.name === "Help Desk")!.id}/statuses`)).body)[0]!;
    const company = rows((await api("GET", "/company/companies?pageSize=2")).body)[1]!;
    const wrong = await api("POST", "/service/tickets", { body: { summary: "s", company: { id: company.id }, board: { id: alerts.id }, status: { id: helpStatus.id } } });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain("not valid for the board");
    const cancelled = rows((await api("GET", `/finance/agreements?conditions=${q("cancelledFlag = true")}`)).body)[0]!;
    const product = rows((await api("GET", "/procurement/catalog?pageSize=1")).body)[0]!;
    const addition = await api("POST", `/finance/agreements/${cancelled.id}/additions`, { body: { product: { id: product.id }, billCustomer: "Billable", quantity: 1 } });
    expect(addition.status).toBe(400);
    expect(JSON.stringify(addition.body)).toContain("cancelled agreement");
    const noBill = await api("POST", `/finance/agreements/${Number(cancelled.id) - 1}/additions`, { body: { product: { id: product.id }, quantity: 1 } });
    expect(JSON.stringify(noBill.body)).toContain("The billCustomer field is required.");
  });

  it("gives each tenant its own ids for boards, statuses and priorities", async () => {
    const other = seedTenant();
    const mine = rows((await api("GET", "/service/boards")).body).find((b) => b.name === "Help Desk")!;
    const theirs = rows((await api("GET", "/service/boards", { tenant: other })).body).find((b) => b.name === "Help Desk")!;
    expect(mine.id).not.toBe(theirs.id);
    expect((await api("GET", `/service/boards/${mine.id}/statuses`, { tenant: other })).status).toBe(404);
  });

  it("serves _admin in test mode: seed, faults (429 + numeric Retry-After), request log with counts, reset; 404 outside demo/test", async () => {
    const seeded = await (await fetch(`${root()}/_admin/tenants`, { method: "POST", headers: adminHeaders(), body: JSON.stringify({ customers: ["Admin Co"] }) })).json();
    const s = seeded as SeededTenant;
    const faults = await fetch(`${root()}/_admin/tenants/${s.companyId}/faults`, { method: "PUT", headers: adminHeaders(), body: JSON.stringify({ throttleRate: 1, retryAfterSeconds: 7 }) });
    expect(faults.status).toBe(200);
    const throttled = await api("GET", "/service/boards", { tenant: s });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    await fetch(`${root()}/_admin/tenants/${s.companyId}/faults`, { method: "DELETE", headers: adminHeaders() });
    await api("POST", "/service/tickets", { tenant: s, body: { summary: "x", company: { id: rows((await api("GET", "/company/companies", { tenant: s })).body)[1]!.id } } });
    const log = (await (await fetch(`${root()}/_admin/tenants/${s.companyId}/log`, { headers: adminHeaders() })).json()) as { total: number; byRoute: Record<string, number>; recent: Array<{ status: number }> };
    expect(log.byRoute).toMatchObject({ "GET /v4_6_release/apis/3.0/service/boards": 1, "POST /v4_6_release/apis/3.0/service/tickets": 1 });
    expect(log.recent.map((e) => e.status)).toEqual([429, 200, 201]);
    await fetch(`${root()}/_admin/tenants/${s.companyId}/reset`, { method: "POST", headers: adminHeaders() });
    expect(rows((await api("GET", "/service/tickets", { tenant: s })).body)).toHaveLength(1);
    expect(listSandboxTenants().map((x) => x.id)).toEqual(expect.arrayContaining(["contosocloud", "psarelaytest", s.companyId]));
    const view = getConnectWiseSandboxTenantView(s.companyId.toUpperCase())!;
    expect(view.tenant.counts.tickets).toBe(1);
    expect(view.tickets[0]!.notes.map((n) => n.text)).toEqual(["Reported by phone."]);
    expect(view.additions.length).toBe(2);
    expect(getConnectWiseSandboxTenantView("nobody")).toBeUndefined();

    const mode = process.env.PSA_RELAY_MODE;
    process.env.PSA_RELAY_MODE = "production";
    try {
      expect((await fetch(`${root()}/_admin/tenants`, { headers: adminHeaders() })).status).toBe(404);
    } finally {
      process.env.PSA_RELAY_MODE = mode;
    }
  });
});
