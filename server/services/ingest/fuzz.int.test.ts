import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { PUT as putAccounts } from "~/app/api/v1/accounts/route";
import { PUT as putCustomers } from "~/app/api/v1/customers/route";
import { POST as postEvents } from "~/app/api/v1/events/route";
import { PUT as putUsage } from "~/app/api/v1/usage/route";
import { setDbHandle } from "~/db";
import { listBillableItemCodes } from "~/db/queries/ingest";
import { createAccount, createCustomer } from "~/db/seed/factories";
import { createRng, type Rng, seedFrom } from "~/server/demo/prng";
import { createTestDatabase } from "~/server/testing/test-db";

import { MAX_BODY_BYTES } from "./schemas";
import { partnerWithKey } from "./test-kit";

/**
 * Fuzzes the four ingest routes (the real route handlers, on a real database): random JSON,
 * mutated valid bodies, wrong types, boundary values, deep nesting, huge strings, bad Unicode and
 * wrong content types. Expected: no 5xx ever, nothing logged as an unexpected failure, every 400
 * a JSON error whose issues name paths, and every item known to be bad named by path.
 *
 * The bodies come from a seeded generator: a failure prints the seed; rerun it with
 * INGEST_FUZZ_SEED=<seed> npx vitest run --project int-pglite server/services/ingest/fuzz.int.test.ts
 */
vi.mock("~/inngest/dispatch", () => ({ dispatchVendorEvents: vi.fn(async () => {}) }));

// A fixed seed by default, so CI runs the same bodies every time (a red run is reproducible, never
// flaky); INGEST_FUZZ_SEED=random explores new ones locally.
const SEED =
  process.env.INGEST_FUZZ_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.INGEST_FUZZ_SEED) || 20_261_202;
const BODIES_PER_ROUTE = Number(process.env.INGEST_FUZZ_BODIES) || 500;

type Route = {
  name: string;
  key: "customers" | "accounts" | "events" | "usage";
  method: "PUT" | "POST";
  handler: (req: Request) => Promise<Response>;
  valid: (rng: Rng) => Record<string, unknown>;
  /** Fields whose value decides validity, with values known to be refused. */
  fields: Record<string, unknown[]>;
  /** Required fields: deleting one is known to be refused. */
  required: string[];
};

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let apiKey: string;
let itemCodes: string[];
let seq = 0;

const DAY = 24 * 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
/**
 * A value nested `levels` deep: objects at odd levels (the outermost is an object), arrays at
 * even ones. Serialized by toJson without recursion, since JSON.stringify overflows the stack a
 * few thousand levels down.
 */
class Deep {
  constructor(
    readonly levels: number,
    readonly leaf: unknown = 1,
  ) {}
}
const deep = (levels: number, leaf: unknown = 1) => new Deep(levels, leaf);

function toJson(v: unknown): string {
  if (v instanceof Deep) {
    const open: string[] = [];
    const close: string[] = [];
    for (let level = 1; level <= v.levels; level++) {
      open.push(level % 2 ? '{"k":' : "[");
      close.push(level % 2 ? "}" : "]");
    }
    return open.join("") + toJson(v.leaf) + close.reverse().join("");
  }
  if (Array.isArray(v)) return `[${v.map(toJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

/** Values no text field accepts. */
const badText = ["a\u0000b", "\u0000", "x\ud800", "\udfffy", "\ud83d"];
/** Values of the wrong type for a string field. */
const notString = [null, 0, -1, 1e308, 12345678901234567890, true, [], ["a"], {}, { a: 1 }, deep(40)];
/** Timestamps that can never be accepted (invalid, implausible or out of the window). */
const badTimes = () => [
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00Z",
  "1970-01-01T00:00:00Z",
  "1999-12-31T23:59:59.999Z",
  "9999-12-31T23:59:59-23:59",
  "2099-01-01T00:00:00Z",
  iso(Date.now() + 2 * DAY),
  iso(Date.now() + 3_600_000),
  "+275760-09-13T00:00:00Z",
  "2026-02-30T10:00:00Z",
  "2026-02-29T10:00:00Z",
  "2026-13-01T10:00:00Z",
  "2026-03-01T24:00:00Z",
  "2026-03-01T10:00:60Z",
  "2026-03-01T10:00:00",
  "2026-03-01",
  "yesterday",
  "",
  " 2026-03-01T10:00:00Z",
  1_700_000_000_000,
  null,
];
/** Usage days that can never be accepted. */
const badPeriods = () => [
  "0000-01-01",
  "0001-01-01",
  "1999-12-31",
  "2026-02-30",
  "2026-02-29",
  "2026-00-10",
  "9999-12-31",
  iso(Date.now() + 3 * DAY).slice(0, 10),
  "2026-1-1",
  "20260101",
  "2026-03-01T00:00:00Z",
  "",
  20260101,
  null,
];
const badNumbers = [-1, -0.0001, 1e15, 1e20, 1e308, -1e308, 100_000_000_000_000, "1", "", null, true, [], {}, [1]];

/** Values of every kind and size, plausible or not, whose validity the test does not predict. */
function wildValue(rng: Rng, depth = 0): unknown {
  const kind = rng.int(0, depth > 3 ? 6 : 10);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -0, 1, -1, 0.5, 2 ** 31, 2 ** 53 + 1, 1e14 - 1, 99_999_999_999_999.99, 5e-324, 1e-7, 1e308, -1e308]);
    case 3:
      return rng.int(-1e9, 1e9) / rng.pick([1, 10, 1000]);
    case 4:
    case 5:
      return wildString(rng);
    case 6:
      return rng.pick([...badTimes(), ...badPeriods(), iso(Date.now() - rng.int(0, 400) * DAY), iso(Date.now() - rng.int(0, 400) * DAY).slice(0, 10)]);
    case 7:
      return Array.from({ length: rng.int(0, 4) }, () => wildValue(rng, depth + 1));
    case 8:
      return Object.fromEntries(Array.from({ length: rng.int(0, 4) }, () => [wildString(rng).slice(0, 20), wildValue(rng, depth + 1)]));
    case 9:
      return deep(rng.pick([15, 16, 17, 64, 1000, 20_000]), wildValue(rng, 5));
    default:
      return rng.pick(notString);
  }
}

function wildString(rng: Rng): string {
  const pieces = [
    "",
    " ",
    "a",
    "ACME-1",
    "backup",
    "backup.failed",
    "ok",
    "warning",
    "server",
    "example.com",
    "Ä",
    "😀",
    "\u2028",
    "\ufeff",
    "\uffff",
    "\u202e",
    "\u0000",
    "\ud800",
    "\udc00",
    "\\u0000",
    "'; drop table events; --",
    "%s%n%x",
    "${7*7}",
    "<script>alert(1)</script>",
    "__proto__",
    "constructor",
    "\r\n",
    "\t",
  ];
  let s = "";
  for (let i = rng.int(0, 4); i > 0; i--) s += rng.pick(pieces);
  if (rng.chance(0.05)) s += rng.pick(["x", "é", "😀"]).repeat(rng.pick([63, 64, 65, 128, 129, 200, 201, 2000, 2001, 70_000]));
  return s;
}

const routes = (): Route[] => [
  {
    name: "PUT /api/v1/customers",
    key: "customers",
    method: "PUT",
    handler: putCustomers,
    valid: (rng) => ({
      id: rng.chance(0.5) ? "CUST-1" : `C-${SEED}-${++seq}`,
      name: rng.pick(["Acme", "Globex 😀", "Ünïcödé GmbH", "  padded  "]),
      ...(rng.chance(0.5) ? { domain: rng.pick(["example.com", null, "EXAMPLE.org"]) } : {}),
    }),
    fields: {
      id: [...badText, ...notString, "", "x".repeat(65)],
      name: [...badText, ...notString, "", "   ", "x".repeat(201)],
      domain: ["not a domain", "-a.com", "a..b", "", 1, true, [], {}, "xn--", "a\u0000.com", "\ud800.com"],
    },
    required: ["id", "name"],
  },
  {
    name: "PUT /api/v1/accounts",
    key: "accounts",
    method: "PUT",
    handler: putAccounts,
    valid: (rng) => ({
      accountNumber: rng.chance(0.5) ? rng.pick(["SRV-1", "WS-1"]) : `A-${SEED}-${++seq}`,
      customerId: "CUST-1",
      kind: rng.pick(["server", "workstation", "mailbox_set", "appliance"]),
      ...(rng.chance(0.5) ? { name: rng.pick(["File server", null, "Ägypten"]) } : {}),
    }),
    fields: {
      accountNumber: [...badText, ...notString, "", "x".repeat(65)],
      customerId: [...badText, ...notString, "", "x".repeat(65)],
      kind: ["Server", "desktop", "", null, 1, [], {}, "server\u0000"],
      name: [...badText, "", "   ", "x".repeat(201), 1, true, [], {}],
    },
    required: ["accountNumber", "customerId", "kind"],
  },
  {
    name: "POST /api/v1/events",
    key: "events",
    method: "POST",
    handler: postEvents,
    valid: (rng) => ({
      id: `E-${SEED}-${++seq}`,
      accountNumber: rng.pick(["SRV-1", "WS-1"]),
      type: rng.pick(["backup", "backup.failed", "disk_space", "a"]),
      severity: rng.pick(["ok", "warning", "error"]),
      occurredAt: rng.pick([
        iso(Date.now() - rng.int(0, 90 * DAY)),
        "2000-01-01T00:00:00Z",
        "2026-03-01T11:15:00+01:00",
        "2024-02-29T23:59:59.123456789Z",
        iso(Date.now() + 60_000),
      ]),
      ...(rng.chance(0.5) ? { message: rng.pick(["Backup failed 💥", null, "x".repeat(2000)]) } : {}),
      ...(rng.chance(0.5) ? { details: rng.pick([{}, null, { job: "nightly", n: 3, nested: { list: [1, "✓", null] } }, deep(15) as object]) } : {}),
    }),
    fields: {
      id: [...badText, ...notString, "", "x".repeat(129)],
      accountNumber: [...badText, ...notString, "", "x".repeat(65)],
      type: ["Backup", "", "-x", "a b", "x".repeat(65), "a\u0000", null, 1, [], {}],
      severity: ["fatal", "OK", "", null, 0, [], {}],
      occurredAt: badTimes(),
      message: [...badText, "x".repeat(2001), 1, true, [], {}],
      details: [
        deep(17),
        deep(200),
        deep(50_000),
        { big: "x".repeat(17 * 1024) },
        { "a\u0000": 1 },
        { a: "\ud800" },
        { a: ["ok", { b: "x\u0000" }] },
        JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
        [],
        [1, 2],
        "details",
        1,
        true,
      ],
    },
    required: ["id", "accountNumber", "type", "severity", "occurredAt"],
  },
  {
    name: "PUT /api/v1/usage",
    key: "usage",
    method: "PUT",
    handler: putUsage,
    valid: (rng) => ({
      customerId: "CUST-1",
      ...(rng.chance(0.5) ? { accountNumber: rng.pick(["SRV-1", "WS-1", null]) } : {}),
      item: rng.pick(itemCodes),
      quantity: rng.pick([0, 1, 12.5, 1e-7, 5e-324, 99_999_999_999_999, 12_345_678_901.23456, 2 ** 31, -0]),
      period: rng.pick([iso(Date.now() - rng.int(0, 400) * DAY).slice(0, 10), "2000-01-01", "2024-02-29", iso(Date.now()).slice(0, 10)]),
    }),
    fields: {
      customerId: [...badText, ...notString, "", "x".repeat(65)],
      accountNumber: [...badText, "", "x".repeat(65), 1, true, [], {}],
      item: ["nope", "", null, 1, [], {}, deep(10_000), "x".repeat(100_000), "a\u0000"],
      quantity: badNumbers,
      period: badPeriods(),
    },
    required: ["customerId", "item", "quantity", "period"],
  },
];

type Case = {
  route: Route;
  label: string;
  body: string | Uint8Array<ArrayBuffer>;
  contentType: string | null;
  key: string | null;
  /** Paths that must appear in the 400's issues (items known to be bad). */
  mustName: string[];
  /** Path prefixes of the items left valid in a batch: no issue may name them. */
  innocent: string[];
  /** When true the body is fully valid: the answer must be 2xx. */
  valid: boolean;
};

function generateCase(rng: Rng, route: Route): Case {
  const base = { route, contentType: "application/json", key: apiKey, mustName: [] as string[], innocent: [] as string[], valid: false };
  const batchOf = (items: unknown[]) => ({ [route.key]: items });
  const kind = rng.weighted<string>([
    ["valid", 12],
    ["mutated", 45],
    ["wild-item", 12],
    ["wild-body", 10],
    ["raw", 8],
    ["headers", 5],
  ]);
  switch (kind) {
    case "valid": {
      const items = Array.from({ length: rng.int(1, 4) }, () => route.valid(rng));
      const single = items.length === 1 && rng.chance(0.4);
      return { ...base, label: "valid", body: toJson(single ? items[0] : batchOf(items)), valid: true };
    }
    case "mutated": {
      const items = Array.from({ length: rng.int(1, 6) }, () => route.valid(rng));
      const single = items.length === 1 && rng.chance(0.3);
      const known = new Map<string, boolean>(); // path -> known bad (the last mutation of a field wins)
      const mutations: string[] = [];
      const touched = new Set<number>();
      for (let m = rng.int(1, 3); m > 0; m--) {
        const i = rng.int(0, items.length - 1);
        const item = items[i]!;
        touched.add(i);
        const at = (field: string) => (single ? field : `${route.key}[${i}].${field}`);
        const op = rng.weighted<string>([
          ["bad", 6],
          ["delete", 1],
          ["wild", 2],
          ["extra", 1],
        ]);
        const field = rng.pick(Object.keys(route.fields));
        if (op === "bad") {
          item[field] = rng.pick(route.fields[field]!);
          known.set(at(field), true);
        } else if (op === "delete") {
          delete item[field];
          known.set(at(field), route.required.includes(field));
        } else if (op === "wild") {
          item[field] = wildValue(rng);
          known.set(at(field), false);
        } else {
          // defineProperty: a key "__proto__" becomes an own property, as JSON.parse makes it.
          const key = wildString(rng).slice(0, 30) || "extra";
          Object.defineProperty(item, key, { value: wildValue(rng), enumerable: true, configurable: true, writable: true });
        }
        mutations.push(`${op}:${at(field)}`);
      }
      const mustName = [...known].filter(([, bad]) => bad).map(([path]) => path);
      const innocent = single ? [] : items.flatMap((_, i) => (touched.has(i) ? [] : [`${route.key}[${i}].`]));
      return { ...base, label: `mutated ${mutations.join(",")}`, body: toJson(single ? items[0] : batchOf(items)), mustName, innocent };
    }
    case "wild-item": {
      const items = Array.from({ length: rng.int(1, 3) }, () =>
        Object.fromEntries(Object.keys(route.fields).map((f) => [f, rng.chance(0.6) ? route.valid(rng)[f] : wildValue(rng)])),
      );
      return { ...base, label: "wild item", body: toJson(batchOf(items)) };
    }
    case "wild-body": {
      const body = rng.pick([
        () => wildValue(rng),
        () => ({ [route.key]: wildValue(rng) }),
        () => ({ [route.key]: Array.from({ length: rng.int(0, 4) }, () => wildValue(rng)) }),
        () => ({ [route.key]: [], other: deep(50_000) }),
        () => deep(rng.pick([10, 1000, 100_000])),
      ])();
      return { ...base, label: "wild body", body: toJson(body) };
    }
    case "raw": {
      const valid = toJson(batchOf([route.valid(rng)]));
      const raw = rng.pick<() => string | Uint8Array<ArrayBuffer>>([
        () => valid.slice(0, rng.int(0, valid.length - 1)),
        () => "",
        () => "   ",
        () => "null",
        () => "1e999",
        () => "\ufeff" + valid,
        () => valid.replace(/"[^"]*"/, '"\\ud800"'),
        () => valid.replace(/"[^"]*"/, '"\\u0000"'),
        () => valid + valid,
        () => "[".repeat(200_000) + "]".repeat(200_000),
        () => `{"${route.key}":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
        () => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
        () => new Uint8Array([0xc3, 0x28]),
        () => `{"${route.key}": [${"1".repeat(400)}]}`,
        () => JSON.stringify(batchOf(Array.from({ length: 1001 }, () => ({})))),
        () => JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES) }),
      ])();
      return { ...base, label: "raw", body: raw };
    }
    default: {
      const valid = toJson(batchOf([route.valid(rng)]));
      const variant = rng.pick<Partial<Case>>([
        { contentType: null },
        { contentType: "text/plain" },
        { contentType: "application/x-www-form-urlencoded" },
        { contentType: "multipart/form-data; boundary=x" },
        { contentType: "application/jsonp" },
        { contentType: "application/vnd.api+json" },
        { contentType: "APPLICATION/JSON; charset=utf-8" },
        { key: null },
        { key: "psar_not-a-key" },
        { key: "x".repeat(300) },
      ]);
      return { ...base, label: `headers ${JSON.stringify(variant)}`, body: valid, ...variant };
    }
  }
}

async function send(c: Case): Promise<{ status: number; body: unknown; contentType: string | null }> {
  const headers: Record<string, string> = {};
  if (c.contentType) headers["content-type"] = c.contentType;
  if (c.key) headers.authorization = `Bearer ${c.key}`;
  const req = new Request(`http://localhost/api/v1/${c.route.key}`, { method: c.route.method, headers, body: c.body });
  const res = await c.route.handler(req);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, contentType: res.headers.get("content-type") };
}

const preview = (body: string | Uint8Array<ArrayBuffer>) =>
  typeof body === "string" ? (body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body) : `bytes ${[...body].join(",")}`;

/** What is wrong with one answer, or null. */
function problemOf(c: Case, res: { status: number; body: unknown; contentType: string | null }): string | null {
  if (res.status >= 500) return `status ${res.status}`;
  if (!res.contentType?.startsWith("application/json")) return `content-type ${res.contentType}`;
  if (c.valid && (res.status < 200 || res.status > 299)) return `valid body answered ${res.status}`;
  if (c.mustName.length > 0 && res.status !== 400 && res.status !== 413) return `known-bad body answered ${res.status}`;
  if (res.status === 400 || res.status === 422) {
    const error = (res.body as { error?: { code?: unknown; message?: unknown; issues?: unknown } }).error;
    const code = res.status === 400 ? "invalid_request" : "unprocessable";
    if (error?.code !== code || typeof error.message !== "string") return `${res.status} without a JSON error`;
    const issues = error.issues as { path?: unknown; message?: unknown }[] | undefined;
    if (!Array.isArray(issues) || issues.length === 0) return `${res.status} without issues`;
    if (issues.some((i) => typeof i.path !== "string" || i.path === "" || typeof i.message !== "string" || i.message === "")) {
      return `${res.status} with an issue lacking a path or message`;
    }
    const paths = issues.map((i) => i.path as string);
    const missing = c.mustName.filter((p) => !paths.some((q) => q === p || q.startsWith(`${p}.`) || q.startsWith(`${p}[`)));
    if (missing.length > 0) return `${res.status} does not name ${missing.join(", ")} (named: ${paths.join(", ")})`;
    const blamed = paths.filter((q) => c.innocent.some((p) => q.startsWith(p)));
    if (blamed.length > 0) return `${res.status} names items that were left valid: ${blamed.join(", ")}`;
  }
  return null;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const ctx = await partnerWithKey(handle);
  apiKey = ctx.key;
  const customer = await createCustomer(handle.db, { partnerId: ctx.partner.id, vendorCustomerId: "CUST-1" });
  await createAccount(handle.db, { partnerId: ctx.partner.id, customerId: customer.id, accountNumber: "SRV-1" });
  await createAccount(handle.db, { partnerId: ctx.partner.id, customerId: customer.id, accountNumber: "WS-1", kind: "workstation" });
  itemCodes = await listBillableItemCodes(handle.db);
});
afterAll(async () => {
  setDbHandle(undefined);
  await handle?.close();
});

describe("ingest API fuzz", () => {
  it(`answers ${BODIES_PER_ROUTE} generated bodies per route without a 5xx, naming every bad item (seed ${SEED})`, { timeout: 240_000 }, async () => {
    const logged: string[] = [];
    const consoleError = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
    });
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    try {
      for (const route of routes()) {
        const rng = createRng(SEED ^ seedFrom(route.key));
        for (let n = 0; n < BODIES_PER_ROUTE && failures.length < 10; n++) {
          const c = generateCase(rng, route);
          const res = await send(c);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          const problem = problemOf(c, res);
          if (problem) {
            failures.push(
              `${route.name} #${n} (${c.label}): ${problem}\n  body: ${preview(c.body)}\n  answer: ${JSON.stringify(res.body).slice(0, 600)}`,
            );
          }
        }
      }
    } finally {
      consoleError.mockRestore();
    }
    const report = `seed ${SEED} (rerun with INGEST_FUZZ_SEED=${SEED}); statuses ${JSON.stringify(statuses)}`;
    expect(failures, `${report}\n${failures.join("\n")}`).toEqual([]);
    expect(logged, `${report}: unexpected failures were logged`).toEqual([]);
    // The generator reaches both sides: accepted bodies and each kind of refusal.
    if (BODIES_PER_ROUTE >= 200) expect(Object.keys(statuses).sort(), report).toEqual(expect.arrayContaining(["200", "202", "400", "401", "413", "422"]));
  });
});
