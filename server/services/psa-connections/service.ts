import { and, eq } from "drizzle-orm";

import type { DbOrTx } from "~/db";
import { psaConnections } from "~/db/schema/psa";
import { openSecret, sealSecret } from "~/server/crypto/secrets";
import { AppError } from "~/server/errors/app-error";
import { isPsaError } from "~/server/psa/errors";
import { createConnector } from "~/server/psa/factory";
import type { PsaAccountInfo, PsaConnector, PsaConnectorOptions, PsaCredentials } from "~/server/psa/types";

import { AUTOTASK_DEFAULT_ZONE_DISCOVERY_URL, type ConnectionInput, SECRET_FIELDS } from "./schemas";

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

export type TestResult =
  | { ok: true; connection: ConnectionView }
  | { ok: false; kind: string; message: string; hint?: string; psaMessage?: string };

/**
 * Test and Save: the credentials are tried against the PSA first; only credentials that work are
 * saved (secrets sealed). A blank secret reuses the saved one when the provider is unchanged.
 */
export async function testAndSaveConnection(
  db: DbOrTx,
  ctx: { partnerId: string; userId: string },
  input: ConnectionInput,
  options: PsaConnectorOptions = {},
): Promise<TestResult> {
  const existing = await getConnectionRow(db, ctx.partnerId);
  const { settings, secrets: given } = splitInput(input);
  const saved: Record<string, string> =
    existing && existing.provider === input.provider ? (JSON.parse(openSecret(existing.sealedSecrets, aad(ctx.partnerId))) as Record<string, string>) : {};
  const secrets: Record<string, string> = {};
  for (const field of SECRET_FIELDS[input.provider]) {
    const value = given[field] ?? saved[field];
    if (!value) {
      throw new AppError("BAD_REQUEST", field === "secret" ? "Enter the API user's secret." : "Enter the API member's private key.", { field });
    }
    secrets[field] = value;
  }

  const connector = createConnector(credentialsOf(input.provider, settings, secrets), {
    connectionKey: `test:${ctx.partnerId}`,
    maxRetries: 1,
    timeoutMs: 15_000,
    ...options,
  });
  let account: PsaAccountInfo;
  try {
    account = await connector.testConnection();
  } catch (err) {
    if (!isPsaError(err)) throw err;
    if (existing) {
      await db
        .update(psaConnections)
        .set({ lastTestedAt: new Date(), lastError: err.message })
        .where(and(eq(psaConnections.partnerId, ctx.partnerId), eq(psaConnections.id, existing.id)));
    }
    return { ok: false, kind: err.kind, message: err.message, hint: err.hint, psaMessage: err.psaMessage };
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
