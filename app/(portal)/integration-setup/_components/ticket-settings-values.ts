import type { RouterInputs, RouterOutputs } from "~/components/trpc/types";

/** Form state of the Ticket settings section: ids as strings ("" = none), numbers as typed. */
export type TicketSettingsView = RouterOutputs["ticketSettings"]["get"];
export type TicketOptions = RouterOutputs["ticketSettings"]["options"];
export type TicketSettingsInput = RouterInputs["ticketSettings"]["save"];
export type Ref = TicketOptions["queues"][number];
export type StaleValue = TicketSettingsView["stale"][number];
export type Severity = "ok" | "warning" | "error";

export const SEVERITY_ROWS: { key: Severity; label: string }[] = [
  { key: "ok", label: "Success" },
  { key: "warning", label: "Warning" },
  { key: "error", label: "Error" },
];

type RowValues = { priorityId: string; queueId: string; dueDays: string };
export type Values = {
  subjectPrefix: string;
  queueId: string;
  defaultPriorityId: string;
  newStatusId: string;
  completedStatusId: string;
  alertMapping: Record<Severity, RowValues>;
  digestEnabled: boolean;
  digestPriorityId: string;
  digestQueueId: string;
  digestHour: string;
  reopenWindowHours: string;
};

export function valuesOf(settings: TicketSettingsView["settings"]): Values {
  const row = (s: Severity): RowValues => {
    const r = settings.alertMapping[s];
    return { priorityId: r.priorityId ?? "", queueId: r.queueId ?? "", dueDays: String(r.dueDays) };
  };
  return {
    subjectPrefix: settings.subjectPrefix,
    queueId: settings.queueId ?? "",
    defaultPriorityId: settings.defaultPriorityId ?? "",
    newStatusId: settings.newStatusId ?? "",
    completedStatusId: settings.completedStatusId ?? "",
    alertMapping: { ok: row("ok"), warning: row("warning"), error: row("error") },
    digestEnabled: settings.digestEnabled,
    digestPriorityId: settings.digestPriorityId ?? "",
    digestQueueId: settings.digestQueueId ?? "",
    digestHour: String(settings.digestHour),
    reopenWindowHours: String(settings.reopenWindowHours),
  };
}

const id = (v: string) => (v.trim() ? v.trim() : null);
const num = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));

export function toInput(v: Values): TicketSettingsInput {
  const row = (s: Severity) => ({ priorityId: id(v.alertMapping[s].priorityId), queueId: id(v.alertMapping[s].queueId), dueDays: num(v.alertMapping[s].dueDays) });
  return {
    subjectPrefix: v.subjectPrefix,
    queueId: id(v.queueId),
    defaultPriorityId: id(v.defaultPriorityId),
    newStatusId: id(v.newStatusId),
    completedStatusId: id(v.completedStatusId),
    alertMapping: { ok: row("ok"), warning: row("warning"), error: row("error") },
    digestEnabled: v.digestEnabled,
    digestPriorityId: id(v.digestPriorityId),
    digestQueueId: id(v.digestQueueId),
    digestHour: num(v.digestHour),
    reopenWindowHours: num(v.reopenWindowHours),
  };
}

/** Names of the saved ids, so a select shows the saved value before the lists are retrieved. */
export function savedNames(settings: TicketSettingsView["settings"]): Map<string, string> {
  const names = new Map<string, string>();
  const add = (field: string, name: string | null | undefined) => {
    if (name) names.set(field, name);
  };
  add("queueId", settings.queueName);
  add("defaultPriorityId", settings.defaultPriorityName);
  add("newStatusId", settings.newStatusName);
  add("completedStatusId", settings.completedStatusName);
  add("digestPriorityId", settings.digestPriorityName);
  add("digestQueueId", settings.digestQueueName);
  for (const { key } of SEVERITY_ROWS) {
    add(`alertMapping.${key}.priorityId`, settings.alertMapping[key].priorityName);
    add(`alertMapping.${key}.queueId`, settings.alertMapping[key].queueName);
  }
  return names;
}

export const PSA_NAME = { autotask: "Autotask", connectwise: "ConnectWise" } as const;
export const hourLabel = (h: number) => `${String(h).padStart(2, "0")}:00`;
