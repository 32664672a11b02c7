import { connectionInputSchema } from "~/server/services/psa-connections/schemas";
import { getConnectionView, removeConnection, testAndSaveConnection } from "~/server/services/psa-connections/service";

import { adminProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

export const integrationRouter = createTRPCRouter({
  /** The partner's PSA connection as the form shows it (never a secret), and whether the user may change it. */
  get: partnerProcedure.query(async ({ ctx }) => ({
    connection: await getConnectionView(ctx.db, ctx.partner.id),
    canEdit: ctx.user.role === "admin",
  })),

  /** Test and Save: tries the credentials against the PSA and saves them only when they work. */
  testAndSave: adminProcedure
    .input(connectionInputSchema)
    .mutation(({ ctx, input }) => testAndSaveConnection(ctx.db, { partnerId: ctx.partner.id, userId: ctx.user.id }, input)),

  /** Removes the connection (the form asks for confirmation first). */
  remove: adminProcedure.mutation(({ ctx }) => removeConnection(ctx.db, ctx.partner.id)),
});
