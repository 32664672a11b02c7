import { AutotaskConnector } from "./autotask";
import { DEFAULT_ZONE_DISCOVERY_URL } from "./autotask/client";
import { ConnectWiseConnector } from "./connectwise";
import { PsaError } from "./errors";
import type { PsaConnector, PsaConnectorOptions, PsaCredentials } from "./types";
import { psaUrlProblem } from "./url-policy";

/**
 * The one place that turns stored credentials into a connector; services never pick a class.
 * Second line of defence behind Integration Setup's validation: a connector is never built for a
 * PSA URL that credentials may not be sent to (http outside demo and test modes).
 */
export function createConnector(creds: PsaCredentials, options: PsaConnectorOptions = {}): PsaConnector {
  switch (creds.provider) {
    case "autotask":
      refuseInsecure("autotask", creds.credentials.zoneDiscoveryUrl?.trim() || DEFAULT_ZONE_DISCOVERY_URL, "zone discovery URL");
      return new AutotaskConnector(creds.credentials, options);
    case "connectwise":
      refuseInsecure("connectwise", creds.credentials.siteUrl, "site URL");
      return new ConnectWiseConnector(creds.credentials, options);
  }
}

function refuseInsecure(provider: PsaCredentials["provider"], url: string, field: string): void {
  // A URL that does not parse is left to the connector's own validation, which names the field.
  const problem = URL.canParse(url.trim()) ? psaUrlProblem(url) : null;
  if (!problem) return;
  throw new PsaError({
    kind: "invalid",
    provider,
    operation: "connect",
    message: `The ${field} is not allowed: ${problem}`,
    hint: `Enter an https:// ${field} in Integration Setup.`,
  });
}
