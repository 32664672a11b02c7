import { readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ACCEPT } from "./client";
import { connectorFor, newTenant, startSandbox } from "./test-support";

/**
 * Fidelity check: every (method, path) the ConnectWise connector calls during a scripted run of all
 * its operations must be an official route (shared/psa-specs routes list), with only the official
 * list query parameters; every request body's field names (nested references and arrays included)
 * must exist in the official models; and every API call carries Basic auth, clientId and the
 * versioned Accept header. The only call outside /apis/3.0 is codebase discovery,
 * GET /login/companyinfo/{companyId}, which is not part of the REST document.
 */
const specs = path.resolve(process.cwd(), "../shared/psa-specs");
type Route = { method: string; pattern: string; re: RegExp; model: string };
type Field = { name: string; type: string };

const routes: Route[] = readFileSync(path.join(specs, "connectwise-manage-3.0.routes.derived.tsv"), "utf8")
  .split("\n")
  .filter((l) => l && !l.startsWith("#") && !l.startsWith("apiGroup\t"))
  .map((l) => {
    const [, , method, pattern, summary] = l.split("\t");
    const re = new RegExp(`^${pattern!.replace(/\{[^}]+\}/g, "\\d+")}$`);
    return { method: method!, pattern: pattern!, re, model: (summary ?? "").split(" ").slice(1).join(" ") };
  });
const models = JSON.parse(readFileSync(path.join(specs, "connectwise-manage-2025.8.models.derived.json"), "utf8")) as Record<string, unknown>;
const LIST_PARAMS = new Set(["conditions", "childConditions", "customFieldConditions", "orderBy", "fields", "page", "pageSize", "pageId"]);
const DISCOVERY = /^\/login\/companyinfo\/[^/]+$/;

function fieldsOf(model: string): Field[] | null {
  const value = models[model] ?? models[`Company${model}`];
  return Array.isArray(value) ? (value as Field[]) : null;
}

/** Field names of `value` not in `model`, recursively through reference and array types. */
function unknownFields(value: unknown, model: string, at: string): string[] {
  const fields = fieldsOf(model);
  if (!fields) return [`${at}: no official model '${model}'`];
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const field = fields.find((f) => f.name === key);
    if (!field) {
      out.push(`${at}.${key} (not a field of ${model})`);
      continue;
    }
    const type = field.type.replace(/\?$/, "");
    const element = type.startsWith("[]") ? type.slice(2) : null;
    if (element && fieldsOf(element) && Array.isArray(child)) child.forEach((c, i) => out.push(...unknownFields(c, element, `${at}.${key}[${i}]`)));
    else if (!element && fieldsOf(type)) out.push(...unknownFields(child, type, `${at}.${key}`));
  }
  return out;
}

type Call = { method: string; url: URL; headers: Headers; body: unknown };
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
const calls: Call[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  const { seeded } = newTenant({ customers: ["Harbor Dental Group", "Bluebird Logistics"] });
  // A pass-through recorder around the real fetch: every request still goes to the sandbox.
  const recording: typeof fetch = (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    calls.push({ method: init?.method ?? "GET", url, headers: new Headers(init?.headers), body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined });
    return fetch(input, init);
  };
  const { connector: c } = connectorFor(sandbox.url, seeded, { fetch: recording });
  await c.testConnection();
  const boards = await c.listQueues();
  const statuses = await c.listTicketStatuses(boards[0]!.id);
  const priorities = await c.listPriorities();
  await c.listIssueTypes();
  const companies = await c.listCompanies();
  await c.searchCompanies({ search: "Harbor", ids: companies.map((x) => x.id) });
  await c.getCompany(companies[0]!.id);
  const contracts = await c.listContracts(companies.map((x) => x.id));
  await c.getContract(contracts[0]!.id);
  await c.getContracts(contracts.map((x) => x.id));
  const services = await c.listServices();
  const lines = await c.listContractServices(contracts.map((x) => x.id));
  const line = lines[0]!;
  await c.applyQuantityChange({ contractId: line.contractId, serviceId: line.serviceId, contractServiceId: line.id, currentQuantity: 1, newQuantity: 2, effectiveDate: "2026-01-01", invoiceDescription: "x", unitPrice: 1, unitCost: 0.5 });
  await c.applyQuantityChange({ contractId: line.contractId, serviceId: services[3]!.id, currentQuantity: 0, newQuantity: 2, effectiveDate: "2026-01-01", invoiceDescription: "y", unitPrice: 2, unitCost: 1 });
  const types = await c.listConfigurationItemTypes();
  await c.listUdfDefinitions("configurationItem");
  await c.listUdfDefinitions("ticket");
  const company = companies.find((x) => x.name === "Harbor Dental Group")!;
  const ci = await c.createConfigurationItem({ companyId: company.id, typeId: types.find((t) => t.name === "Managed Server")!.id, name: "SRV", serialNumber: "S1", isActive: true, installedOn: "2024-01-01", warrantyExpiresOn: "2027-01-01", externalRef: "dev-1", udfs: { Make: "Dell" } });
  await c.updateConfigurationItem(ci.id, { name: "SRV-2", serialNumber: null, udfs: { RAM: "8 GB" } });
  const ticket = await c.createTicket({ companyId: company.id, title: "t", description: "d", queueId: boards[0]!.id, statusId: statuses[0]!.id, priorityId: priorities[0]!.id, externalRef: "conf-1", dueAt: new Date(), issueTypeId: null, configurationItemId: ci.id, contractId: null });
  await c.updateTicket(ticket.id, { title: "t2", statusId: statuses[1]!.id, priorityId: priorities[1]!.id, queueId: boards[0]!.id, dueAt: null });
  await c.addTicketNote(ticket.id, { title: "n", text: "text", internal: true });
  await c.findTicketByExternalRef("conf-1");
  await c.getTicket(ticket.id);
});
afterAll(async () => {
  await sandbox.close();
});

const apiPathOf = (url: URL) => url.pathname.replace(/^\/sandbox\/connectwise/, "").replace(/^\/[A-Za-z0-9_]+\/apis\/3\.0/, "");
const isApi = (call: Call) => /\/apis\/3\.0\//.test(call.url.pathname);

describe("ConnectWise connector conformance with the official route list and models", () => {
  it("made a meaningful scripted run", () => {
    expect(calls.filter(isApi).length).toBeGreaterThan(30);
    expect(new Set(calls.map((c) => c.method))).toEqual(new Set(["GET", "POST", "PATCH"]));
  });

  it("calls only official routes with official list parameters", () => {
    const offenders: string[] = [];
    for (const call of calls) {
      const p = apiPathOf(call.url);
      if (!isApi(call)) {
        if (!(call.method === "GET" && DISCOVERY.test(p))) offenders.push(`${call.method} ${p} (outside /apis/3.0)`);
        continue;
      }
      if (!routes.some((r) => r.method === call.method && r.re.test(p))) offenders.push(`${call.method} ${p} (no official route)`);
      for (const key of call.url.searchParams.keys()) if (!LIST_PARAMS.has(key)) offenders.push(`${call.method} ${p}?${key} (not a list parameter)`);
    }
    expect(offenders, `Not in the official ConnectWise route list:\n${offenders.join("\n")}`).toEqual([]);
  });

  it("sends only official model fields in request bodies", () => {
    const offenders: string[] = [];
    for (const call of calls.filter((c) => c.body !== undefined)) {
      const p = apiPathOf(call.url);
      const route = routes.find((r) => r.method === call.method && r.re.test(p));
      if (!route) continue;
      if (call.method === "PATCH") {
        if (!Array.isArray(call.body)) {
          offenders.push(`PATCH ${route.pattern}: body is not a JSON-patch array`);
          continue;
        }
        const target = fieldsOf(route.model)?.map((f) => f.name) ?? [];
        for (const op of call.body as Array<Record<string, unknown>>) {
          offenders.push(...unknownFields(op, "PatchOperation", `PATCH ${route.pattern}`));
          const head = String(op.path).replace(/^\//, "").split("/")[0]!;
          if (!target.includes(head)) offenders.push(`PATCH ${route.pattern}: path '${String(op.path)}' (not a field of ${route.model})`);
        }
      } else {
        offenders.push(...unknownFields(call.body, route.model, `${call.method} ${route.pattern}`));
      }
    }
    expect(offenders, `Request body fields missing from the official models:\n${offenders.join("\n")}`).toEqual([]);
  });

  it("authenticates every API call with Basic company+public:private, the clientId header and the versioned Accept", () => {
    const offenders = calls
      .filter(isApi)
      .filter((c) => !/^Basic [A-Za-z0-9+/=]+$/.test(c.headers.get("authorization") ?? "") || !c.headers.get("clientid") || c.headers.get("accept") !== ACCEPT)
      .map((c) => `${c.method} ${apiPathOf(c.url)}`);
    expect(offenders).toEqual([]);
    const discovery = calls.filter((c) => !isApi(c));
    expect(discovery.length).toBeGreaterThan(0);
    expect(discovery.every((c) => !c.headers.get("authorization"))).toBe(true);
  });
});
