import { z } from "zod";

import { getCustomer, listCustomerAccounts, listCustomers } from "~/db/queries/customers";
import { AppError } from "~/server/errors/app-error";

import { createTRPCRouter, partnerProcedure } from "../trpc";

const cursorSchema = z.object({
  name: z.string().max(500),
  id: z.uuid({ error: "The page position (cursor.id) is not valid." }),
});

export const customersRouter = createTRPCRouter({
  /** A page of the partner's customers by name, with account counts and the latest event. */
  list: partnerProcedure
    .input(
      z.object({
        search: z.string().trim().max(200, "Keep the search under 200 characters.").optional(),
        cursor: cursorSchema.nullish(),
        direction: z.enum(["next", "prev"]).default("next"),
        limit: z.number().int().min(1).max(100).default(25),
      }),
    )
    .query(({ ctx, input }) => listCustomers(ctx.db, { partnerId: ctx.partner.id, ...input })),

  /** One customer with its accounts; NOT_FOUND for an id that is not this partner's. */
  get: partnerProcedure
    .input(z.object({ id: z.uuid({ error: "Unknown customer id." }) }))
    .query(async ({ ctx, input }) => {
      const customer = await getCustomer(ctx.db, { partnerId: ctx.partner.id, id: input.id });
      if (!customer) throw new AppError("NOT_FOUND", "This customer does not exist. Pick one from the Customers page.");
      const accounts = await listCustomerAccounts(ctx.db, { partnerId: ctx.partner.id, customerId: customer.id });
      return { customer, accounts };
    }),
});
