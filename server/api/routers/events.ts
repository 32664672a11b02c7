import { z } from "zod";

import { getAccount, getCustomer, searchAccountOptions, searchCustomerOptions } from "~/db/queries/customers";
import {
  countNewerEvents,
  decodeEventCursor,
  eventHistogram,
  getEvent,
  listEventTypes,
  type Severity,
} from "~/db/queries/events";
import { listEventOutcomes, listOutcomeHistory } from "~/db/queries/event-outcomes";
import { AppError } from "~/server/errors/app-error";
import { listEventLogPage } from "~/server/services/events/list";
import { countReprocessable, reprocessEvent, reprocessMatching } from "~/server/services/events/reprocess";

import { createTRPCRouter, partnerProcedure } from "../trpc";
import { eventFiltersSchema, histogramWindow, resolveEventFilters } from "./event-filters";

const cursorSchema = z.string().max(64).transform((value, ctx) => {
  const cursor = decodeEventCursor(value);
  if (!cursor) {
    ctx.addIssue({ code: "custom", message: "The page position (cursor) is not valid. Reload the Event Log." });
    return z.NEVER;
  }
  return cursor;
});

const eventId = z.number({ error: "Unknown event id." }).int().positive().max(Number.MAX_SAFE_INTEGER);

/** At most this many new events are counted by the live poll ("1000+ new events"). */
const NEWER_COUNT_CAP = 1000;

export const eventsRouter = createTRPCRouter({
  /**
   * A page of the Event Log, newest first. Works as a tRPC infinite query: `direction` "forward"
   * pages to older events, "backward" to newer ones.
   */
  list: partnerProcedure
    .input(
      z.object({
        filters: eventFiltersSchema,
        cursor: cursorSchema.nullish(),
        direction: z.enum(["forward", "backward"]).default("forward"),
        limit: z.number().int().min(1).max(100).default(50),
      }),
    )
    .query(({ ctx, input }) =>
      listEventLogPage(ctx.db, {
        partnerId: ctx.partner.id,
        filters: resolveEventFilters(input.filters, ctx.partner.timeZone, new Date()),
        cursor: input.cursor,
        direction: input.direction === "backward" ? "newer" : "older",
        limit: input.limit,
      }),
    ),

  /** How many events matching the filters arrived after the given row (the live poll). */
  newerCount: partnerProcedure
    .input(z.object({ filters: eventFiltersSchema, after: cursorSchema.nullish() }))
    .query(({ ctx, input }) =>
      countNewerEvents(ctx.db, {
        partnerId: ctx.partner.id,
        filters: resolveEventFilters(input.filters, ctx.partner.timeZone, new Date()),
        after: input.after,
        cap: NEWER_COUNT_CAP,
      }),
    ),

  /** One event with its customer, account and outcomes; NOT_FOUND for an id that is not this partner's. */
  get: partnerProcedure.input(z.object({ id: eventId })).query(async ({ ctx, input }) => {
    const row = await getEvent(ctx.db, { partnerId: ctx.partner.id, id: input.id });
    if (!row) throw new AppError("NOT_FOUND", "This event does not exist. Open it from the Event Log.");
    const [outcomes, attempts] = await Promise.all([
      listEventOutcomes(ctx.db, { partnerId: ctx.partner.id, eventId: input.id }),
      listOutcomeHistory(ctx.db, { partnerId: ctx.partner.id, eventId: input.id }),
    ]);
    return { ...row, outcomes, attempts };
  }),

  /** Runs the event's notifications again (technicians may). */
  reprocess: partnerProcedure
    .input(z.object({ id: eventId }))
    .mutation(({ ctx, input }) => reprocessEvent(ctx.db, { partnerId: ctx.partner.id, eventId: input.id, userId: ctx.user.id })),

  /** How many events "Reprocess all matching" would reprocess for the filters (up to the cap). */
  reprocessCount: partnerProcedure.input(z.object({ filters: eventFiltersSchema })).query(({ ctx, input }) =>
    countReprocessable(ctx.db, {
      partnerId: ctx.partner.id,
      filters: resolveEventFilters(input.filters, ctx.partner.timeZone, new Date()),
    }),
  ),

  /** Runs the notifications of every event matching the filters again; refused above the cap. */
  reprocessMatching: partnerProcedure.input(z.object({ filters: eventFiltersSchema })).mutation(({ ctx, input }) =>
    reprocessMatching(ctx.db, {
      partnerId: ctx.partner.id,
      userId: ctx.user.id,
      filters: resolveEventFilters(input.filters, ctx.partner.timeZone, new Date()),
    }),
  ),

  /** Events per hour or day and severity for the filters, over a bounded window. */
  histogram: partnerProcedure.input(z.object({ filters: eventFiltersSchema })).query(async ({ ctx, input }) => {
    const now = new Date();
    const resolved = resolveEventFilters(input.filters, ctx.partner.timeZone, now);
    const window = histogramWindow(resolved, now);
    const { from: _from, to: _to, ...filters } = resolved;
    const rows = await eventHistogram(ctx.db, { partnerId: ctx.partner.id, filters, ...window, timeZone: ctx.partner.timeZone });
    const points = new Map<string, { bucket: string } & Record<Severity, number>>();
    for (const row of rows) {
      const point = points.get(row.bucket) ?? { bucket: row.bucket, ok: 0, warning: 0, error: 0 };
      point[row.severity] = row.count;
      points.set(row.bucket, point);
    }
    return { from: window.from, to: window.to, bucket: window.bucket, timeZone: ctx.partner.timeZone, points: [...points.values()] };
  }),

  /** Values for the filter pickers: event types, and customers/accounts narrowed by a search. */
  filterOptions: partnerProcedure
    .input(
      z
        .object({
          customerSearch: z.string().trim().max(200).optional(),
          customerId: z.uuid({ error: "customerId is not a valid customer id." }).optional(),
          accountSearch: z.string().trim().max(200).optional(),
          accountId: z.uuid({ error: "accountId is not a valid account id." }).optional(),
        })
        .default({}),
    )
    .query(async ({ ctx, input }) => {
      const partnerId = ctx.partner.id;
      const [types, customers, accounts] = await Promise.all([
        listEventTypes(ctx.db, { partnerId, max: 200 }),
        searchCustomerOptions(ctx.db, { partnerId, search: input.customerSearch, limit: 50 }),
        searchAccountOptions(ctx.db, {
          partnerId,
          customerId: input.customerId,
          search: input.accountSearch,
          limit: input.customerId ? 500 : 50,
        }),
      ]);
      // The selected customer and account stay pickable even when the search leaves them out.
      if (input.customerId && !customers.some((c) => c.id === input.customerId)) {
        const selected = await getCustomer(ctx.db, { partnerId, id: input.customerId });
        if (selected) customers.unshift({ id: selected.id, name: selected.name, vendorCustomerId: selected.vendorCustomerId });
      }
      if (input.accountId && !accounts.some((a) => a.id === input.accountId)) {
        const selected = await getAccount(ctx.db, { partnerId, id: input.accountId });
        if (selected) accounts.unshift(selected);
      }
      return { types, customers, accounts };
    }),
});
