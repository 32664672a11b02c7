import { isPsaError, PsaError } from "../errors";
import type { PsaAccountInfo } from "../types";

import type { AutotaskClient } from "./client";
import { companySchema, entityInformationSchema, thresholdSchema } from "./schemas";

/**
 * Test the connection: zone discovery from the username, then authenticated calls — Companies
 * entityInformation (is there query access?), company 0 (the database's own company, for its
 * name) and ThresholdInformation (usage). Each failure becomes one sentence that says what to fix.
 */
export const CONNECTION_MESSAGES = {
  unknownUser: "The API username was not found in any Autotask zone: check the username.",
  rejected: "The API user was rejected: check the username and secret (and the API tracking identifier).",
  noCompanies: "This API user has no access to the Companies endpoint: give its security level access to Companies in Autotask.",
  noAnswer: "Autotask did not answer: check the zone-discovery URL and the network, then try again.",
} as const;

function restate(err: unknown, stage: "zone" | "api"): unknown {
  if (!isPsaError(err)) return err;
  let message: string | undefined;
  if (err.kind === "unavailable") message = `${CONNECTION_MESSAGES.noAnswer} (${err.message})`;
  else if (err.kind === "auth") message = stage === "zone" ? CONNECTION_MESSAGES.unknownUser : CONNECTION_MESSAGES.rejected;
  else if (err.kind === "forbidden") message = CONNECTION_MESSAGES.noCompanies;
  if (!message) return err;
  return new PsaError({
    kind: err.kind,
    provider: "autotask",
    status: err.status,
    psaMessage: err.psaMessage,
    retryAfterMs: err.retryAfterMs,
    operation: err.operation,
    hint: err.hint,
    message,
  });
}

export async function testAutotaskConnection(client: AutotaskClient, username: string): Promise<PsaAccountInfo> {
  let zone;
  try {
    zone = await client.discoverZone();
  } catch (err) {
    throw restate(err, "zone");
  }
  try {
    const info = await client.get("Companies/entityInformation", entityInformationSchema, "Companies.entityInformation");
    if (info.info.canQuery === false || info.info.userAccessForQuery?.trim().toLowerCase() === "none") {
      throw new PsaError({ kind: "forbidden", provider: "autotask", operation: "Companies.entityInformation", message: CONNECTION_MESSAGES.noCompanies });
    }
    const own = await client.getById("Companies", 0, companySchema);
    const threshold = await client.get("ThresholdInformation", thresholdSchema, "ThresholdInformation");
    const details: Record<string, string> = { apiUser: username };
    if (zone.zoneName) details.zoneName = zone.zoneName;
    details.zoneUrl = zone.url;
    if (zone.webUrl) details.webUrl = zone.webUrl;
    if (zone.ci !== null && zone.ci !== undefined) details.ci = String(zone.ci);
    if (threshold.externalRequestThreshold) {
      details.requestsThisHour = `${threshold.currentTimeframeRequestCount ?? 0} of ${threshold.externalRequestThreshold}`;
    }
    return {
      provider: "autotask",
      name: own?.companyName ?? (zone.ci ? `Autotask database ${zone.ci}` : "Autotask"),
      baseUrl: zone.url,
      details,
    };
  } catch (err) {
    throw restate(err, "api");
  }
}
