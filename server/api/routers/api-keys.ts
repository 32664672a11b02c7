import { z } from "zod";

import { createApiKey, listApiKeys, revokeApiKey } from "~/server/services/api-keys/service";

import { adminProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

export const apiKeysRouter = createTRPCRouter({
  /** The partner's ingest API keys (prefix, name, dates); never the key or its hash. */
  list: partnerProcedure.query(({ ctx }) => listApiKeys(ctx.db, { partnerId: ctx.partner.id })),

  /** Creates a key and returns it once; only its hash is stored. */
  create: adminProcedure
    .input(z.object({ name: z.string().trim().min(1, "Give the key a name.").max(100, "Keep the name under 100 characters.") }))
    .mutation(({ ctx, input }) =>
      createApiKey(ctx.db, { partnerId: ctx.partner.id, name: input.name, createdByUserId: ctx.user.id }),
    ),

  /** Revokes a key at once; the vendor platform gets 401 with it from then on. */
  revoke: adminProcedure
    .input(z.object({ id: z.uuid({ error: "Unknown API key id." }) }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, { partnerId: ctx.partner.id, id: input.id })),
});
