import { STATUS_CODES } from "node:http";

import { and, eq } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { psaConnections } from "~/db/schema/psa";
import { openSecret, sealSecret } from "~/server/crypto/secrets";
import { AppError } from "~/server/errors/app-error";
import { isPsaError, type PsaError } from "~/server/psa/errors";
import { createConnector } from "~/server/psa/factory";
import type { PsaAccountInfo, PsaConnector, PsaConnectorOptions, PsaCredentials } from "~/server/psa/types";
import { psaUrlProblem } from "~/server/psa/url-policy";

import { AUTOTASK_DEFAULT_ZONE_DISCOVERY_URL, type ConnectionInput, SECRET_FIELDS, SECRET_TARGET_FIELDS } from "./schemas";

type Row = typeof psaConnections.$inferSelect;

const aad = (partnerId: string) => `${partnerId}:psa-connection`;

/** What the browser may see of a connection: settings, which secrets are saved, status. Never a secret. */
export type ConnectionView = {
  provider: "autotask" | "connectwise";
  settings: Record<string, string>;
  savedSecrets: string[];
  status: "connected" | "failed";
  accountInfo: PsaAccountInfo | null;
  lastTestedAt: Date | null;
  lastError: string | null;
  updatedAt: Date;
};

function toView(row: Row): ConnectionView {
  return {
    provider: row.provider,
    settings: row.settings,
    savedSecrets: [...SECRET_FIELDS[row.provider]],
    status: row.status,
    accountInfo: row.accountInfo ? { provider: row.provider, ...row.accountInfo } : null,
    lastTestedAt: row.lastTestedAt,
    lastError: row.lastError,
    updatedAt: row.updatedAt,
  };
}

export async function getConnectionRow(db: DbOrTx, partnerId: string): Promise<Row | null> {
  const [row] = await db.select().from(psaConnections).where(eq(psaConnections.partnerId, partnerId));
  return row ?? null;
}

export async function getConnectionView(db: DbOrTx, partnerId: string): Promise<ConnectionView | null> {
  const row = await getConnectionRow(db, partnerId);
  return row ? toView(row) : null;
}

function splitInput(input: ConnectionInput): { settings: Record<string, string>; secrets: Record<string, string | undefined> } {
  if (input.provider === "autotask") {
    return {
      settings: {
        username: input.username,
        integrationCode: input.integrationCode,
        zoneDiscoveryUrl: input.zoneDiscoveryUrl ?? AUTOTASK_DEFAULT_ZONE_DISCOVERY_URL,
      },
      secrets: { secret: input.secret },
    };
  }
  const settings: Record<string, string> = {
    siteUrl: input.siteUrl.replace(/\/+$/, ""),
    companyId: input.companyId,
    publicKey: input.publicKey,
    clientId: input.clientId,
  };
  if (input.managementSolutionName) settings.managementSolutionName = input.managementSolutionName;
  return { settings, secrets: { privateKey: input.privateKey } };
}

export function credentialsOf(provider: "autotask" | "connectwise", settings: Record<string, string>, secrets: Record<string, string>): PsaCredentials {
  if (provider === "autotask") {
    return {
      provider,
      credentials: {
        username: settings.username ?? "",
        secret: secrets.secret ?? "",
        integrationCode: settings.integrationCode ?? "",
        zoneDiscoveryUrl: settings.zoneDiscoveryUrl,
      },
    };
  }
  return {
    provider,
    credentials: {
      siteUrl: settings.siteUrl ?? "",
      companyId: settings.companyId ?? "",
      publicKey: settings.publicKey ?? "",
      privateKey: secrets.privateKey ?? "",
      clientId: settings.clientId ?? "",
      managementSolutionName: settings.managementSolutionName,
    },
  };
}

export type TestResult = { ok: true; connection: ConnectionView } | { ok: false; kind: string; message: string; hint?: string };

const SECRET_LABEL = { secret: "secret", privateKey: "private key" } as const;
const TARGET_NAMES = { autotask: "API username or zone discovery URL", connectwise: "site URL, company id or public key" } as const;

/** The sentence the form shows beside a secret that must be typed again (the target changed). */
export function secretAgainMessage(provider: "autotask" | "connectwise"): string {
  const label = SECRET_LABEL[SECRET_FIELDS[provider][0]];
  return `Type the ${label} again: it is only sent to the host it was saved for, and the ${TARGET_NAMES[provider]} changed.`;
}

/** True when every field that says where the secret goes is unchanged since it was saved. */
function sameTarget(provider: "autotask" | "connectwise", saved: Record<string, string>, next: Record<string, string>): boolean {
  const norm = (field: string, value: string | undefined) => (field.endsWith("Url") ? (value ?? "").trim().replace(/\/+$/, "") : (value ?? "").trim());
  return SECRET_TARGET_FIELDS[provider].every((field) => norm(field, saved[field]) === norm(field, next[field]));
}

/**
 * A failed test in PSA Relay's own words. The PSA's answer may come from any host the admin typed,
 * so its text (`psaMessage`, and any message that quotes it) never goes back to the browser: such a
 * failure is told by its HTTP status alone.
 */
export function testFailure(err: PsaError): { kind: string; message: string; hint?: string } {
  const quoted = err.psaMessage?.trim();
  if (!quoted || !err.message.includes(quoted)) return { kind: err.kind, message: err.message, hint: err.hint };
  const psa = err.provider === "autotask" ? "Autotask" : "ConnectWise";
  const status = err.status ? `${err.status} ${STATUS_CODES[err.status] ?? ""}`.trim() : null;
  const message = status ? `The host answered ${status}${err.operation ? ` to ${err.operation}` : ""}.` : `${psa} could not be reached.`;
  return { kind: err.kind, message, hint: err.hint };
}

/**
 * Test and Save: the credentials are tried against the PSA first; only credentials that work are
 * saved (secrets sealed). A blank secret reuses the saved one only when the provider and the
 * secret's target (Autotask: username and zone discovery URL; ConnectWise: site URL, company id and
 * public key) are unchanged — a saved secret is never sent to another host or account.
 */
export async function testAndSaveConnection(
  db: DbOrTx,
  ctx: { partnerId: string; userId: string },
  input: ConnectionInput,
  options: PsaConnectorOptions = {},
): Promise<TestResult> {
  const existing = await getConnectionRow(db, ctx.partnerId);
  const { settings, secrets: given } = splitInput(input);
  const reusable = existing !== null && existing.provider === input.provider && sameTarget(input.provider, existing.settings, settings);
  const saved: Record<string, string> = reusable ? (JSON.parse(openSecret(existing.sealedSecrets, aad(ctx.partnerId))) as Record<string, string>) : {};
  const secrets: Record<string, string> = {};
  for (const field of SECRET_FIELDS[input.provider]) {
    const value = given[field] ?? saved[field];
    if (!value) {
      const savedElsewhere = existing !== null && existing.provider === input.provider && !reusable;
      const message = savedElsewhere
        ? secretAgainMessage(input.provider)
        : field === "secret"
          ? "Enter the API user's secret."
          : "Enter the API member's private key.";
      throw new AppError("BAD_REQUEST", message, { field });
    }
    secrets[field] = value;
  }
  for (const [field, url] of Object.entries({ zoneDiscoveryUrl: settings.zoneDiscoveryUrl, siteUrl: settings.siteUrl })) {
    const problem = url === undefined ? null : psaUrlProblem(url);
    if (problem) throw new AppError("BAD_REQUEST", problem, { field });
  }

  let account: PsaAccountInfo;
  try {
    const connector = createConnector(credentialsOf(input.provider, settings, secrets), {
      connectionKey: `test:${ctx.partnerId}`,
      maxRetries: 1,
      timeoutMs: 15_000,
      ...options,
    });
    account = await connector.testConnection();
  } catch (err) {
    if (!isPsaError(err)) throw err;
    const failure = testFailure(err);
    if (existing) {
      await db
        .update(psaConnections)
        .set({ lastTestedAt: new Date(), lastError: failure.message })
        .where(and(eq(psaConnections.partnerId, ctx.partnerId), eq(psaConnections.id, existing.id)));
    }
    return { ok: false, ...failure };
  }

  const row = await storeConnection(db, ctx, { provider: input.provider, settings, secrets, accountInfo: account });
  return { ok: true, connection: toView(row) };
}

/**
 * Saves a connection (secrets sealed) as connected. Test and Save calls it after a successful test;
 * the demo seed calls it to connect the demo partners to the sandboxes.
 */
export async function storeConnection(
  db: DbOrTx,
  ctx: { partnerId: string; userId: string | null },
  input: { provider: "autotask" | "connectwise"; settings: Record<string, string>; secrets: Record<string, string>; accountInfo: PsaAccountInfo | null },
): Promise<Row> {
  const values = {
    partnerId: ctx.partnerId,
    provider: input.provider,
    settings: input.settings,
    sealedSecrets: sealSecret(JSON.stringify(input.secrets), aad(ctx.partnerId)),
    status: "connected" as const,
    accountInfo: input.accountInfo ? { name: input.accountInfo.name, baseUrl: input.accountInfo.baseUrl, details: input.accountInfo.details } : null,
    lastTestedAt: input.accountInfo ? new Date() : null,
    lastError: null,
    updatedByUserId: ctx.userId,
    updatedAt: new Date(),
  };
  const [row] = await db.insert(psaConnections).values(values).onConflictDoUpdate({ target: psaConnections.partnerId, set: values }).returning();
  return row!;
}

export async function removeConnection(db: DbOrTx, partnerId: string): Promise<{ removed: boolean }> {
  const rows = await db.delete(psaConnections).where(eq(psaConnections.partnerId, partnerId)).returning({ id: psaConnections.id });
  return { removed: rows.length > 0 };
}

/** The connector for a partner's saved connection, for the services of later issues. */
export async function connectorForPartner(db: DbOrTx, partnerId: string, options: PsaConnectorOptions = {}): Promise<PsaConnector | null> {
  const row = await getConnectionRow(db, partnerId);
  return row ? connectorForRow(row, options) : null;
}

/** The connector of a connection row already read (saves reading it twice in one request). */
export function connectorForRow(row: Row, options: PsaConnectorOptions = {}): PsaConnector {
  const secrets = JSON.parse(openSecret(row.sealedSecrets, aad(row.partnerId))) as Record<string, string>;
  return createConnector(credentialsOf(row.provider, row.settings, secrets), { connectionKey: row.id, ...options });
}
