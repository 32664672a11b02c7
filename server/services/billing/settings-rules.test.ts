import { describe, expect, it } from "vitest";

import type { PsaService } from "~/server/psa/types";

import {
  billingSettingsInputSchema,
  currencyProblem,
  currencyWithoutConnectionProblem,
  defaultBillingSettings,
  fieldLabel,
  findStaleMappings,
  mappingsFrom,
  problemsAgainstPsa,
  sortCurrencies,
  sortServices,
  unknownItemCodes,
  validateBillingSettings,
} from "./settings-rules";

const service = (id: string, name: string, isActive = true, unitPrice: number | null = 10, unitCost: number | null = 4): PsaService => ({ id, name, isActive, unitPrice, unitCost });

function input(overrides: Record<string, unknown> = {}) {
  return {
    enabled: true,
    writeMode: "threshold",
    thresholdPercent: 15,
    billingDay: 5,
    currencyCode: "USD",
    updateInvoiceDescriptions: false,
    items: [
      { itemCode: "online_backup_gb_basic", psaServiceId: "11", createMissing: true },
      { itemCode: "email_security_mailboxes", psaServiceId: null, createMissing: false },
    ],
    ...overrides,
  };
}

const parse = (overrides: Record<string, unknown> = {}) => billingSettingsInputSchema.safeParse(input(overrides));
const issues = (overrides: Record<string, unknown>) => {
  const r = parse(overrides);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};
const valid = (overrides: Record<string, unknown> = {}) => billingSettingsInputSchema.parse(input(overrides));

describe("billing settings input", () => {
  it("accepts a complete form, upper-cases the currency and turns a blank service id into 'not billed'", () => {
    const r = parse({ currencyCode: " eur ", items: [{ itemCode: "local_backup_servers", psaServiceId: "  " }] });
    expect(r.success).toBe(true);
    expect(r.data?.currencyCode).toBe("EUR");
    expect(r.data?.items).toEqual([{ itemCode: "local_backup_servers", psaServiceId: null, createMissing: true }]);
  });

  it("defaults match the contract: off, always approve, 10%, day 1, USD", () => {
    expect(defaultBillingSettings()).toEqual({ enabled: false, writeMode: "approve", thresholdPercent: 10, billingDay: 1, updateInvoiceDescriptions: false, currencyCode: "USD" });
    expect(billingSettingsInputSchema.safeParse({ ...defaultBillingSettings(), items: [] }).success).toBe(true);
  });

  it("only offers the three write modes", () => {
    for (const writeMode of ["automatic", "threshold", "approve"]) expect(parse({ writeMode }).success).toBe(true);
    expect(issues({ writeMode: "sometimes" })).toEqual([{ path: "writeMode", message: expect.stringMatching(/^Choose a write mode/) }]);
  });

  it("keeps the threshold within 1–99 whole percent", () => {
    expect(parse({ thresholdPercent: 1 }).success).toBe(true);
    expect(parse({ thresholdPercent: 99 }).success).toBe(true);
    for (const thresholdPercent of [0, 100, 12.5, Number.NaN]) {
      expect(issues({ thresholdPercent })).toEqual([{ path: "thresholdPercent", message: "The threshold must be a whole percentage from 1 to 99." }]);
    }
  });

  it("keeps the billing day within 1–28 so every month has it", () => {
    expect(parse({ billingDay: 1 }).success).toBe(true);
    expect(parse({ billingDay: 28 }).success).toBe(true);
    for (const billingDay of [0, 29, 31, 2.5]) {
      expect(issues({ billingDay })).toEqual([{ path: "billingDay", message: "The billing day must be a day of the month from 1 to 28." }]);
    }
  });

  it("wants a 3-letter currency code", () => {
    for (const currencyCode of ["US", "DOLLARS", "U5D", ""]) {
      expect(issues({ currencyCode })).toEqual([{ path: "currencyCode", message: "Pick the currency from the list your PSA offers (its 3-letter ISO code, e.g. USD)." }]);
    }
  });

  it("names every failing field at once", () => {
    expect(issues({ thresholdPercent: 0, billingDay: 30, currencyCode: "x" }).map((i) => i.path)).toEqual(["thresholdPercent", "billingDay", "currencyCode"]);
  });

  it("refuses an item listed twice, naming it", () => {
    const twice = [
      { itemCode: "local_backup_servers", psaServiceId: "1" },
      { itemCode: "local_backup_servers", psaServiceId: "2" },
    ];
    expect(issues({ items: twice })).toEqual([{ path: "items.1.itemCode", message: 'The billable item "local_backup_servers" is listed twice.' }]);
    expect(issues({ items: [{ itemCode: " ", psaServiceId: "1" }] })).toEqual([{ path: "items.0.itemCode", message: "A billable item code is missing." }]);
  });
});

describe("validateBillingSettings / unknownItemCodes", () => {
  it("passes billing on with a mapped item, and billing off with nothing mapped", () => {
    expect(validateBillingSettings(valid(), "autotask")).toEqual([]);
    expect(validateBillingSettings(valid({ enabled: false, items: [] }), null)).toEqual([]);
  });

  it("billing on with no item billed to a service is refused with a clear message", () => {
    const notBilled = [{ itemCode: "online_backup_gb_basic", psaServiceId: null }];
    expect(validateBillingSettings(valid({ items: notBilled }), "connectwise")).toEqual([
      { field: "enabled", message: expect.stringMatching(/^Map at least one billable item to a PSA product before turning billing sync on/) },
    ]);
    expect(validateBillingSettings(valid({ items: [] }), "autotask")[0]!.message).toMatch(/PSA service/);
  });

  it("lists the item codes the database does not know", () => {
    expect(unknownItemCodes(valid(), ["online_backup_gb_basic", "email_security_mailboxes"])).toEqual([]);
    expect(unknownItemCodes(valid({ items: [{ itemCode: "marketplace_sku_9", psaServiceId: "1" }] }), ["online_backup_gb_basic"])).toEqual(["marketplace_sku_9"]);
  });
});

describe("against the PSA's list", () => {
  const services = [service("11", "Cloud Backup - Server", true, 45, 18), service("12", "Tape Rotation (retired)", false)];

  it("accepts listed active ids and 'not billed'", () => {
    expect(problemsAgainstPsa(valid().items, services, "autotask")).toEqual([]);
  });

  it("names the item whose id the PSA does not have or has switched off", () => {
    const items = valid({
      items: [
        { itemCode: "online_backup_gb_basic", psaServiceId: "999" },
        { itemCode: "local_backup_servers", psaServiceId: "12" },
      ],
    }).items;
    expect(problemsAgainstPsa(items, services, "autotask")).toEqual([
      { field: "items.online_backup_gb_basic.psaServiceId", message: "Autotask has no service with id 999 — retrieve the services list and pick one." },
      { field: "items.local_backup_servers.psaServiceId", message: "Tape Rotation (retired) is inactive in Autotask — pick an active service, or activate it in Autotask first." },
    ]);
    expect(problemsAgainstPsa(items, services, "connectwise")[0]!.message).toBe("ConnectWise has no product with id 999 — retrieve the services list and pick one.");
  });

  it("takes name, price and cost from the PSA's list, never from the client", () => {
    expect(mappingsFrom(valid().items, services)).toEqual([
      { itemCode: "online_backup_gb_basic", psaServiceId: "11", psaServiceName: "Cloud Backup - Server", unitPrice: 45, unitCost: 18, createMissing: true },
      { itemCode: "email_security_mailboxes", psaServiceId: null, psaServiceName: null, unitPrice: null, unitCost: null, createMissing: false },
    ]);
    expect(mappingsFrom(valid({ enabled: false, items: [{ itemCode: "x", psaServiceId: null }] }).items, null)[0]).toMatchObject({ psaServiceName: null, unitPrice: null });
  });

  it("flags saved mappings the last retrieve did not return or returned inactive", () => {
    const mappings = [
      { itemCode: "a", psaServiceId: "11" },
      { itemCode: "b", psaServiceId: "12" },
      { itemCode: "c", psaServiceId: "404" },
      { itemCode: "d", psaServiceId: null },
    ];
    expect(findStaleMappings(mappings, services, "connectwise")).toEqual([
      { itemCode: "b", psaServiceId: "12", problem: "inactive", message: "This product is inactive in ConnectWise — pick another." },
      { itemCode: "c", psaServiceId: "404", problem: "missing", message: "This product no longer exists in ConnectWise — pick another." },
    ]);
  });

  it("sorts active services first, then by name", () => {
    const sorted = sortServices([service("1", "zeta"), service("2", "Alpha", false), service("3", "beta"), service("4", "Alpha")]);
    expect(sorted.map((s) => s.id)).toEqual(["4", "3", "1", "2"]);
  });
});

describe("fieldLabel", () => {
  it("names fields the way the form labels them", () => {
    const names = new Map([["online_backup_gb_basic", "Online backup, Basic plan"]]);
    expect(fieldLabel("items.online_backup_gb_basic.psaServiceId", "autotask", names)).toBe("PSA service for Online backup, Basic plan");
    expect(fieldLabel("items.online_backup_gb_basic.psaServiceId", "connectwise", names)).toBe("PSA product for Online backup, Basic plan");
    expect(fieldLabel("items.unknown_code.psaServiceId", "autotask", names)).toBe("PSA service for unknown_code");
    expect(fieldLabel("enabled", null)).toBe("Billing sync on");
    expect(fieldLabel("thresholdPercent", null)).toBe("Threshold (%)");
    expect(fieldLabel("billingDay", null)).toBe("Billing day");
  });
});

describe("billing currency", () => {
  const currencies = [
    { code: "EUR", name: "Euro", isActive: true, isDefault: false },
    { code: "USD", name: "US Dollar", isActive: true, isDefault: true },
    { code: "JPY", name: "Yen", isActive: false, isDefault: false },
    { code: "CAD", name: "Canadian Dollar", isActive: true, isDefault: false },
  ];

  it("offers the active currencies, the PSA's default first", () => {
    expect(sortCurrencies(currencies).map((c) => c.code)).toEqual(["USD", "CAD", "EUR"]);
  });

  it("accepts a code the PSA offers and refuses free text or an inactive one, naming the offered codes", () => {
    expect(currencyProblem("EUR", currencies, "autotask")).toBeNull();
    expect(currencyProblem("DOL", currencies, "autotask")).toEqual({ field: "currencyCode", message: "Autotask does not offer the currency DOL — pick one of USD, CAD, EUR." });
    expect(currencyProblem("JPY", currencies, "connectwise")?.message).toMatch(/^ConnectWise does not offer the currency JPY/);
    expect(currencyProblem("USD", [], "connectwise")?.message).toMatch(/offers no active currency/);
  });

  it("without a connection keeps only the saved currency", () => {
    expect(currencyWithoutConnectionProblem("USD", "USD")).toBeNull();
    expect(currencyWithoutConnectionProblem("DOL", "USD")?.field).toBe("currencyCode");
  });
});
