import type { RouterInputs, RouterOutputs } from "~/components/trpc/types";

/** The form's values per provider; secrets are only what the admin typed (never a saved one). */
export type AutotaskValues = { username: string; secret: string; integrationCode: string; zoneDiscoveryUrl: string };
export type ConnectWiseValues = {
  siteUrl: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  managementSolutionName: string;
};
export type Provider = "autotask" | "connectwise";
export type FormValues = { autotask: AutotaskValues; connectwise: ConnectWiseValues };

export type Connection = NonNullable<RouterOutputs["integration"]["get"]["connection"]>;
export type TestAndSaveInput = RouterInputs["integration"]["testAndSave"];
export type TestResult = RouterOutputs["integration"]["testAndSave"];

/** Credentials of a sandbox tenant the page offers in demo and test modes ("Use these"). */
export type SandboxCredentialSet =
  | { key: string; label: string; provider: "autotask"; values: AutotaskValues }
  | { key: string; label: string; provider: "connectwise"; values: ConnectWiseValues };

export const PROVIDER_LABEL: Record<Provider, string> = { autotask: "Autotask", connectwise: "ConnectWise Manage" };
/** The field that holds each provider's secret. */
export const SECRET_FIELD = { autotask: "secret", connectwise: "privateKey" } as const;

/** The fields that say where the saved secret goes (the server keeps the same list). */
const TARGET_FIELDS = { autotask: ["username", "zoneDiscoveryUrl"], connectwise: ["siteUrl", "companyId", "publicKey"] } as const;

/**
 * True when the form points the saved secret somewhere else than where it was saved: the server
 * only reuses a saved secret for the same target, so the admin must type it again.
 */
export function secretTargetChanged(provider: Provider, connection: Connection | null, values: FormValues, defaultZoneDiscoveryUrl: string): boolean {
  if (!connection || connection.provider !== provider || connection.savedSecrets.length === 0) return false;
  const current: Record<string, string> =
    provider === "autotask" ? { ...values.autotask, zoneDiscoveryUrl: values.autotask.zoneDiscoveryUrl.trim() || defaultZoneDiscoveryUrl } : values.connectwise;
  const norm = (field: string, value: string | undefined) => (field.endsWith("Url") ? (value ?? "").trim().replace(/\/+$/, "") : (value ?? "").trim());
  return TARGET_FIELDS[provider].some((field) => norm(field, current[field]) !== norm(field, connection.settings[field]));
}

/** Initial values: the saved connection's settings for its provider (never a secret), blanks otherwise. */
export function initialValues(connection: Connection | null, defaultZoneDiscoveryUrl: string): FormValues {
  const at = connection?.provider === "autotask" ? connection.settings : {};
  const cw = connection?.provider === "connectwise" ? connection.settings : {};
  return {
    autotask: {
      username: at.username ?? "",
      secret: "",
      integrationCode: at.integrationCode ?? "",
      zoneDiscoveryUrl: at.zoneDiscoveryUrl ?? defaultZoneDiscoveryUrl,
    },
    connectwise: {
      siteUrl: cw.siteUrl ?? "",
      companyId: cw.companyId ?? "",
      publicKey: cw.publicKey ?? "",
      privateKey: "",
      clientId: cw.clientId ?? "",
      managementSolutionName: cw.managementSolutionName ?? "",
    },
  };
}

export function toInput(provider: Provider, values: FormValues): TestAndSaveInput {
  if (provider === "autotask") return { provider, ...values.autotask };
  return { provider, ...values.connectwise };
}

/** Labels for the details a PSA reports at a successful test; unknown keys are spelled out. */
const DETAIL_LABEL: Record<string, string> = {
  apiUser: "API user",
  zoneName: "Zone",
  zoneUrl: "Zone URL",
  webUrl: "Web URL",
  ci: "Database (CI)",
  requestsThisHour: "Requests this hour",
  companyId: "Company ID",
  codebase: "Codebase",
  version: "Version",
  versionNumber: "Version number",
  cloud: "Cloud",
  serverTimeZone: "Server time zone",
  cloudRegion: "Cloud region",
};

export function detailLabel(key: string): string {
  if (DETAIL_LABEL[key]) return DETAIL_LABEL[key];
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What a PsaError kind means, as a short heading for the error panel. */
export const FAILURE_TITLE: Record<string, string> = {
  auth: "The credentials were rejected",
  forbidden: "The API user lacks a permission",
  not_found: "The PSA could not find what was asked for",
  invalid: "The PSA refused the request",
  throttled: "The PSA is limiting requests",
  unavailable: "The PSA did not answer",
};

/** Step texts shown in turn while Test and Save runs (the test is one request; these pace its stages). */
export const PROGRESS_STEPS: Record<Provider, string[]> = {
  autotask: ["Contacting Autotask… finding the API user's zone…", "Contacting Autotask… checking the API user…", "Contacting Autotask… reading the account details…"],
  connectwise: [
    "Contacting ConnectWise… looking up the company's codebase…",
    "Contacting ConnectWise… checking the API keys…",
    "Contacting ConnectWise… reading the account details…",
  ],
};
