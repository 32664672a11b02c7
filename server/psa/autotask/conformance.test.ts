import { readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { type AutotaskSandboxHarness, autotaskBillingFixtures, startAutotaskSandbox } from "~/server/sandbox/autotask/testing";

/**
 * Conformance: a scripted run of every connector operation against the sandbox records each
 * (method, path, body) the connector sends; every path must be an official route
 * (routes.derived.tsv) and every body field an official model field (models.derived.json).
 */
const specs = path.resolve(process.cwd(), "../shared/psa-specs");
const ROUTES = new Set(
  readFileSync(path.join(specs, "autotask-rest-v1.routes.derived.tsv"), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#") && !l.startsWith("tag\t"))
    .map((l) => l.split("\t"))
    .map(([, , method, route]) => `${method} ${normalise(route!)}`),
);
const MODELS = JSON.parse(readFileSync(path.join(specs, "autotask-rest-v1.models.derived.json"), "utf8")) as Record<string, { name: string }[]>;
const ENTITY_MODEL: Record<string, string> = {
  companies: "CompanyModel",
  contracts: "ContractModel",
  services: "ServiceModel",
  contractservices: "ContractServiceModel",
  contractserviceunits: "ContractServiceUnitModel",
  contractserviceadjustments: "ContractServiceAdjustmentModel",
  tickets: "TicketModel",
  ticketnotes: "TicketNoteModel",
  configurationitems: "ConfigurationItemModel",
  configurationitemtypes: "ConfigurationItemTypeModel",
  currencies: "CurrencyModel",
  contractservicebundles: "ContractServiceBundleModel",
  servicebundleservices: "ServiceBundleServiceModel",
  contractservicebundleunits: "ContractServiceBundleUnitModel",
};
const CHILD_ENTITY: Record<string, string> = { "tickets/notes": "ticketnotes", "contracts/services": "contractservices", "contracts/serviceadjustments": "contractserviceadjustments" };
const OPS = new Set(["eq", "noteq", "gt", "gte", "lt", "lte", "beginswith", "endswith", "contains", "exist", "notexist", "in", "notin", "and", "or"]);

function normalise(route: string): string {
  return route.toLowerCase().replace(/\{[^}]+\}/g, "{}");
}

const fieldsOf = (model: string) => new Set((MODELS[model] ?? []).map((f) => f.name.toLowerCase()));

type Call = { method: string; url: string; headers: Record<string, string>; body: unknown };
const calls: Call[] = [];
let sb: AutotaskSandboxHarness;

beforeAll(async () => {
  // The sandbox answers over http on localhost, which only demo and test modes allow.
  vi.stubEnv("PSA_RELAY_MODE", "test");
  sb = await startAutotaskSandbox();
  const t = sb.tenant({ customerNames: Array.from({ length: 520 }, (_, i) => `Conformance ${i}`), billingFixtures: true });
  const recording: typeof fetch = async (input, init) => {
    calls.push({ method: init?.method ?? "GET", url: String(input), headers: (init?.headers ?? {}) as Record<string, string>, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    return fetch(input, init);
  };
  const { connector: c } = sb.connector(t, { fetch: recording });
  await c.testConnection();
  const [queues, statuses, priorities] = [await c.listQueues(), await c.listTicketStatuses(), await c.listPriorities()];
  const issues = await c.listIssueTypes();
  const companies = await c.listCompanies();
  await c.searchCompanies({ search: "Conformance 1", limit: 5 });
  await c.searchCompanies({ ids: companies.slice(0, 3).map((x) => x.id) });
  await c.getCompany(companies[0]!.id);
  const contracts = await c.listContracts(companies.slice(0, 8).map((x) => x.id));
  await c.getContract(contracts[0]!.id);
  const fixtures = Object.values(autotaskBillingFixtures(t.tenantId)).map((f) => f.contractId);
  await c.getContracts([...contracts.map((x) => x.id), ...fixtures]);
  const services = await c.listServices();
  const cs = (await c.listContractServices([...contracts.map((x) => x.id), ...fixtures])).filter((x) => !x.inBundle);
  const today = new Date().toISOString().slice(0, 10);
  await c.applyQuantityChange({ contractId: cs[0]!.contractId, serviceId: cs[0]!.serviceId, contractServiceId: cs[0]!.id, currentQuantity: cs[0]!.quantity, newQuantity: cs[0]!.quantity + 1, effectiveDate: today, unitPrice: 44, unitCost: 17 });
  const recurring = contracts.find((x) => x.kind === "recurring_service")!;
  await c.applyQuantityChange({ contractId: recurring.id, serviceId: services.find((s) => s.name === "Managed Firewall")!.id, currentQuantity: 0, newQuantity: 2, effectiveDate: today });
  const sub = issues.find((i) => i.parentId)!;
  const ticket = await c.createTicket({
    companyId: companies[0]!.id,
    title: "Conformance",
    description: "d",
    queueId: queues[0]!.id,
    statusId: statuses[0]!.id,
    priorityId: priorities[0]!.id,
    externalRef: "conf-1",
    issueTypeId: sub.parentId,
    subIssueTypeId: sub.id,
    contractId: recurring.id,
    dueAt: new Date(Date.now() + 3_600_000),
  });
  await c.getTicket(ticket.id);
  await c.updateTicket(ticket.id, { title: "Conformance 2", statusId: statuses[1]!.id, priorityId: priorities[1]!.id, queueId: queues[1]!.id, dueAt: new Date() });
  await c.addTicketNote(ticket.id, { text: "n", internal: true });
  await c.findTicketByExternalRef("conf-1");
  const types = await c.listConfigurationItemTypes();
  for (const entity of ["configurationItem", "ticket", "company"] as const) await c.listUdfDefinitions(entity);
  const ci = await c.createConfigurationItem({ companyId: companies[0]!.id, typeId: types[0]!.id, name: "SRV", serialNumber: "1", isActive: true, installedOn: today, warrantyExpiresOn: today, externalRef: "x", udfs: { "Vendor Device ID": "x" } });
  await c.updateConfigurationItem(ci.id, { companyId: companies[1]!.id, typeId: types[1]!.id, name: "SRV2", serialNumber: "2", isActive: false, installedOn: null, externalRef: "y", udfs: { "Backup Status": "2" } });
}, 60_000);
afterAll(() => sb.close());

function apiPath(url: string): string {
  const { pathname } = new URL(url);
  const i = pathname.toLowerCase().indexOf("/v1.0/");
  return i < 0 ? pathname : pathname.slice(i);
}

function checkFilter(filter: unknown, model: string, where: string, out: string[]): void {
  if (!Array.isArray(filter)) return void out.push(`${where}: filter is not a list`);
  const allowed = fieldsOf("Filter");
  for (const f of filter as Record<string, unknown>[]) {
    for (const key of Object.keys(f)) if (!allowed.has(key.toLowerCase())) out.push(`${where}: filter key "${key}" is not in the Filter model`);
    if (!OPS.has(String(f.op).toLowerCase())) out.push(`${where}: operator "${String(f.op)}" is not Autotask syntax`);
    if (f.items) checkFilter(f.items, model, where, out);
    else if (f.udf !== true && !fieldsOf(model).has(String(f.field).toLowerCase())) out.push(`${where}: filter field "${String(f.field)}" is not a ${model} field`);
  }
}

describe("Autotask conformance", () => {
  it("calls only official routes, with the auth headers on every call but zone discovery", () => {
    const offenders: string[] = [];
    for (const call of calls) {
      const route = normalise(apiPath(call.url).replace(/\/\d+(?=\/|$)/g, "/{}"));
      const paging = /^\/v1\.0\/([^/]+)\/query\/next$/.exec(route);
      if (paging) {
        // nextPageUrl comes from the server; its entity must have an official query route.
        if (!ROUTES.has(`GET /v1.0/${paging[1]}/query`)) offenders.push(`${call.method} ${route} (paging link of an entity without a query route)`);
      } else if (!ROUTES.has(`${call.method} ${route}`)) offenders.push(`${call.method} ${route}`);
      const zone = route === "/v1.0/zoneinformation";
      const hasAuth = ["ApiIntegrationCode", "UserName", "Secret"].every((h) => call.headers[h]);
      if (zone === hasAuth) offenders.push(`${call.method} ${route}: ${zone ? "sends credentials to zone discovery" : "missing auth headers"}`);
    }
    expect(calls.length).toBeGreaterThan(30);
    expect(calls.some((c) => /\/query\/next/i.test(c.url))).toBe(true);
    for (const entity of ["Currencies", "ContractServiceBundles", "ServiceBundleServices", "ContractServiceBundleUnits"]) {
      expect(calls.some((c) => c.url.includes(`/${entity}/query`)), `${entity} queried`).toBe(true);
    }
    expect(offenders, `Routes not in the official list:\n${offenders.join("\n")}`).toEqual([]);
  });

  it("sends only official model fields in request bodies", () => {
    const offenders: string[] = [];
    for (const call of calls.filter((c) => c.body !== undefined)) {
      const route = apiPath(call.url).toLowerCase().replace(/\/\d+(?=\/|$)/g, "");
      const where = `${call.method} ${apiPath(call.url)}`;
      const segments = route.replace(/^\/v1\.0\//, "").split("/");
      const query = segments.indexOf("query");
      const entityKey = query >= 0 ? segments.slice(0, query).join("/") : segments.join("/");
      const entity = CHILD_ENTITY[entityKey] ?? entityKey;
      const model = ENTITY_MODEL[entity];
      if (!model) {
        offenders.push(`${where}: no model known for ${entity}`);
        continue;
      }
      const body = call.body as Record<string, unknown>;
      if (query >= 0) {
        for (const key of Object.keys(body)) if (!fieldsOf("QueryModel").has(key.toLowerCase())) offenders.push(`${where}: "${key}" is not a QueryModel field`);
        checkFilter(body.filter ?? body.Filter, model, where, offenders);
        continue;
      }
      for (const key of Object.keys(body)) {
        if (key === "userDefinedFields") {
          for (const udf of body[key] as Record<string, unknown>[]) for (const k of Object.keys(udf)) if (!fieldsOf("UserDefinedField").has(k)) offenders.push(`${where}: UDF key "${k}"`);
        } else if (!fieldsOf(model).has(key.toLowerCase())) offenders.push(`${where}: "${key}" is not a ${model} field`);
      }
    }
    expect(offenders, `Body fields not in the official models:\n${offenders.join("\n")}`).toEqual([]);
  });
});
