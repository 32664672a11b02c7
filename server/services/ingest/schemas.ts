import { z } from "zod";

import { ingestWindow, occurredAtProblem, periodProblem } from "./limits";

/**
 * The ingest API's request schemas — the single source of the validation rules and of the
 * OpenAPI document (openapi.ts turns them into JSON Schema), so the two cannot drift.
 * Unknown fields are ignored.
 */
export const MAX_BATCH = 1000;
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
export const MAX_DETAILS_BYTES = 16 * 1024;
/** Levels of objects/arrays in an event's details (the details object itself is level 1). */
export const MAX_DETAILS_DEPTH = 16;
export const MAX_MESSAGE_CHARS = 2000;
export const EVENT_TYPE_RE = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
/** numeric(18,4) holds up to 10^14 - 1 (quantities are stored rounded to 4 decimal places). */
export const MAX_QUANTITY = 99_999_999_999_999;

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or unpaired surrogates, so they are refused up
 * front with a clear message instead of failing the insert.
 */
const BAD_TEXT_RE = /\u0000|\p{Cs}/u;
const BAD_TEXT_MESSAGE = "Must be valid Unicode text without NUL (\\u0000) characters.";
const NO_NUL = [(v: string) => !BAD_TEXT_RE.test(v), BAD_TEXT_MESSAGE] as const;

/** Call only on values whose depth is bounded (see nestedDeeperThan). */
function containsBadText(value: unknown): boolean {
  if (typeof value === "string") return BAD_TEXT_RE.test(value);
  if (Array.isArray(value)) return value.some(containsBadText);
  if (value && typeof value === "object") {
    return Object.entries(value).some(([k, v]) => BAD_TEXT_RE.test(k) || containsBadText(v));
  }
  return false;
}

/**
 * Whether a parsed JSON value nests objects/arrays deeper than `max` levels. Iterative, so a
 * body nested 100,000 levels deep (JSON.parse accepts it) is measured without overflowing the
 * stack — JSON.stringify, PostgreSQL's jsonb and recursive checks all fail on such values.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** A short, safe rendering of a rejected value for an error message. */
function shown(value: unknown): string {
  if (typeof value !== "string") return `a ${value === null ? "null" : Array.isArray(value) ? "array" : typeof value}`;
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

const required = (what: string) => (iss: { input: unknown }) =>
  iss.input === undefined ? `Required: ${what}.` : `Must be ${what}.`;

const idString = (what: string, max: number) =>
  z
    .string({ error: required(`${what} (a string)`) })
    .min(1, `${what} must not be empty.`)
    .max(max, `${what} must be at most ${max} characters.`)
    .refine(...NO_NUL);

const vendorCustomerId = idString("the vendor customer id", 64);
const accountNumber = idString("the account number", 64);

const displayName = (what: string) =>
  z
    .string({ error: required(`${what} (a string)`) })
    .trim()
    .min(1, `${what} must not be empty.`)
    .max(200, `${what} must be at most 200 characters.`)
    .refine(...NO_NUL);

const DOMAIN_RE = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

export const customerSchema = z
  .object({
    id: vendorCustomerId.describe("The vendor's customer id (your key for the customer)."),
    name: displayName("the customer name"),
    domain: z
      .string({ error: required("a domain name such as example.com, or null") })
      .trim()
      .toLowerCase()
      .regex(DOMAIN_RE, "Must be a domain name such as example.com.")
      .nullable()
      .optional()
      .describe("E-mail/web domain, used to suggest PSA matches. Omit to keep the stored value; null clears it."),
  })
  .meta({ id: "Customer" });

export const ACCOUNT_KINDS = ["server", "workstation", "mailbox_set", "appliance"] as const;
export const SEVERITIES = ["ok", "warning", "error"] as const;

export const accountSchema = z
  .object({
    accountNumber: accountNumber.describe("The account number (unique per partner)."),
    customerId: vendorCustomerId.describe("The vendor customer id the account belongs to (PUT /api/v1/customers first)."),
    kind: z.enum(ACCOUNT_KINDS, { error: required(`one of ${ACCOUNT_KINDS.join(", ")}`) }),
    name: displayName("the account name")
      .nullable()
      .optional()
      .describe("Display name. Omit to keep the stored value; null clears it."),
  })
  .meta({ id: "Account" });

export const eventSchema = z
  .object({
    id: idString("the vendor event id", 128).describe(
      "The vendor's event id. A request repeating an id already received is acknowledged as a duplicate and not applied again.",
    ),
    accountNumber: accountNumber.describe("The account the event is about (PUT /api/v1/accounts first)."),
    type: z
      .string({ error: required("the event type (a string)") })
      .regex(EVENT_TYPE_RE, "Must be a lower-case slug: a-z, 0-9, then up to 63 of a-z 0-9 _ . - (e.g. backup.failed).")
      .describe("Event type slug, e.g. backup or backup.job."),
    severity: z.enum(SEVERITIES, { error: required(`one of ${SEVERITIES.join(", ")}`) }),
    occurredAt: z.iso
      .datetime({
        offset: true,
        abort: true, // the window check below needs a valid date-time
        error: required("an ISO 8601 date-time with an offset, e.g. 2026-03-01T10:15:00Z or 2026-03-01T11:15:00+01:00"),
      })
      .superRefine((v, ctx) => {
        const problem = occurredAtProblem(v, ingestWindow());
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .describe("When it happened: ISO 8601 with Z or an offset. Must lie in the accepted window (see the API description)."),
    message: z
      .string({ error: required("a string or null") })
      .max(MAX_MESSAGE_CHARS, `Must be at most ${MAX_MESSAGE_CHARS} characters.`)
      .refine(...NO_NUL)
      .nullable()
      .optional(),
    details: z
      .preprocess(
        (v, ctx) => {
          // zod drops a top-level "__proto__" key when it copies the object; refuse it rather than lose it.
          if (v && typeof v === "object" && Object.hasOwn(v, "__proto__")) {
            ctx.addIssue({ code: "custom", message: 'The key "__proto__" is not accepted at the top level of details.', input: v });
          }
          return v;
        },
        z.record(z.string(), z.unknown(), { error: required("a JSON object") }),
      )
      .superRefine((v, ctx) => {
        if (nestedDeeperThan(v, MAX_DETAILS_DEPTH)) {
          ctx.addIssue({ code: "custom", message: `Must nest objects and arrays at most ${MAX_DETAILS_DEPTH} levels deep (details itself is level 1).` });
        } else if (Buffer.byteLength(JSON.stringify(v), "utf8") > MAX_DETAILS_BYTES) {
          ctx.addIssue({ code: "custom", message: `Must be at most ${MAX_DETAILS_BYTES / 1024} KB when serialized as JSON.` });
        } else if (containsBadText(v)) {
          ctx.addIssue({ code: "custom", message: "Every key and string must be valid Unicode text without NUL (\\u0000) characters." });
        }
      })
      .nullable()
      .optional()
      .describe(
        `Free-form JSON object: at most ${MAX_DETAILS_BYTES / 1024} KB serialized, nested at most ${MAX_DETAILS_DEPTH} levels deep, ` +
          "every key and string valid Unicode without NUL (\\u0000).",
      ),
  })
  .meta({ id: "Event" });

/** Usage rows. `item` must be one of the billable item codes, which are data: see usageSchema(). */
export function usageSchema(itemCodes: readonly string[]) {
  const list = itemCodes.join(", ");
  const item =
    itemCodes.length > 0
      ? z.enum(itemCodes as [string, ...string[]], {
          error: (iss) =>
            iss.input === undefined
              ? `Required: a billable item code (one of ${list}).`
              : typeof iss.input === "string"
                ? `Unknown billable item ${shown(iss.input)}. Valid codes: ${list}.`
                : `Must be a billable item code (a string), not ${shown(iss.input)}. Valid codes: ${list}.`,
        })
      : z.string().refine(() => false, "No billable items are configured on this portal.");
  return z
    .object({
      customerId: vendorCustomerId.describe("The vendor customer id."),
      accountNumber: accountNumber
        .nullable()
        .optional()
        .describe("Optional account of that customer, for per-account detail."),
      item: item.describe("Billable item code."),
      quantity: z
        .number({ error: required("a finite number") })
        .min(0, "Must be 0 or more.")
        .max(MAX_QUANTITY, `Must be at most ${MAX_QUANTITY}.`)
        .describe("Stored rounded to 4 decimal places."),
      period: z.iso
        .date({ abort: true, error: required("a real date as YYYY-MM-DD") })
        .superRefine((v, ctx) => {
          const problem = periodProblem(v, ingestWindow());
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .describe("The day the quantity was measured (YYYY-MM-DD), not in the future."),
    })
    .meta({ id: "Usage" });
}

export type CustomerInput = z.infer<typeof customerSchema>;
export type AccountInput = z.infer<typeof accountSchema>;
export type EventInput = z.infer<typeof eventSchema>;
export type UsageInput = z.infer<ReturnType<typeof usageSchema>>;

