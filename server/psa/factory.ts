import { AutotaskConnector } from "./autotask";
import { ConnectWiseConnector } from "./connectwise";
import type { PsaConnector, PsaConnectorOptions, PsaCredentials } from "./types";

/** The one place that turns stored credentials into a connector; services never pick a class. */
export function createConnector(creds: PsaCredentials, options: PsaConnectorOptions = {}): PsaConnector {
  switch (creds.provider) {
    case "autotask":
      return new AutotaskConnector(creds.credentials, options);
    case "connectwise":
      return new ConnectWiseConnector(creds.credentials, options);
  }
}
