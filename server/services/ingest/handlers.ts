import { getDb } from "~/db";
import { listBillableItemCodes } from "~/db/queries/ingest";

import { parseBatch } from "./batch";
import { upsertAccounts, upsertCustomers } from "./customers";
import { ingestEvents } from "./events";
import { errorResponse, ingestRoute, json } from "./http";
import { buildOpenApiDocument } from "./openapi";
import { accountSchema, customerSchema, eventSchema } from "./schemas";
import { putUsage } from "./usage";

/** The ingest API's request handlers; app/api/v1/<resource>/route.ts only re-exports them. */

export const handlePutCustomers = ingestRoute(async ({ db, partnerId, body }) => {
  const batch = parseBatch(body, "customers", "customer", customerSchema);
  return json(200, await upsertCustomers(db, { partnerId, batch }));
});

export const handlePutAccounts = ingestRoute(async ({ db, partnerId, body }) => {
  const batch = parseBatch(body, "accounts", "account", accountSchema);
  return json(200, await upsertAccounts(db, { partnerId, batch }));
});

export const handlePostEvents = ingestRoute(async ({ db, partnerId, body }) => {
  const batch = parseBatch(body, "events", "event", eventSchema);
  return json(202, await ingestEvents(db, { partnerId, batch }));
});

export const handlePutUsage = ingestRoute(async ({ db, partnerId, body }) => json(200, await putUsage(db, { partnerId, body })));

/** GET /api/v1/openapi.json: public, no key needed. */
export async function handleGetOpenApi(): Promise<Response> {
  try {
    const codes = await listBillableItemCodes(await getDb());
    return json(200, buildOpenApiDocument(codes), { "cache-control": "public, max-age=300" });
  } catch (err) {
    return errorResponse(err);
  }
}
