import { z } from "zod";

import type { DbOrTx } from "~/db";
import { listEventTypes } from "~/db/queries/events";
import {
  deleteNotificationRule,
  getTicketingReadiness,
  insertNotificationRule,
  listNotificationRules,
  type NotificationRule,
  updateNotificationRule,
} from "~/db/queries/notification-rules";
import { AppError } from "~/server/errors/app-error";

import { shadowingRule } from "./match";

/**
 * Partner Notifications: the rules that decide which events open tickets ("ticket") or are
 * synchronized for billing ("billing"). Matching itself lives in ./match.ts.
 */

export const PSA_NAMES = { autotask: "Autotask", connectwise: "ConnectWise" } as const;
export type PsaProvider = keyof typeof PSA_NAMES;

/** "Open a ticket in Autotask" / "Synchronize with ConnectWise"; a generic PSA without a connection. */
export function actionLabel(action: NotificationRule["action"], provider: PsaProvider | null): string {
  const psa = provider ? PSA_NAMES[provider] : "the PSA";
  return action === "ticket" ? `Open a ticket in ${psa}` : `Synchronize with ${psa}`;
}

const eventType = z.string().trim().min(1, "eventTypes must not contain an empty type.").max(100, "eventTypes: a type must be under 100 characters.");

const ruleFields = {
  name: z.string({ error: "name is required." }).trim().min(1, "name is required.").max(120, "name must be under 120 characters."),
  action: z.enum(["ticket", "billing"], { error: 'action must be "ticket" or "billing".' }),
  allTypes: z.boolean({ error: "allTypes must be true or false." }),
  eventTypes: z.array(eventType).max(200, "eventTypes: at most 200 types."),
  severities: z
    .array(z.enum(["ok", "warning", "error"], { error: 'severities may only contain "ok", "warning" and "error".' }))
    .min(1, "severities: choose at least one severity."),
  enabled: z.boolean({ error: "enabled must be true or false." }),
};

const typesChosen = (r: { allTypes?: boolean; eventTypes?: string[] }) => r.allTypes !== false || (r.eventTypes?.length ?? 0) > 0;
const typesMessage = { message: "eventTypes: choose at least one event type, or subscribe to all types.", path: ["eventTypes"] };

/** A new rule; defaults: all types, warning and error (add "ok" to act on OK events), enabled. */
export const ruleInputSchema = z
  .object({
    name: ruleFields.name,
    action: ruleFields.action,
    allTypes: ruleFields.allTypes.default(true),
    eventTypes: ruleFields.eventTypes.default([]),
    severities: ruleFields.severities.default(["warning", "error"]),
    enabled: ruleFields.enabled.default(true),
  })
  .refine(typesChosen, typesMessage);
export type RuleInput = z.input<typeof ruleInputSchema>;

export const ruleUpdateSchema = z
  .object({
    id: z.uuid({ error: "id is not a valid rule id." }),
    name: ruleFields.name.optional(),
    action: ruleFields.action.optional(),
    allTypes: ruleFields.allTypes.optional(),
    eventTypes: ruleFields.eventTypes.optional(),
    severities: ruleFields.severities.optional(),
    enabled: ruleFields.enabled.optional(),
  })
  .refine(typesChosen, typesMessage);
export type RuleUpdate = z.input<typeof ruleUpdateSchema>;

const normalizeTypes = (types: string[] | undefined) => (types ? [...new Set(types.map((t) => t.trim()))].sort() : undefined);
const normalizeSeverities = <S extends string>(s: S[] | undefined) =>
  s ? (["ok", "warning", "error"] as const).filter((x) => (s as string[]).includes(x)) : undefined;

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError("BAD_REQUEST", result.error.issues.map((i) => i.message).join(" "));
  return result.data;
}

const notFound = () => new AppError("NOT_FOUND", "This notification rule does not exist. Reload the Partner Notifications page.");

export async function createRule(db: DbOrTx, partnerId: string, input: RuleInput) {
  const values = parse(ruleInputSchema, input);
  return insertNotificationRule(db, {
    partnerId,
    values: {
      ...values,
      // With all types the list is kept empty, so switching back to "chosen types" starts clean.
      eventTypes: values.allTypes ? [] : normalizeTypes(values.eventTypes)!,
      severities: normalizeSeverities(values.severities)!,
    },
  });
}

export async function updateRule(db: DbOrTx, partnerId: string, input: RuleUpdate) {
  const { id, ...values } = parse(ruleUpdateSchema, input);
  const patch = {
    ...values,
    eventTypes: values.allTypes === true ? [] : normalizeTypes(values.eventTypes),
    severities: normalizeSeverities(values.severities),
  };
  for (const key of Object.keys(patch) as (keyof typeof patch)[]) if (patch[key] === undefined) delete patch[key];
  const row = await updateNotificationRule(db, { partnerId, id, values: patch });
  if (!row) throw notFound();
  return row;
}

export async function setRuleEnabled(db: DbOrTx, partnerId: string, input: { id: string; enabled: boolean }) {
  return updateRule(db, partnerId, { id: input.id, enabled: input.enabled });
}

export async function deleteRule(db: DbOrTx, partnerId: string, id: string) {
  if (!(await deleteNotificationRule(db, { partnerId, id }))) throw notFound();
}

export type TicketingReadiness = {
  provider: PsaProvider | null;
  psaName: string | null;
  queueName: string | null;
  queueMapped: boolean;
  hasTicketRule: boolean;
  /** Why tickets will not be opened; empty when ticketing can happen. */
  problems: string[];
};

/** Ticketing happens only with a PSA connection, a mapped queue/board and an enabled "Open a ticket" rule. */
export function ticketingProblems(input: { provider: PsaProvider | null; queueMapped: boolean; hasTicketRule: boolean }): string[] {
  if (!input.provider) return ["No PSA is connected — tickets will not be opened until you connect one on Integration Setup."];
  const problems: string[] = [];
  if (!input.queueMapped) {
    problems.push("No queue/board is mapped — tickets will not be opened until you pick one on Integration Setup.");
  }
  if (!input.hasTicketRule) {
    problems.push(`No 'Open a ticket' rule — tickets will not be opened until you create or switch on a rule "${actionLabel("ticket", input.provider)}".`);
  }
  return problems;
}

/** The page's data: the rules, the event types seen so far, and whether ticketing can happen. */
export async function listRules(db: DbOrTx, partnerId: string) {
  const [rules, readiness, knownTypes] = await Promise.all([
    listNotificationRules(db, { partnerId }),
    getTicketingReadiness(db, { partnerId }),
    listEventTypes(db, { partnerId, max: 200 }),
  ]);
  const provider = readiness.provider;
  const queueMapped = readiness.queueId !== null;
  const hasTicketRule = rules.some((r) => r.enabled && r.action === "ticket");
  const ticketing: TicketingReadiness = {
    provider,
    psaName: provider ? PSA_NAMES[provider] : null,
    queueName: readiness.queueName,
    queueMapped,
    hasTicketRule,
    problems: ticketingProblems({ provider, queueMapped, hasTicketRule }),
  };
  // Rules act in list order (oldest first): say which earlier rule wins over a rule that can never act.
  const withPrecedence = rules.map((rule) => {
    const by = shadowingRule(rule, rules);
    return { ...rule, shadowedBy: by ? { id: by.id, name: by.name } : null };
  });
  return { rules: withPrecedence, knownTypes, ticketing };
}
