import { z } from "zod";

import { describeSkew, ingestWindow, type TimeWindow } from "./limits";
import { accountSchema, customerSchema, eventSchema, MAX_BATCH, MAX_BODY_BYTES, MAX_DETAILS_DEPTH, usageSchema } from "./schemas";

/**
 * The OpenAPI 3.1 document of the ingest API, generated from the same zod schemas that validate
 * requests (z.toJSONSchema), so documentation and validation cannot drift. The billable item
 * codes are data, so the document lists the codes this portal knows.
 */
const issueSchema = z.object({ path: z.string().describe("The failing field, e.g. events[2].severity."), message: z.string() });
const errorSchema = z.object({
  error: z.object({
    code: z.enum(["invalid_request", "unauthorized", "payload_too_large", "unprocessable", "internal_error"]),
    message: z.string().describe("What went wrong and what to do."),
    issues: z.array(issueSchema).optional().describe("Every failing field (400) or unknown reference (422)."),
  }),
});
const upsertResultSchema = z.object({
  created: z.int(),
  updated: z.int(),
  unchanged: z.int().describe("Rows sent with the values already stored."),
});
const eventsResultSchema = z.object({
  accepted: z.int().describe("Events stored by this request."),
  duplicates: z.int().describe("Events whose id was received before or repeats an id of this batch."),
  results: z.array(z.object({ id: z.string(), status: z.enum(["accepted", "duplicate"]) })).describe("One per event, in request order."),
});
const usageResultSchema = z.object({ upserted: z.int().describe("Usage rows inserted or replaced.") });

type Resource = { path: string; method: "put" | "post"; key: string; item: string; ok: 200 | 202; result: string; summary: string; description: string };

const resources: Resource[] = [
  {
    path: "/api/v1/customers",
    method: "put",
    key: "customers",
    item: "Customer",
    ok: 200,
    result: "UpsertResult",
    summary: "Create or update customers",
    description: "Upserts by the vendor customer id. A customer repeated in one request is applied once, with its last values.",
  },
  {
    path: "/api/v1/accounts",
    method: "put",
    key: "accounts",
    item: "Account",
    ok: 200,
    result: "UpsertResult",
    summary: "Create or update accounts",
    description: "Upserts by account number; an account may move to another customer. Unknown customer ids give 422.",
  },
  {
    path: "/api/v1/events",
    method: "post",
    key: "events",
    item: "Event",
    ok: 202,
    result: "EventsResult",
    summary: "Report events",
    description:
      "Stores the events atomically (all or nothing) before answering and queues them for processing. " +
      "Event ids received before, or repeated in the batch, are acknowledged as duplicates and not applied again, so retries are safe. " +
      "Unknown account numbers give 422.",
  },
  {
    path: "/api/v1/usage",
    method: "put",
    key: "usage",
    item: "Usage",
    ok: 200,
    result: "UsageResult",
    summary: "Report usage quantities",
    description: "Replaces the quantity of each (customer, account, item, period). Unknown item codes give 400 listing the valid codes.",
  },
];

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** Adds a sentence to the description of one property of a generated component schema. */
function describeProperty(schemas: Record<string, unknown>, id: string, property: string, sentence: string) {
  const prop = (schemas[id] as { properties?: Record<string, { description?: string }> } | undefined)?.properties?.[property];
  if (prop) prop.description = prop.description ? `${prop.description} ${sentence}` : sentence;
}

export function buildOpenApiDocument(itemCodes: readonly string[], window: TimeWindow = ingestWindow()) {
  const registry = z.registry<{ id: string }>();
  registry.add(customerSchema, { id: "Customer" });
  registry.add(accountSchema, { id: "Account" });
  registry.add(eventSchema, { id: "Event" });
  registry.add(usageSchema(itemCodes), { id: "Usage" });
  registry.add(issueSchema, { id: "Issue" });
  registry.add(errorSchema, { id: "Error" });
  registry.add(upsertResultSchema, { id: "UpsertResult" });
  registry.add(eventsResultSchema, { id: "EventsResult" });
  registry.add(usageResultSchema, { id: "UsageResult" });
  const generated = z.toJSONSchema(registry, { io: "input", uri: (id) => `#/components/schemas/${id}` });
  const schemas = Object.fromEntries(
    Object.entries(generated.schemas).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
  // The time window is configuration (INGEST_MIN_OCCURRED_AT, INGEST_MAX_FUTURE_SKEW_SECONDS), not a zod constant.
  const skew = describeSkew(window.maxFutureSkewSeconds);
  const earliest = window.minOccurredAt.toISOString();
  describeProperty(schemas, "Event", "occurredAt", `Accepted from ${earliest} to ${skew} ahead of the server's clock; other times get 400.`);
  describeProperty(
    schemas,
    "Usage",
    "period",
    `Accepted from ${earliest.slice(0, 10)} to the current day in the time zone furthest ahead (UTC+14); other days get 400.`,
  );

  const paths = Object.fromEntries(
    resources.map((r) => [
      r.path,
      {
        [r.method]: {
          operationId: `${r.method}${r.key[0]!.toUpperCase()}${r.key.slice(1)}`,
          summary: r.summary,
          description: r.description,
          requestBody: {
            required: true,
            description: `One ${r.item} object, or {"${r.key}": [...]} with up to ${MAX_BATCH}. At most ${MAX_BODY_BYTES / (1024 * 1024)} MB.`,
            content: {
              "application/json": {
                schema: {
                  oneOf: [
                    { $ref: `#/components/schemas/${r.item}` },
                    {
                      type: "object",
                      required: [r.key],
                      properties: { [r.key]: { type: "array", maxItems: MAX_BATCH, items: { $ref: `#/components/schemas/${r.item}` } } },
                    },
                  ],
                },
              },
            },
          },
          responses: {
            [r.ok]: { description: "Applied.", content: { "application/json": { schema: { $ref: `#/components/schemas/${r.result}` } } } },
            400: errorResponse(
              "Not JSON, or invalid fields: `issues` names every failing field (e.g. `events[3].occurredAt`); nothing was stored. " +
                "Such a request can never succeed as sent: fix or drop the named items and send the rest again.",
            ),
            401: errorResponse("Missing, unknown or revoked API key."),
            413: errorResponse(`More than ${MAX_BATCH} items, or a body over ${MAX_BODY_BYTES / (1024 * 1024)} MB.`),
            ...(r.key === "customers" ? {} : { 422: errorResponse("References a customer or account the partner does not have; `issues` names each.") }),
            500: errorResponse("Server error; nothing was acknowledged. Retry; the `X-Request-Id` response header identifies the failure in our logs."),
          },
        },
      },
    ]),
  );

  return {
    openapi: "3.1.0",
    info: {
      title: "PSA Relay ingest API",
      version: "1.0.0",
      description:
        "How the vendor platform reports customers, accounts, events and usage to PSA Relay. " +
        "Authenticate with a partner API key: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. " +
        "Each request is applied atomically: all of it or, on any error, none of it. " +
        `Limits: at most ${MAX_BATCH} items and ${MAX_BODY_BYTES / (1024 * 1024)} MB per request; text must be valid Unicode without NUL (\\u0000); ` +
        `event details at most ${MAX_DETAILS_DEPTH} levels deep; event times from ${earliest} to ${skew} ahead of the server's clock; ` +
        "usage days not before that date and not in the future.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { apiKeyHeader: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A partner API key (psar_...)." },
        apiKeyHeader: { type: "apiKey", in: "header", name: "X-Api-Key" },
      },
    },
  };
}
