import { describe, expect, it } from "vitest";

import { buildOpenApiDocument } from "./openapi";

describe("buildOpenApiDocument", () => {
  const doc = buildOpenApiDocument(["gb", "servers"]);

  it("describes the four ingest endpoints with the zod-derived schemas", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(["/api/v1/accounts", "/api/v1/customers", "/api/v1/events", "/api/v1/usage"]);
    const event = doc.components.schemas.Event as { required: string[]; properties: Record<string, { enum?: string[]; pattern?: string }> };
    expect(event.required.sort()).toEqual(["accountNumber", "id", "occurredAt", "severity", "type"]);
    expect(event.properties.severity!.enum).toEqual(["ok", "warning", "error"]);
    expect(event.properties.type!.pattern).toBe("^[a-z0-9][a-z0-9_.-]{0,63}$");
    const usage = doc.components.schemas.Usage as { properties: Record<string, { enum?: string[] }> };
    expect(usage.properties.item!.enum).toEqual(["gb", "servers"]);
  });

  it("only references schemas it defines", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(8);
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref);
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
  });

  it("states the limits: details depth and the configured time window", () => {
    const custom = buildOpenApiDocument(["gb"], { minOccurredAt: new Date("2010-01-01T00:00:00Z"), maxFutureSkewSeconds: 600 });
    const props = (id: string) => (custom.components.schemas[id] as { properties: Record<string, { description?: string }> }).properties;
    expect(props("Event").occurredAt!.description).toContain("Accepted from 2010-01-01T00:00:00.000Z to 10 minutes ahead");
    expect(props("Event").details!.description).toContain("at most 16 levels deep");
    expect(props("Usage").period!.description).toContain("Accepted from 2010-01-01");
    expect(custom.info.description).toContain("event details at most 16 levels deep");
  });
});
