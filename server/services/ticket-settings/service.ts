import type { DbOrTx } from "~/db";
import { listMappedCompanies, findTicketSettings, type TicketSettingsRow, upsertTicketSettings } from "~/db/queries/ticket-settings";
import { AppError } from "~/server/errors/app-error";
import { clearAutotaskConnectionCache } from "~/server/psa/autotask/client";
import { clearConnectionCache } from "~/server/psa/connectwise/cache";
import { isPsaError, type PsaError } from "~/server/psa/errors";
import type { PsaCompany, PsaConnector, PsaConnectorOptions, PsaProvider, PsaRef } from "~/server/psa/types";
import { connectorForPartner, getConnectionRow } from "~/server/services/psa-connections/service";

import {
  defaultTicketSettings,
  type FieldProblem,
  fieldLabel,
  findStaleValues,
  problemsAgainstPsa,
  providerLabel,
  type PsaLists,
  type StaleValue,
  type TicketSettings,
  type TicketSettingsInput,
  validateTicketSettings,
  withNames,
} from "./rules";

/** Interactive calls (the page) fail fast instead of retrying for minutes. */
const INTERACTIVE: PsaConnectorOptions = { maxRetries: 1, timeoutMs: 15_000 };

export const CONNECT_FIRST = "Connect your PSA in Integration Setup first: ticket settings are retrieved from it.";

function fromRow(row: TicketSettingsRow): TicketSettings {
  const { partnerId: _p, updatedAt: _u, updatedByUserId: _b, ...settings } = row;
  return settings;
}

/** The partner's ticket settings, or the defaults (ticketing off) when none were saved. */
export async function getTicketSettings(db: DbOrTx, partnerId: string): Promise<TicketSettings & { saved: boolean; updatedAt: Date | null }> {
  const row = await findTicketSettings(db, { partnerId });
  return row ? { ...fromRow(row), saved: true, updatedAt: row.updatedAt } : { ...defaultTicketSettings(), saved: false, updatedAt: null };
}

/** A PSA failure as a sentence for the page: what happened, the PSA's own words and what to do. */
export function psaFailureMessage(err: PsaError, what: string): string {
  const psa = providerLabel(err.provider);
  const parts = [`${psa} could not ${what}: ${err.message}`];
  if (err.psaMessage && !err.message.includes(err.psaMessage)) parts.push(`${psa} said: ${err.psaMessage}`);
  if (err.hint) parts.push(err.hint);
  return parts.join(" ");
}

/** The partner's connector, or a clear "connect first" error. */
export async function requireConnector(db: DbOrTx, partnerId: string, options: PsaConnectorOptions = {}): Promise<PsaConnector> {
  const connector = await connectorForPartner(db, partnerId, { ...INTERACTIVE, ...options });
  if (!connector) throw new AppError("BAD_REQUEST", CONNECT_FIRST);
  return connector;
}

async function statusesFor(connector: PsaConnector, queueId: string | null): Promise<PsaRef[]> {
  if (connector.provider === "autotask") return connector.listTicketStatuses();
  if (!queueId) return [];
  try {
    return await connector.listTicketStatuses(queueId);
  } catch (err) {
    // The board itself is gone: its statuses are too (the board is flagged on its own).
    if (isPsaError(err) && (err.kind === "not_found" || err.kind === "invalid")) return [];
    throw err;
  }
}

async function listsFor(connector: PsaConnector, queueId: string | null): Promise<PsaLists> {
  const [queues, priorities, statuses] = await Promise.all([connector.listQueues(), connector.listPriorities(), statusesFor(connector, queueId)]);
  return { provider: connector.provider, queues, priorities, statuses };
}

/**
 * Which saved ids (queue/board, priorities, statuses, alert-mapping queues and priorities, the
 * digest's queue and priority) no longer exist or are inactive in the PSA.
 */
export async function checkSettingsAgainstPsa(connector: PsaConnector, settings: TicketSettings): Promise<StaleValue[]> {
  return findStaleValues(settings, await listsFor(connector, settings.queueId));
}

export type TicketSettingsView = {
  settings: TicketSettings;
  saved: boolean;
  updatedAt: Date | null;
  connection: { provider: PsaProvider } | null;
  stale: StaleValue[];
  /** Set when the PSA could not be asked whether the saved values still exist. */
  staleCheckError: string | null;
  /** The companies customers are mapped to, by name: the test ticket dialog offers them first (the first is preselected). */
  testCompanies: { id: string; name: string; customers: string[] }[];
};

/** What the page shows: the settings, the connection's provider and the saved values the PSA no longer has. */
export async function getTicketSettingsView(db: DbOrTx, partnerId: string, options: PsaConnectorOptions = {}): Promise<TicketSettingsView> {
  const { saved, updatedAt, ...settings } = await getTicketSettings(db, partnerId);
  const connection = await getConnectionRow(db, partnerId);
  const view: TicketSettingsView = {
    settings,
    saved,
    updatedAt,
    connection: connection ? { provider: connection.provider } : null,
    stale: [],
    staleCheckError: null,
    testCompanies: await listMappedCompanies(db, { partnerId }),
  };
  if (!connection || !saved) return view;
  try {
    const connector = await requireConnector(db, partnerId, options);
    view.stale = await checkSettingsAgainstPsa(connector, settings);
  } catch (err) {
    if (!isPsaError(err)) throw err;
    view.staleCheckError = psaFailureMessage(err, "be asked whether the saved values still exist");
  }
  return view;
}

export type TicketOptions = {
  provider: PsaProvider;
  queues: PsaRef[];
  priorities: PsaRef[];
  /** Autotask: every ticket status; ConnectWise: the statuses of `queueId` (empty without one). */
  statuses: PsaRef[];
  statusesForQueueId: string | null;
  companies: PsaCompany[];
};

/**
 * The lists the form picks from, retrieved from the PSA. `refresh` drops the connection's
 * metadata cache first, so "Retrieve" shows what the PSA has now.
 */
export async function loadTicketOptions(
  db: DbOrTx,
  partnerId: string,
  input: { queueId?: string | null; refresh?: boolean },
  options: PsaConnectorOptions = {},
): Promise<TicketOptions> {
  const connection = await getConnectionRow(db, partnerId);
  if (!connection) throw new AppError("BAD_REQUEST", CONNECT_FIRST);
  if (input.refresh) {
    clearConnectionCache(connection.id);
    clearAutotaskConnectionCache(connection.id);
  }
  const connector = await requireConnector(db, partnerId, options);
  const queueId = input.queueId?.trim() || null;
  try {
    const [lists, companies] = await Promise.all([listsFor(connector, queueId), connector.searchCompanies({ limit: 100 })]);
    return { ...lists, statusesForQueueId: connector.provider === "connectwise" ? queueId : null, companies };
  } catch (err) {
    if (!isPsaError(err)) throw err;
    throw new AppError("BAD_REQUEST", psaFailureMessage(err, "return the lists"));
  }
}

function invalid(problems: FieldProblem[], provider: PsaProvider | null): AppError {
  const first = problems[0]!;
  return new AppError("BAD_REQUEST", `${fieldLabel(first.field, provider)}: ${first.message}`, { field: first.field, problems });
}

/**
 * Save (admins): the rules in rules.ts, then — with a queue/board mapped — every chosen id is
 * checked against the PSA (ConnectWise statuses must belong to the chosen board); names are
 * taken from the PSA's lists. "Do not map" (queue null) saves with ticketing off.
 */
export async function saveTicketSettings(
  db: DbOrTx,
  ctx: { partnerId: string; userId: string },
  input: TicketSettingsInput,
  options: PsaConnectorOptions = {},
): Promise<TicketSettingsView> {
  const connection = await getConnectionRow(db, ctx.partnerId);
  const provider = connection?.provider ?? null;
  const problems = validateTicketSettings(input, provider);
  if (problems.length > 0) throw invalid(problems, provider);

  const usesPsa =
    input.queueId !== null ||
    input.defaultPriorityId !== null ||
    input.digestQueueId !== null ||
    input.digestPriorityId !== null ||
    Object.values(input.alertMapping).some((r) => r.queueId !== null || r.priorityId !== null);
  let settings = withNames(input, null);
  if (usesPsa) {
    if (!connection) throw new AppError("BAD_REQUEST", CONNECT_FIRST);
    const connector = await requireConnector(db, ctx.partnerId, options);
    let lists: PsaLists;
    try {
      lists = await listsFor(connector, input.queueId);
    } catch (err) {
      if (!isPsaError(err)) throw err;
      throw new AppError("BAD_REQUEST", psaFailureMessage(err, "check the chosen values"));
    }
    settings = withNames(input, lists);
    const against = problemsAgainstPsa(settings, lists);
    if (against.length > 0) throw invalid(against, connector.provider);
  }
  await upsertTicketSettings(db, { partnerId: ctx.partnerId, userId: ctx.userId, values: settings });
  return getTicketSettingsView(db, ctx.partnerId, options);
}
