import { z } from "zod";

import type { AlertMappingRow } from "~/db/schema/tickets";
import type { PsaProvider, PsaRef } from "~/server/psa/types";

/**
 * Ticket settings: the input schema, the defaults, and the rules a save must pass. Pure — no
 * database, no PSA — so every rule is unit tested. Ids are the PSA's; names are a display cache.
 */

export const SEVERITIES = ["ok", "warning", "error"] as const;
export type Severity = (typeof SEVERITIES)[number];
export type AlertMapping = Record<Severity, AlertMappingRow>;

export type TicketSettings = {
  subjectPrefix: string;
  /** Autotask queue / ConnectWise board; null = "Do not map" (ticketing off). */
  queueId: string | null;
  queueName: string | null;
  defaultPriorityId: string | null;
  defaultPriorityName: string | null;
  newStatusId: string | null;
  newStatusName: string | null;
  completedStatusId: string | null;
  completedStatusName: string | null;
  alertMapping: AlertMapping;
  digestEnabled: boolean;
  digestPriorityId: string | null;
  digestPriorityName: string | null;
  digestQueueId: string | null;
  digestQueueName: string | null;
  digestHour: number;
  reopenWindowHours: number;
};

export const DEFAULT_DUE_DAYS: Record<Severity, number> = { ok: 5, warning: 3, error: 1 };

export function defaultTicketSettings(): TicketSettings {
  const row = (severity: Severity): AlertMappingRow => ({ priorityId: null, priorityName: null, queueId: null, queueName: null, dueDays: DEFAULT_DUE_DAYS[severity] });
  return {
    subjectPrefix: "",
    queueId: null,
    queueName: null,
    defaultPriorityId: null,
    defaultPriorityName: null,
    newStatusId: null,
    newStatusName: null,
    completedStatusId: null,
    completedStatusName: null,
    alertMapping: { ok: row("ok"), warning: row("warning"), error: row("error") },
    digestEnabled: false,
    digestPriorityId: null,
    digestPriorityName: null,
    digestQueueId: null,
    digestQueueName: null,
    digestHour: 7,
    reopenWindowHours: 24,
  };
}

/** A PSA id picked from a list: blank means "none". */
const psaId = z
  .string()
  .trim()
  .max(64, "That id is too long.")
  .nullish()
  .transform((v) => (v ? v : null));

const alertRowSchema = z.object({
  priorityId: psaId,
  queueId: psaId,
  dueDays: z
    .number({ error: "Days until due must be a whole number from 0 to 365." })
    .int("Days until due must be a whole number from 0 to 365.")
    .min(0, "Days until due must be a whole number from 0 to 365.")
    .max(365, "Days until due must be a whole number from 0 to 365."),
});

export const ticketSettingsInputSchema = z.object({
  subjectPrefix: z.string().trim().max(40, "The subject prefix can be at most 40 characters."),
  queueId: psaId,
  defaultPriorityId: psaId,
  newStatusId: psaId,
  completedStatusId: psaId,
  alertMapping: z.object({ ok: alertRowSchema, warning: alertRowSchema, error: alertRowSchema }),
  digestEnabled: z.boolean(),
  digestPriorityId: psaId,
  digestQueueId: psaId,
  digestHour: z
    .number({ error: "The digest hour must be a whole hour from 0 to 23." })
    .int("The digest hour must be a whole hour from 0 to 23.")
    .min(0, "The digest hour must be a whole hour from 0 to 23.")
    .max(23, "The digest hour must be a whole hour from 0 to 23."),
  reopenWindowHours: z
    .number({ error: "The reopen window must be a whole number of hours from 1 to 720." })
    .int("The reopen window must be a whole number of hours from 1 to 720.")
    .min(1, "The reopen window must be a whole number of hours from 1 to 720.")
    .max(720, "The reopen window must be a whole number of hours from 1 to 720."),
});
export type TicketSettingsInput = z.output<typeof ticketSettingsInputSchema>;

export type FieldProblem = { field: string; message: string };

export const queueWord = (provider: PsaProvider | null) => (provider === "connectwise" ? "board" : "queue");
export const providerLabel = (provider: PsaProvider) => (provider === "connectwise" ? "ConnectWise" : "Autotask");

/** Rules that need no PSA: what must be chosen once a queue/board is mapped, and the digest's target. */
export function validateTicketSettings(input: TicketSettingsInput, provider: PsaProvider | null): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const word = queueWord(provider);
  if (input.queueId !== null) {
    if (!input.defaultPriorityId) problems.push({ field: "defaultPriorityId", message: "Choose the default priority." });
    if (!input.newStatusId) problems.push({ field: "newStatusId", message: "Choose the status for new tickets." });
    if (!input.completedStatusId) problems.push({ field: "completedStatusId", message: "Choose the status for completed tickets." });
    if (input.newStatusId && input.newStatusId === input.completedStatusId) {
      problems.push({ field: "completedStatusId", message: "The status for completed tickets must differ from the status for new tickets." });
    }
  }
  if (input.digestEnabled && !(input.digestQueueId ?? input.queueId)) {
    problems.push({ field: "digestQueueId", message: `Choose a ${word} for the daily digest, or map a ${word} above.` });
  }
  return problems;
}

/**
 * Where a ticket of this severity goes: the alert-mapping row, falling back to the mapped
 * queue/board and the default priority. Null when ticketing is off ("Do not map").
 */
export function alertTarget(settings: TicketSettings, severity: Severity): { queueId: string; priorityId: string | null; dueDays: number } | null {
  if (!settings.queueId) return null;
  const row = settings.alertMapping[severity];
  return { queueId: row.queueId ?? settings.queueId, priorityId: row.priorityId ?? settings.defaultPriorityId, dueDays: row.dueDays };
}

/** A saved value the PSA no longer has (or has switched off), flagged on the page. */
export type StaleValue = { field: string; id: string; name: string | null; problem: "missing" | "inactive"; message: string };

export type PsaLists = {
  provider: PsaProvider;
  queues: PsaRef[];
  priorities: PsaRef[];
  /** Autotask: the ticket statuses; ConnectWise: the statuses of the mapped board (empty when the board is gone). */
  statuses: PsaRef[];
};

/** Compares every saved id with the PSA's lists. */
export function findStaleValues(settings: TicketSettings, lists: PsaLists): StaleValue[] {
  const psa = providerLabel(lists.provider);
  const word = queueWord(lists.provider);
  const stale: StaleValue[] = [];
  const check = (field: string, id: string | null, name: string | null | undefined, list: PsaRef[], what: string) => {
    if (!id) return;
    const found = list.find((r) => r.id === id);
    const shown = name ?? found?.name ?? null;
    if (!found) stale.push({ field, id, name: shown, problem: "missing", message: `This ${what} no longer exists in ${psa} — pick another.` });
    else if (!found.isActive) stale.push({ field, id, name: shown, problem: "inactive", message: `This ${what} is inactive in ${psa} — pick another.` });
  };
  const statusWhat = lists.provider === "connectwise" ? `status (on the chosen ${word})` : "status";
  check("queueId", settings.queueId, settings.queueName, lists.queues, word);
  check("defaultPriorityId", settings.defaultPriorityId, settings.defaultPriorityName, lists.priorities, "priority");
  check("newStatusId", settings.newStatusId, settings.newStatusName, lists.statuses, statusWhat);
  check("completedStatusId", settings.completedStatusId, settings.completedStatusName, lists.statuses, statusWhat);
  for (const severity of SEVERITIES) {
    const row = settings.alertMapping[severity];
    check(`alertMapping.${severity}.priorityId`, row.priorityId, row.priorityName, lists.priorities, "priority");
    check(`alertMapping.${severity}.queueId`, row.queueId, row.queueName, lists.queues, word);
  }
  check("digestPriorityId", settings.digestPriorityId, settings.digestPriorityName, lists.priorities, "priority");
  check("digestQueueId", settings.digestQueueId, settings.digestQueueName, lists.queues, word);
  return stale;
}

/** The settings a save stores: the input with every name taken from the PSA's lists. */
export function withNames(input: TicketSettingsInput, lists: Pick<PsaLists, "queues" | "priorities" | "statuses"> | null): TicketSettings {
  const nameIn = (list: PsaRef[] | undefined, id: string | null) => (id ? (list?.find((r) => r.id === id)?.name ?? null) : null);
  const row = (severity: Severity): AlertMappingRow => {
    const r = input.alertMapping[severity];
    return { priorityId: r.priorityId, priorityName: nameIn(lists?.priorities, r.priorityId), queueId: r.queueId, queueName: nameIn(lists?.queues, r.queueId), dueDays: r.dueDays };
  };
  return {
    subjectPrefix: input.subjectPrefix,
    queueId: input.queueId,
    queueName: nameIn(lists?.queues, input.queueId),
    defaultPriorityId: input.defaultPriorityId,
    defaultPriorityName: nameIn(lists?.priorities, input.defaultPriorityId),
    newStatusId: input.newStatusId,
    newStatusName: nameIn(lists?.statuses, input.newStatusId),
    completedStatusId: input.completedStatusId,
    completedStatusName: nameIn(lists?.statuses, input.completedStatusId),
    alertMapping: { ok: row("ok"), warning: row("warning"), error: row("error") },
    digestEnabled: input.digestEnabled,
    digestPriorityId: input.digestPriorityId,
    digestPriorityName: nameIn(lists?.priorities, input.digestPriorityId),
    digestQueueId: input.digestQueueId,
    digestQueueName: nameIn(lists?.queues, input.digestQueueId),
    digestHour: input.digestHour,
    reopenWindowHours: input.reopenWindowHours,
  };
}

/**
 * At save time every chosen id must exist and be active in the PSA — on ConnectWise the two
 * statuses must belong to the chosen board. Reuses the stale check, worded for a form.
 */
export function problemsAgainstPsa(settings: TicketSettings, lists: PsaLists): FieldProblem[] {
  const psa = providerLabel(lists.provider);
  return findStaleValues(settings, lists).map((s) => {
    const status = s.field === "newStatusId" || s.field === "completedStatusId";
    if (status && lists.provider === "connectwise" && s.problem === "missing") {
      return { field: s.field, message: `This status does not belong to the chosen board in ConnectWise — pick one of the board's statuses.` };
    }
    return { field: s.field, message: s.problem === "missing" ? `This value does not exist in ${psa} — retrieve the lists and pick again.` : s.message };
  });
}

const SEVERITY_LABEL: Record<Severity, string> = { ok: "Success", warning: "Warning", error: "Error" };

/** The form's name for a settings field, so an error names it ("Alert mapping, Error: priority"). */
export function fieldLabel(field: string, provider: PsaProvider | null): string {
  const word = queueWord(provider);
  const Word = word === "board" ? "Board" : "Queue";
  const alert = /^alertMapping\.(ok|warning|error)\.(priorityId|queueId|dueDays)$/.exec(field);
  if (alert) {
    const column = alert[2] === "priorityId" ? "priority" : alert[2] === "queueId" ? word : "days until due";
    return `Alert mapping, ${SEVERITY_LABEL[alert[1] as Severity]}: ${column}`;
  }
  const labels: Record<string, string> = {
    subjectPrefix: "Subject prefix",
    queueId: Word,
    defaultPriorityId: "Default priority",
    newStatusId: "Status for new tickets",
    completedStatusId: "Status for completed tickets",
    digestPriorityId: "Daily digest priority",
    digestQueueId: `Daily digest ${word}`,
    digestHour: "Daily digest hour",
    reopenWindowHours: "Reopen window",
  };
  return labels[field] ?? field;
}
